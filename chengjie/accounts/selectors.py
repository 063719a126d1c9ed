from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengjie.core.scope import division_q
from chengjie.org.models import Division, Unit
from chengjie.parks.models import Enterprise

from .models import User
from .roles import TWO_FACTOR_ROLES, UNIT_GRANTABLE_ROLES, Role


def users_for_user(*, user) -> QuerySet[User]:
    """Accounts an administrator manages: the security administrator's whole division scope; a unit
    administrator's own unit's 经办人 and 负责人 (not its other administrators, not its sub-units)."""
    qs = User.objects.select_related("division", "unit", "enterprise")
    if user.has_capability("users.manage"):
        return qs.filter(division_q(user))
    if user.has_capability("users.manage_unit") and user.unit_id:
        return qs.filter(unit_id=user.unit_id, role__in=sorted(UNIT_GRANTABLE_ROLES))
    return qs.none()


def _lockout_groups() -> QuerySet:
    """Current lockouts, one row per username and address: django-axes keeps a row per user agent too,
    and counts failures summed over them within the cool-off (等保: 5 failures, 15 minutes)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (AccessAttempt.objects.filter(attempt_time__gte=since).values("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT))


def lockouts_for_user(*, user, username: str | None = None) -> list[dict]:
    """Lockouts of accounts the administrator manages, newest first, with when each lifts by itself."""
    groups = _lockout_groups().filter(username__in=users_for_user(user=user).values("username"))
    if username is not None:
        groups = groups.filter(username=username)
    rows = list(groups.order_by("-last_attempt"))
    for row in rows:
        row["unlocks_at"] = row["last_attempt"] + settings.AXES_COOLOFF_TIME
    return rows


def user_list_for_user(*, user, q: str = "", role: str = "", unit_id: int | None = None, active: str = "",
                       locked: bool = False) -> QuerySet[User]:
    """The account list with its filters; each row knows whether it is locked out now."""
    locked_now = _lockout_groups().filter(username=OuterRef("username"))
    users = users_for_user(user=user).annotate(is_locked=Exists(locked_now))
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if role:
        users = users.filter(role=role)
    if unit_id:
        users = users.filter(unit_id=unit_id)
    if active in {"1", "0"}:
        users = users.filter(is_active=active == "1")
    if locked:
        users = users.filter(is_locked=True)
    return users.order_by("username")


def grantable_roles(*, user) -> list[tuple[str, str]]:
    if user.has_capability("users.manage"):
        return list(Role.choices)
    if user.has_capability("users.manage_unit"):
        return [(value, label) for value, label in Role.choices if value in UNIT_GRANTABLE_ROLES]
    return []


def assignable_divisions(*, user) -> QuerySet[Division]:
    prefix = user.scope_prefix
    if prefix is None or not user.has_capability("users.manage"):
        return Division.objects.none()
    return Division.objects.filter(code__startswith=prefix, is_active=True).select_related("parent")


def assignable_units(*, user) -> QuerySet[Unit]:
    if user.has_capability("users.manage") and user.scope_prefix:
        return Unit.objects.filter(division__code__startswith=user.scope_prefix, is_active=True)
    if user.has_capability("users.manage_unit") and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def assignable_enterprises(*, user) -> QuerySet[Enterprise]:
    if user.has_capability("users.manage") and user.scope_prefix:
        return Enterprise.objects.filter(division__code__startswith=user.scope_prefix, is_active=True)
    return Enterprise.objects.none()


def security_summary(*, user) -> dict:
    users = users_for_user(user=user).filter(is_active=True)
    expired_before = timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
    admins = users.filter(role__in=sorted(TWO_FACTOR_ROLES))
    enrolled = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    return {
        "active_users": users.count(),
        "locked_count": len(lockouts_for_user(user=user)),
        "expired_passwords": users.filter(Q(password_changed_at__isnull=True)
                                          | Q(password_changed_at__lt=expired_before)).count(),
        "admins_without_2fa": admins.exclude(pk__in=enrolled).count(),
    }
