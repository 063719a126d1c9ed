"""Local fake servers the channel tests send to: an SMTP server (aiosmtpd) and an HTTP server that
plays a 钉钉 / 企业微信 robot or an SMS gateway. Both listen on 127.0.0.1 at a random port and record
exactly what arrived."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A port nothing listens on (for "connection refused")."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeSMTP:
    def __init__(self):
        self.messages = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                              "message": message_from_bytes(envelope.original_content.replace(b"\r\n", b"\n"), policy=policy.default)})
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict


class FakeHTTP:
    """Answers each POST with the next scripted reply (status, JSON), then with `default`."""

    def __init__(self, *, default=(200, {"errcode": 0, "errmsg": "ok"}), delay: float = 0):
        self.received: list[Received] = []
        self.replies: list[tuple[int, object]] = []
        self.default = default
        self.delay = delay
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                parts = urlsplit(self.path)
                request = Received(path=parts.path, query={k: v[0] for k, v in parse_qs(parts.query).items()},
                                   headers={k.lower(): v for k, v in self.headers.items()},
                                   body=json.loads(raw) if raw else {})
                if fake.delay:
                    time.sleep(fake.delay)
                status, payload = fake.answer(request)
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def answer(self, request: Received):
        with self.lock:
            self.received.append(request)
            return self.replies.pop(0) if self.replies else self.default

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class FakeDingTalk(FakeHTTP):
    """A 钉钉 robot with 加签 on: refuses a request whose sign does not match, as the real one does."""

    def __init__(self, *, secret: str, **kwargs):
        super().__init__(**kwargs)
        self.secret = secret

    def answer(self, request: Received):
        timestamp = request.query.get("timestamp", "")
        expected = base64.b64encode(hmac.new(self.secret.encode(), f"{timestamp}\n{self.secret}".encode(),
                                             hashlib.sha256).digest()).decode()
        # parse_qs has already URL-decoded the sign once, as the robot does.
        fresh = timestamp.isdigit() and abs(time.time() * 1000 - int(timestamp)) < 3600 * 1000
        if not fresh or not hmac.compare_digest(request.query.get("sign", ""), expected):
            with self.lock:
                self.received.append(request)
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        return super().answer(request)
