"""SMS through the county's own gateway (运营商短信平台 or the 政务短信 platform behind an adapter).

The contract chengjie expects of the gateway:

    POST {settings.SMS_GATEWAY_URL}
    Authorization: Bearer {settings.SMS_GATEWAY_TOKEN}
    Content-Type: application/json
    {"phone": "13912345678", "content": "【承接】…"}

Any 2xx answer means the gateway accepted the message. If the answer is a JSON object with a "code"
field, code 0 is success and any other code is a failure whose "message" is recorded. Anything else
(non-2xx, no connection, timeout) is a failure and is retried. Without SMS_GATEWAY_URL no SMS is sent
and the delivery gives up at once.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from .base import ChannelError, OutgoingMessage, post_json

# Operators split long texts into 67-character parts and bill each; a notification fits in a few.
CONTENT_LIMIT_CHARS = 300


def send(*, address: str, secret: str, message: OutgoingMessage) -> None:
    if not settings.SMS_GATEWAY_URL:
        raise ChannelError(_("系统未配置短信网关（CHENGJIE_SMS_GATEWAY_URL），短信无法发送。"), permanent=True)
    content = message.text if len(message.text) <= CONTENT_LIMIT_CHARS else message.text[: CONTENT_LIMIT_CHARS - 1] + "…"
    headers = {"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"} if settings.SMS_GATEWAY_TOKEN else {}
    response = post_json(settings.SMS_GATEWAY_URL, {"phone": address, "content": content}, headers=headers)
    if not 200 <= response.status_code < 300:
        raise ChannelError(_("短信网关返回 HTTP %(status)s。") % {"status": response.status_code})
    try:
        data = response.json()
    except ValueError:
        return
    if isinstance(data, dict) and "code" in data and data["code"] != 0:
        raise ChannelError(_("短信网关返回错误 %(code)s：%(message)s") % {
            "code": data["code"], "message": str(data.get("message", ""))[:200]})
