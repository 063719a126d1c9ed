"""政务钉钉 / 钉钉 custom group robot (自定义机器人).

POST {webhook}&timestamp=…&sign=… with {"msgtype": "text", "text": {"content": …}}; success is
{"errcode": 0}. With 加签 set on the robot, `sign` is HMAC-SHA256 keyed by the robot's secret over
"{timestamp}\\n{secret}" (timestamp in milliseconds, within an hour of the robot's clock), base64-encoded
and then URL-encoded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

from django.utils.translation import gettext as _

from .base import OutgoingMessage, check_errcode, json_body, post_webhook, truncate_bytes

# 钉钉 text messages are cut off by the robot beyond 20000 bytes.
CONTENT_LIMIT_BYTES = 20000


def signature(*, secret: str, timestamp_ms: int) -> str:
    """The `sign` query value, already URL-encoded."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, digestmod=hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def signed_url(address: str, *, secret: str, timestamp_ms: int) -> str:
    joiner = "&" if "?" in address else "?"
    return f"{address}{joiner}timestamp={timestamp_ms}&sign={signature(secret=secret, timestamp_ms=timestamp_ms)}"


def send(*, address: str, secret: str, message: OutgoingMessage) -> None:
    url = signed_url(address, secret=secret, timestamp_ms=int(time.time() * 1000)) if secret else address
    content = truncate_bytes(message.text, CONTENT_LIMIT_BYTES)
    response = post_webhook(url, {"msgtype": "text", "text": {"content": content}})
    check_errcode(json_body(response, service=_("钉钉机器人")), service=_("钉钉机器人"))
