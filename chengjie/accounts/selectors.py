from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengjie.core.scope import division_q

from .models import User
from .roles import TWO_FACTOR_ROLES


def users_for_user(*, user) -> QuerySet[User]:
    """Accounts an administrator may manage: the security administrator's division scope; a unit
    administrator's own unit and its sub-units."""
    qs = User.objects.select_related("division", "unit", "enterprise")
    if user.has_capability("users.manage"):
        return qs.filter(division_q(user) | Q(division__isnull=True))
    if user.has_capability("users.manage_unit") and user.unit_id:
        return qs.filter(unit_id__in=user.unit_and_descendant_ids())
    return qs.none()


def locked_attempts() -> QuerySet[AccessAttempt]:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since)


def security_summary(*, user) -> dict:
    users = users_for_user(user=user).filter(is_active=True)
    expired_before = timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
    admins = users.filter(role__in=sorted(TWO_FACTOR_ROLES))
    enrolled = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    return {
        "active_users": users.count(),
        "locked_count": locked_attempts().count(),
        "expired_passwords": users.filter(Q(password_changed_at__isnull=True) | Q(password_changed_at__lt=expired_before)).count(),
        "admins_without_2fa": admins.exclude(pk__in=enrolled).count(),
    }
