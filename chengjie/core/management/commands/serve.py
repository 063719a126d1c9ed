"""`chengjie serve`: gunicorn (a production WSGI server, static files through WhiteNoise) and the task
worker beside it, for the embedded install. At scale run `gunicorn config.wsgi` and `chengjie worker`
as separate services instead (README)."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动生产级 Web 服务（gunicorn）并在旁运行后台任务进程。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("CHENGJIE_WEB_WORKERS", "2")))
        parser.add_argument("--no-worker", action="store_true", help="不在旁运行后台任务进程")

    def handle(self, *args, bind, web_workers, no_worker, **options):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
        children = [subprocess.Popen([
            sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", bind,
            "--workers", str(web_workers), "--threads", "4", "--timeout", "60", "--graceful-timeout", "20",
            "--access-logfile", "-", "--forwarded-allow-ips", ",".join(settings.TRUSTED_PROXIES) or "127.0.0.1",
        ], env=env)]
        if not no_worker:
            children.append(subprocess.Popen([sys.executable, "-m", "chengjie.cli", "worker"], env=env))
        self.stdout.write(f"chengjie 已启动：http://{bind}/（按 Ctrl+C 停止）")

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            # If either process dies, stop the other so a supervisor sees the failure.
            while all(child.poll() is None for child in children):
                time.sleep(1)
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=25)
                except subprocess.TimeoutExpired:
                    child.kill()
        sys.exit(max((child.returncode or 0) for child in children))
