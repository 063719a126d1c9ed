"""Writes on notifications: sending one (inbox row + one delivery per outside channel), marking read, and
a person's own channels.

Sending is queued after the caller's transaction commits, and nothing a channel does can raise into the
caller: a mail server that is down leaves a failed delivery to be retried, never a rolled-back action.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError

from .channels.base import webhook_host_allowed
from .models import ChannelKind, Delivery, Notification, UserChannel, WEBHOOK_KINDS

# 中国大陆手机号: 11 digits, 1 then 3–9 (every carrier segment in use, 13x–19x).
MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
CHANNEL_AUDIT_FIELDS = ["user", "kind", "address", "enabled"]
CHANNEL_TEST_KIND = "notifications.channel_test"


def _check_title_and_link(*, title: str, link: str) -> None:
    if not title:
        raise DomainError(_("消息标题不能为空。"), field="title")
    if len(title) > 200:
        raise DomainError(_("消息标题不能超过 200 个字。"), field="title")
    # The inbox renders the link as href: only this site's own paths, never another host or a javascript: URL.
    if link and (not link.startswith("/") or link.startswith("//") or len(link) > 300):
        raise DomainError(_("消息链接必须是本系统内以 / 开头的地址：%(link)s") % {"link": link[:100]}, field="link")


@transaction.atomic
def notify(*, recipients: Iterable, kind: str, title: str, body: str = "", link: str = "",
           acting_user=None) -> list[Notification]:
    """Put a message in each recipient's inbox and queue it to every enabled channel of theirs.

    The notification rows are themselves the record of what was sent; the action that caused them is
    audited by its own service."""
    title = title.strip()
    _check_title_and_link(title=title, link=link)
    users = list({user.pk: user for user in recipients}.values())
    actor = acting_user if acting_user is not None and getattr(acting_user, "is_authenticated", False) else None
    notifications = Notification.objects.bulk_create([
        Notification(recipient=user, actor=actor, kind=kind, title=title, body=body, link=link) for user in users
    ])
    by_user = {n.recipient_id: n for n in notifications}
    channels = UserChannel.objects.filter(user__in=[u for u in users if u.is_active], enabled=True)
    _create_deliveries([(by_user[channel.user_id], channel) for channel in channels])
    return notifications


def _create_deliveries(pairs: list[tuple[Notification, UserChannel]]) -> list[Delivery]:
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create([
        Delivery(notification=notification, channel=channel, kind=channel.kind, address=channel.address,
                 next_attempt_at=now)
        for notification, channel in pairs
    ])
    ids = [d.pk for d in deliveries]
    if ids:
        # robust: a queue that is down must not fail the caller's action; the retry sweep sends what was
        # not queued.
        transaction.on_commit(lambda: _queue(ids), robust=True)
    return deliveries


def _queue(delivery_ids: list[int]) -> None:
    from .tasks import deliver

    for pk in delivery_ids:
        deliver(pk)


@transaction.atomic
def notification_mark_read(*, acting_user, notification: Notification) -> Notification:
    """Marking read is the reader's own state, kept as `read_at` on the row; it is not an audited change."""
    if notification.recipient_id != acting_user.pk:
        raise DomainError(_("只能标记自己的消息。"))
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


@transaction.atomic
def notifications_mark_all_read(*, acting_user) -> int:
    return Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(read_at=timezone.now())


# --- A person's own channels


def normalise_address(*, kind: str, address: str) -> str:
    """The address as stored, or a DomainError saying what a valid one looks like."""
    address = address.strip()
    if kind == ChannelKind.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            raise DomainError(_("“%(address)s”不是有效的电子邮件地址，例如 zhangsan@example.gov.cn。")
                              % {"address": address[:100]}, field="address") from None
        return address
    if kind in WEBHOOK_KINDS:
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in address):
            raise DomainError(_("机器人地址必须是以 http:// 或 https:// 开头的完整网址（Webhook），"
                                "请从群机器人设置中复制。"), field="address")
        if not webhook_host_allowed(parts.hostname):
            raise DomainError(_("机器人地址的主机“%(host)s”不在允许的范围内（%(allowed)s）。如使用本地部署的政务钉钉，"
                                "请系统管理员把它加入 CHENGJIE_WEBHOOK_HOSTS。")
                              % {"host": parts.hostname, "allowed": "、".join(settings.WEBHOOK_ALLOWED_HOSTS) or "无"},
                              field="address")
        if len(address) > 500:
            raise DomainError(_("机器人地址不能超过 500 个字符。"), field="address")
        return address
    if kind == ChannelKind.SMS:
        phone = re.sub(r"[\s-]", "", address).removeprefix("+86")
        if not MAINLAND_MOBILE.fullmatch(phone):
            raise DomainError(_("“%(address)s”不是有效的手机号，请输入 11 位中国大陆手机号码，例如 13912345678。")
                              % {"address": address[:30]}, field="address")
        return phone
    raise DomainError(_("不支持的接收渠道：%(kind)s") % {"kind": kind}, field="kind")


