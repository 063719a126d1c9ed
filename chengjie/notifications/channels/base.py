"""What every outside channel shares: the message it is given, the one error it raises, and a JSON POST
that never leaks a robot's access token into the error text."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

# Short, so a dead robot or gateway never holds a worker for long; the retry sweep tries again later.
HTTP_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class OutgoingMessage:
    subject: str
    text: str


class ChannelError(Exception):
    """A send that did not go through. `permanent` means trying again cannot help (no gateway set up)."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.message = message
        self.permanent = permanent


def truncate_bytes(text: str, limit: int) -> str:
    """Robots count their limits in UTF-8 bytes (企业微信 text: 2048); cut on a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - len("…".encode())].decode("utf-8", errors="ignore") + "…"


def webhook_host_allowed(host: str) -> bool:
    """A robot host is allowed when it is, or is a subdomain of, a host in WEBHOOK_ALLOWED_HOSTS."""
    host = host.lower().rstrip(".")
    return any(host == allowed or host.endswith("." + allowed)
               for allowed in (entry.lower() for entry in settings.WEBHOOK_ALLOWED_HOSTS))


def post_webhook(url: str, payload: dict) -> requests.Response:
    """POST to a user-supplied robot address, checked again at send time: the allowed list may have
    shrunk since the address was saved."""
    host = urlsplit(url).hostname or ""
    if not webhook_host_allowed(host):
        raise ChannelError(_("机器人主机 %(host)s 不在允许的范围内，已停止发送。") % {"host": host}, permanent=True)
    return post_json(url, payload)


def post_json(url: str, payload: dict, *, headers: dict | None = None) -> requests.Response:
    """POST `payload` as JSON. Errors name the host only: the query string holds the robot's token."""
    host = urlsplit(url).netloc
    try:
        # No redirects: a robot address that redirects elsewhere is not the robot the user entered.
        return requests.post(url, json=payload, headers=headers or {}, timeout=HTTP_TIMEOUT_SECONDS,
                             allow_redirects=False)
    except requests.Timeout as exc:
        raise ChannelError(_("连接 %(host)s 超时。") % {"host": host}) from exc
    except requests.ConnectionError as exc:
        raise ChannelError(_("无法连接 %(host)s。") % {"host": host}) from exc
    except requests.RequestException as exc:
        raise ChannelError(_("请求 %(host)s 失败：%(error)s") % {"host": host, "error": type(exc).__name__}) from exc


def json_body(response: requests.Response, *, service: str) -> dict:
    """The JSON object a robot answers with, or a ChannelError naming the HTTP status."""
    if response.status_code != 200:
        raise ChannelError(_("%(service)s返回 HTTP %(status)s。") % {"service": service, "status": response.status_code})
    try:
        data = response.json()
    except ValueError as exc:
        raise ChannelError(_("%(service)s的应答不是 JSON。") % {"service": service}) from exc
    if not isinstance(data, dict):
        raise ChannelError(_("%(service)s的应答不是 JSON 对象。") % {"service": service})
    return data


def check_errcode(data: dict, *, service: str) -> None:
    """钉钉 and 企业微信 robots both answer HTTP 200 with {"errcode": 0, "errmsg": "ok"} on success."""
    if data.get("errcode") != 0:
        raise ChannelError(_("%(service)s返回错误 %(code)s：%(message)s") % {
            "service": service, "code": data.get("errcode"), "message": str(data.get("errmsg", ""))[:200]})
