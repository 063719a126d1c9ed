"""Writes on accounts: every one audited in its own transaction."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError

from .models import User
from .roles import ENTERPRISE_ROLES, UNIT_ROLES

# What the audit row keeps of a user: never the password hash.
USER_AUDIT_FIELDS = ["username", "full_name", "role", "division", "unit", "enterprise", "title", "is_active"]
PERMISSION_FIELDS = ("role", "division", "unit", "enterprise", "is_active")


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages), field="password") from exc


def _check_binding(*, role: str, unit, enterprise, division) -> None:
    if role and division is None:
        raise DomainError("分配角色时必须指定数据范围（行政区划）。", field="division")
    if role in UNIT_ROLES and unit is None:
        raise DomainError("该角色必须指定所属单位。", field="unit")
    if role in ENTERPRISE_ROLES and enterprise is None:
        raise DomainError("企业用户必须指定所属企业。", field="enterprise")
    if unit is not None and division is not None and not unit.division_id.startswith(division.code[:6]):
        raise DomainError("所属单位不在该数据范围内。", field="unit")


@transaction.atomic
def user_create(*, acting_user, username: str, password: str, full_name: str = "", role: str = "",
                division=None, unit=None, enterprise=None, title: str = "", phone: str = "",
                must_change_password: bool = True) -> User:
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名“{username}”已被使用。", field="username")
    _check_binding(role=role, unit=unit, enterprise=enterprise, division=division)
    user = User(username=username, full_name=full_name, role=role, division=division, unit=unit,
                enterprise=enterprise, title=title, phone=phone)
    _check_password(password, user)
    user.set_password(password)
    # A password set by an administrator must be changed at first login.
    user.password_changed_at = None if must_change_password else timezone.now()
    user.save()
    audit_record(event="users.created", acting_user=acting_user, obj=user,
                 after=snapshot(user, fields=USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def user_update(*, acting_user, user: User, **changes) -> User:
    """Change a user's profile, role or scope. A change of role, scope or active state is a permission
    change and is audited as one."""
    before = snapshot(user, fields=USER_AUDIT_FIELDS)
    for name, value in changes.items():
        if name not in USER_AUDIT_FIELDS and name != "phone":
            raise DomainError(f"不能修改字段 {name}。")
        setattr(user, name, value)
    _check_binding(role=user.role, unit=user.unit, enterprise=user.enterprise, division=user.division)
    user.save()
    after = snapshot(user, fields=USER_AUDIT_FIELDS)
    changed = any(before.get(f) != after.get(f) for f in PERMISSION_FIELDS)
    audit_record(event="users.permission_changed" if changed else "users.updated", acting_user=acting_user,
                 obj=user, before=before, after=after)
    return user


@transaction.atomic
def user_set_password(*, acting_user, user: User, password: str, by_admin: bool = False) -> User:
    """A person changes their own password, or an administrator resets it (then it must be changed
    again at next login)."""
    _check_password(password, user)
    if not by_admin and user.check_password(password):
        raise DomainError("新密码不能与当前密码相同。", field="password")
    user.set_password(password)
    user.password_changed_at = None if by_admin else timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    audit_record(event="users.password_reset" if by_admin else "auth.password_changed", acting_user=acting_user,
                 obj=user)
    return user


def audit_auth_event(*, event: str, user=None, username: str = "", note: str = "") -> None:
    """Login, logout, failures, lockouts, 2FA: security events with no before/after."""
    audit_record(event=event, acting_user=user, obj=user if user is not None and user.pk else None,
                 object_type="" if user is not None else "accounts.user", object_repr="" if user else username,
                 username=username, note=note)
