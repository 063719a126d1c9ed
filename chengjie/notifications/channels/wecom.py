"""企业微信 group robot (群机器人).

POST {webhook} (…/cgi-bin/webhook/send?key=…) with {"msgtype": "text", "text": {"content": …}};
success is {"errcode": 0, "errmsg": "ok"}. The key in the address is the only credential.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .base import OutgoingMessage, check_errcode, json_body, post_webhook, truncate_bytes

# 企业微信 rejects text content over 2048 bytes (UTF-8).
CONTENT_LIMIT_BYTES = 2048


def send(*, address: str, secret: str, message: OutgoingMessage) -> None:
    content = truncate_bytes(message.text, CONTENT_LIMIT_BYTES)
    response = post_webhook(address, {"msgtype": "text", "text": {"content": content}})
    check_errcode(json_body(response, service=_("企业微信机器人")), service=_("企业微信机器人"))