def _check_secret(*, kind: str, secret: str) -> str:
    secret = secret.strip()
    if secret and kind != ChannelKind.DINGTALK:
        raise DomainError(_("只有政务钉钉群机器人需要填写加签密钥。"), field="secret")
    if len(secret) > 200:
        raise DomainError(_("加签密钥不能超过 200 个字符。"), field="secret")
    return secret


def _check_unique(*, user, kind: str, address: str, exclude_pk=None) -> None:
    existing = UserChannel.objects.filter(user=user, kind=kind, address=address).exclude(pk=exclude_pk)
    if existing.exists():
        raise DomainError(_("您已添加过这个%(kind)s地址。") % {"kind": ChannelKind(kind).label}, field="address")


def _check_owner(*, acting_user, channel: UserChannel) -> None:
    if channel.user_id != acting_user.pk:
        raise DomainError(_("只能管理自己的接收渠道。"))


def _channel_snapshot(channel: UserChannel) -> dict:
    # Never the secret itself in the audit trail: only whether one is set.
    return {**snapshot(channel, fields=CHANNEL_AUDIT_FIELDS), "secret_set": bool(channel.secret)}


@transaction.atomic
def channel_create(*, acting_user, kind: str, address: str, secret: str = "", enabled: bool = True) -> UserChannel:
    if kind not in ChannelKind.values:
        raise DomainError(_("请选择接收渠道。"), field="kind")
    address = normalise_address(kind=kind, address=address)
    secret = _check_secret(kind=kind, secret=secret)
    _check_unique(user=acting_user, kind=kind, address=address)
    channel = UserChannel.objects.create(user=acting_user, kind=kind, address=address, secret=secret, enabled=enabled)
    audit_record(event="notifications.channel_added", acting_user=acting_user, obj=channel,
                 after=_channel_snapshot(channel))
    return channel


@transaction.atomic
def channel_update(*, acting_user, channel: UserChannel, address: str | None = None, secret: str | None = None,
                   enabled: bool | None = None) -> UserChannel:
    """Change a channel; None leaves a field as it is, and secret="" removes the 加签 key."""
    _check_owner(acting_user=acting_user, channel=channel)
    before = _channel_snapshot(channel)
    if address is not None:
        channel.address = normalise_address(kind=channel.kind, address=address)
        _check_unique(user=acting_user, kind=channel.kind, address=channel.address, exclude_pk=channel.pk)
    if secret is not None:
        channel.secret = _check_secret(kind=channel.kind, secret=secret)
    if enabled is not None:
        channel.enabled = enabled
    channel.save(update_fields=["address", "secret", "enabled"])
    audit_record(event="notifications.channel_changed", acting_user=acting_user, obj=channel, before=before,
                 after=_channel_snapshot(channel))
    return channel


@transaction.atomic
def channel_delete(*, acting_user, channel: UserChannel) -> None:
    _check_owner(acting_user=acting_user, channel=channel)
    before = _channel_snapshot(channel)
    audit_record(event="notifications.channel_removed", acting_user=acting_user, obj=channel, before=before)
    channel.delete()


@transaction.atomic
def channel_send_test(*, acting_user, channel: UserChannel) -> Notification:
    """A test message to one channel only, so a person can see that a new robot or number works."""
    _check_owner(acting_user=acting_user, channel=channel)
    if not channel.enabled:
        raise DomainError(_("该渠道已停用，请先启用再发送测试消息。"))
    notification = Notification.objects.create(
        recipient=acting_user, actor=acting_user, kind=CHANNEL_TEST_KIND,
        title=_("接收渠道测试：%(channel)s") % {"channel": channel.get_kind_display()},
        body=_("这是一条测试消息。收到它说明承接平台的消息可以送达这个渠道。"),
    )
    _create_deliveries([(notification, channel)])
    return notification
