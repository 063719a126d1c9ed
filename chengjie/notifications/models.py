from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    DINGTALK = "dingtalk", _("政务钉钉群机器人")
    WECOM = "wecom", _("企业微信群机器人")
    SMS = "sms", _("短信")


# The short names used beside a delivery's state ("短信：已发送").
CHANNEL_SHORT_NAMES = {
    ChannelKind.EMAIL: _("邮件"),
    ChannelKind.DINGTALK: _("政务钉钉"),
    ChannelKind.WECOM: _("企业微信"),
    ChannelKind.SMS: _("短信"),
}
WEBHOOK_KINDS = frozenset({ChannelKind.DINGTALK, ChannelKind.WECOM})


class Notification(models.Model):
    """One message to one person, shown in the in-app inbox; deliveries to outside channels hang off it."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发送人"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    kind = models.CharField(_("类型"), max_length=40, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The header's unread count, on every page.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class UserChannel(models.Model):
    """Where a person wants their messages sent besides the inbox: a mailbox, a group robot, a phone."""

    Kind = ChannelKind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_channels")
    kind = models.CharField(_("渠道"), max_length=20, choices=ChannelKind.choices)
    address = models.CharField(_("地址"), max_length=500)
    # 钉钉 加签: the robot's "SEC…" key; never shown again once saved.
    secret = models.CharField(_("加签密钥"), max_length=200, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接收渠道")
        verbose_name_plural = _("接收渠道")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "address"], name="user_channel_unique"),
            models.CheckConstraint(condition=models.Q(secret="") | models.Q(kind=ChannelKind.DINGTALK),
                                   name="user_channel_secret_only_dingtalk"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.display_address}"

    @property
    def display_address(self) -> str:
        """A robot's webhook carries its access token in the query string: show only where it points."""
        if self.kind in WEBHOOK_KINDS:
            parts = urlsplit(self.address)
            return f"{parts.scheme}://{parts.netloc}{parts.path}" + ("?…" if parts.query else "")
        return self.address

    @property
    def short_name(self) -> str:
        return CHANNEL_SHORT_NAMES.get(self.kind, self.kind)

    @property
    def last_state_label(self) -> str:
        """The latest delivery's state, where the selector annotated it (`channels_for_user`)."""
        state = getattr(self, "last_state", None)
        return DeliveryState(state).label if state else ""


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("失败（重试中）")
    GAVE_UP = "gave_up", _("失败（已放弃）")


class Delivery(models.Model):
    """One notification sent to one outside channel: its state, attempts and the last error, so the
    recipient can see whether the message reached them."""

    State = DeliveryState

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    # Kept when the person later removes the channel, so the record still says where it went.
    channel = models.ForeignKey(UserChannel, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="deliveries")
    kind = models.CharField(_("渠道"), max_length=20, choices=ChannelKind.choices)
    address = models.CharField(_("地址"), max_length=500)
    state = models.CharField(_("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(state=DeliveryState.SENT) | models.Q(sent_at__isnull=False),
                                   name="delivery_sent_has_sent_at"),
            models.CheckConstraint(
                condition=~models.Q(state__in=[DeliveryState.PENDING, DeliveryState.FAILED])
                | models.Q(next_attempt_at__isnull=False),
                name="delivery_open_has_next_attempt",
            ),
        ]
        indexes = [
            # The retry sweep: open deliveries whose next attempt is due.
            models.Index(fields=["next_attempt_at"],
                         condition=models.Q(state__in=[DeliveryState.PENDING, DeliveryState.FAILED]),
                         name="delivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.short_name}：{self.get_state_display()}"

    @property
    def short_name(self) -> str:
        return CHANNEL_SHORT_NAMES.get(self.kind, self.kind)

    @property
    def display_address(self) -> str:
        return UserChannel(kind=self.kind, address=self.address).display_address
