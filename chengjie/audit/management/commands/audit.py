from django.core.management.base import BaseCommand, CommandError

from chengjie.audit.selectors import audit_verify


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链，发现被修改或删除的记录时以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        checked, broken = audit_verify()
        if broken is not None:
            raise CommandError(f"审计链在第 {broken.seq} 条记录处断裂：{broken.reason}（此前 {checked} 条校验通过）")
        self.stdout.write(f"审计链完整：{checked} 条记录校验通过。")
