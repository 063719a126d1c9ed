"""Outside channels: one small module per kind, each with `send(*, address, secret, message)` that
returns when the far end accepted the message and raises ChannelError otherwise."""

from ..models import ChannelKind
from . import dingtalk, mail, sms, wecom
from .base import ChannelError, OutgoingMessage

SENDERS = {
    ChannelKind.EMAIL: mail.send,
    ChannelKind.DINGTALK: dingtalk.send,
    ChannelKind.WECOM: wecom.send,
    ChannelKind.SMS: sms.send,
}

__all__ = ["SENDERS", "ChannelError", "OutgoingMessage"]
