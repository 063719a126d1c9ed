from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import ENTERPRISE_ROLES, ROLE_CAPABILITIES, TWO_FACTOR_ROLES, UNIT_ROLES, Role


class ChengjieUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # 三员分立 (等保三级): no account holds every power; `chengjie createadmins` makes the three.
        from django.core.management.base import CommandError

        raise CommandError(_("本系统不设超级用户（三员分立）。请用 chengjie createadmins 创建系统、安全、审计管理员。"))


def mask_phone(phone: str) -> str:
    """138****5678: lists show a phone number masked (个人信息保护法: minimum necessary)."""
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


class User(AbstractUser):
    """A person's account. One role per account; the data scope is a division-code prefix, narrowed
    to the unit or the firm for roles that act for one."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    division = models.ForeignKey(
        "org.Division", verbose_name=_("数据范围"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="users")
    enterprise = models.ForeignKey("parks.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="users")
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    objects = ChengjieUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(UNIT_ROLES)) | models.Q(unit__isnull=False),
                name="unit_role_has_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(ENTERPRISE_ROLES)) | models.Q(enterprise__isnull=False),
                name="enterprise_role_has_enterprise",
            ),
            # 三员分立: Django's all-powerful flag is never set, whatever path writes the row.
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="no_superuser"),
        ]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def capabilities(self) -> frozenset[str]:
        if not self.is_active or not self.role:
            return frozenset()
        return ROLE_CAPABILITIES.get(self.role, frozenset())

    def has_capability(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def needs_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES

    @property
    def binds_unit(self) -> bool:
        return self.role in UNIT_ROLES

    @property
    def binds_enterprise(self) -> bool:
        return self.role in ENTERPRISE_ROLES

    @property
    def scope_prefix(self) -> str | None:
        """Division-code prefix of what this user may see; None (no data) without a role or a scope."""
        if not self.role:
            return None
        return self.division_id

    @cached_property
    def _unit_ids(self) -> frozenset[int]:
        from chengjie.org.selectors import unit_descendant_ids

        return frozenset(unit_descendant_ids(unit_id=self.unit_id)) if self.unit_id else frozenset()

    def unit_and_descendant_ids(self) -> frozenset[int]:
        return self._unit_ids

    @property
    def password_expires_at(self):
        """等保: a password lives 90 days; one an administrator set (no change time) must change now."""
        if self.password_changed_at is None:
            return None
        return self.password_changed_at + timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)

    @property
    def password_expired(self) -> bool:
        expires_at = self.password_expires_at
        return expires_at is None or timezone.now() >= expires_at
