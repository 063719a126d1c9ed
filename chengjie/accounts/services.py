"""Writes on accounts. Each is audited in the same transaction as the change; security events that
refuse something (a wrong password, a wrong code) are audited before the refusal is raised, so the row
survives it."""

from __future__ import annotations

import secrets
import string

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError

from .models import User
from .roles import ADMIN_ROLES, ENTERPRISE_ROLES, UNIT_GRANTABLE_ROLES, UNIT_ROLES, Role

# What the audit row keeps of a user: never the password hash, nor the phone number (个人信息保护法).
USER_AUDIT_FIELDS = ["username", "full_name", "role", "division", "unit", "enterprise", "title", "is_active"]
# A change to any of these changes what the account may do or see.
PERMISSION_FIELDS = ("role", "division", "unit", "enterprise")


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("".join(exc.messages), field="password") from exc


def _check_binding(*, role: str, division, unit, enterprise) -> None:
    """The account's role, scope, unit and firm fit together."""
    if not role:
        raise DomainError(_("请选择角色。"), field="role")
    if role not in Role.values:
        raise DomainError(_("角色“%(role)s”不存在。") % {"role": role}, field="role")
    if division is None:
        raise DomainError(_("请选择数据范围（行政区划）。"), field="division")
    if role in UNIT_ROLES and unit is None:
        raise DomainError(_("角色“%(role)s”必须指定所属单位。") % {"role": Role(role).label}, field="unit")
    if role in ENTERPRISE_ROLES and enterprise is None:
        raise DomainError(_("企业用户必须指定所属企业。"), field="enterprise")
    if role not in ENTERPRISE_ROLES and enterprise is not None:
        raise DomainError(_("只有企业用户可以关联企业，请清空“企业”或改选角色。"), field="enterprise")
    if unit is not None and not unit.is_active:
        raise DomainError(_("单位“%(unit)s”已停用，不能绑定账号。") % {"unit": unit}, field="unit")
    if enterprise is not None and not enterprise.is_active:
        raise DomainError(_("企业“%(firm)s”已注销，不能绑定账号。") % {"firm": enterprise}, field="enterprise")
    county = division.code[:6]
    if unit is not None and not unit.division_id.startswith(county):
        raise DomainError(_("单位“%(unit)s”不在数据范围“%(division)s”所在的县（市、区）。")
                          % {"unit": unit, "division": division.full_name}, field="unit")
    if enterprise is not None and not enterprise.division_id.startswith(county):
        raise DomainError(_("企业“%(firm)s”不在数据范围“%(division)s”所在的县（市、区）。")
                          % {"firm": enterprise, "division": division.full_name}, field="enterprise")


def _check_authority(*, acting_user, role: str, division, unit, enterprise) -> None:
    """What the acting administrator may hand out. The security administrator: any role within their
    own data scope. A unit administrator: only 经办人 / 负责人 of their own unit, never an
    administrator role (三员分立)."""
    if acting_user.has_capability("users.manage"):
        prefix = acting_user.scope_prefix or ""
        if not prefix or not division.code.startswith(prefix):
            raise DomainError(_("数据范围“%(division)s”超出了您的管理范围。") % {"division": division.full_name},
                              field="division")
        if unit is not None and not unit.division_id.startswith(prefix):
            raise DomainError(_("单位“%(unit)s”超出了您的管理范围。") % {"unit": unit}, field="unit")
        if enterprise is not None and not enterprise.division_id.startswith(prefix):
            raise DomainError(_("企业“%(firm)s”超出了您的管理范围。") % {"firm": enterprise}, field="enterprise")
        return
    if acting_user.has_capability("users.manage_unit") and acting_user.unit_id:
        if role not in UNIT_GRANTABLE_ROLES:
            raise DomainError(_("单位管理员只能分配“责任单位经办人”或“责任单位负责人”角色。"), field="role")
        if unit is None or unit.pk != acting_user.unit_id:
            raise DomainError(_("单位管理员只能管理本单位的账号。"), field="unit")
        if not acting_user.scope_prefix or not division.code.startswith(acting_user.scope_prefix):
            raise DomainError(_("数据范围“%(division)s”超出了您的管理范围。") % {"division": division.full_name},
                              field="division")
        if enterprise is not None:
            raise DomainError(_("单位管理员不能为账号关联企业。"), field="enterprise")
        return
    raise DomainError(_("您没有管理账号的权限。"))


def _check_manages(*, acting_user, user: User) -> None:
    from .selectors import users_for_user

    if not users_for_user(user=acting_user).filter(pk=user.pk).exists():
        raise DomainError(_("账号“%(username)s”不在您的管理范围内。") % {"username": user.username})


def _check_not_self(*, acting_user, user: User, message: str) -> None:
    # 三员分立: nobody widens or restores their own powers; another administrator does it, on the record.
    if user.pk == acting_user.pk:
        raise DomainError(message)


@transaction.atomic
def user_create(*, acting_user, username: str, password: str, full_name: str, role: str, division,
                unit=None, enterprise=None, title: str = "", phone: str = "") -> User:
    """A new account with an initial password, which its holder must change at first login."""
    username = username.strip()
    if not username:
        raise DomainError(_("请填写用户名。"), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名“%(username)s”已被使用。") % {"username": username}, field="username")
    _check_binding(role=role, division=division, unit=unit, enterprise=enterprise)
    _check_authority(acting_user=acting_user, role=role, division=division, unit=unit, enterprise=enterprise)
    user = User(username=username, full_name=full_name.strip(), role=role, division=division, unit=unit,
                enterprise=enterprise, title=title.strip(), phone=phone.strip())
    _check_password(password, user)
    user.set_password(password)
    # 等保: a password an administrator set is changed by its holder at first login.
    user.password_changed_at = None
    user.save()
    audit_record(event="users.created", acting_user=acting_user, obj=user,
                 after=snapshot(user, fields=USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def user_update(*, acting_user, user: User, full_name: str, title: str, phone: str, role: str, division,
                unit=None, enterprise=None) -> User:
    """Change an account's details, role or scope. A change of role, scope, unit or firm is a permission
    change, audited as `users.permission_changed`; nobody changes their own."""
    _check_manages(acting_user=acting_user, user=user)
    before = snapshot(user, fields=USER_AUDIT_FIELDS)
    permission_changed = (role != user.role or getattr(division, "pk", None) != user.division_id
                          or getattr(unit, "pk", None) != user.unit_id
                          or getattr(enterprise, "pk", None) != user.enterprise_id)
    if permission_changed:
        _check_not_self(acting_user=acting_user, user=user,
                        message=_("不能修改自己的角色、数据范围、单位或企业，请由另一位管理员办理（三员分立）。"))
        _check_binding(role=role, division=division, unit=unit, enterprise=enterprise)
        _check_authority(acting_user=acting_user, role=role, division=division, unit=unit, enterprise=enterprise)
    new_values = {"full_name": full_name.strip(), "title": title.strip(), "phone": phone.strip(), "role": role,
                  "division": division, "unit": unit, "enterprise": enterprise}
    changed = [name for name, value in new_values.items() if getattr(user, name) != value]
    if not changed:
        return user
    for name in changed:
        setattr(user, name, new_values[name])
    user.save(update_fields=changed)
    audit_record(event="users.permission_changed" if permission_changed else "users.updated",
                 acting_user=acting_user, obj=user, before=before, after=snapshot(user, fields=USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def user_set_active(*, acting_user, user: User, active: bool) -> User:
    """Deactivate (the account can no longer log in and its sessions stop working) or reactivate."""
    _check_manages(acting_user=acting_user, user=user)
    _check_not_self(acting_user=acting_user, user=user,
                    message=_("不能停用或启用自己的账号，请由另一位管理员办理（三员分立）。"))
    if user.is_active == active:
        return user
    before = snapshot(user, fields=USER_AUDIT_FIELDS)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(event="users.reactivated" if active else "users.deactivated", acting_user=acting_user, obj=user,
                 before=before, after=snapshot(user, fields=USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def user_reset_password(*, acting_user, user: User, password: str) -> User:
    """An administrator sets a new initial password; the holder must change it at next login. The
    account's other sessions end, because Django ties a session to the password hash."""
    _check_manages(acting_user=acting_user, user=user)
    _check_not_self(acting_user=acting_user, user=user,
                    message=_("不能在这里重置自己的密码，请到“个人设置”中修改（三员分立）。"))
    _check_password(password, user)
    user.set_password(password)
    user.password_changed_at = None
    user.save(update_fields=["password", "password_changed_at"])
    audit_record(event="users.password_reset", acting_user=acting_user, obj=user)
    return user


@transaction.atomic
def user_totp_reset(*, acting_user, user: User) -> int:
    """A lost or replaced phone: remove the account's authenticators, so its next login binds a new one."""
    _check_manages(acting_user=acting_user, user=user)
    _check_not_self(acting_user=acting_user, user=user,
                    message=_("不能重置自己的双因素认证，请由另一位管理员办理（三员分立）。"))
    deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
    if deleted == 0:
        raise DomainError(_("账号“%(username)s”没有绑定验证器。") % {"username": user.username})
    audit_record(event="users.2fa_reset", acting_user=acting_user, obj=user,
                 note=_("删除 %(count)d 个验证器，下次登录须重新绑定") % {"count": deleted})
    return deleted


def user_change_password(*, acting_user, old_password: str, new_password: str) -> User:
    """A person changes their own password (at will, or because it is new or older than 90 days)."""
    user = acting_user
    if not user.check_password(old_password):
        audit_auth_event(event="auth.password_change_failed", user=user, note=_("当前密码不正确"))
        raise DomainError(_("当前密码不正确。"), field="old_password")
    if old_password == new_password:
        raise DomainError(_("新密码不能与当前密码相同。"), field="new_password")
    try:
        _check_password(new_password, user)
    except DomainError as exc:
        raise DomainError(exc.message, field="new_password") from exc
    with transaction.atomic():
        user.set_password(new_password)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "password_changed_at"])
        audit_record(event="auth.password_changed", acting_user=user, obj=user)
    return user


@transaction.atomic
def lockout_clear(*, acting_user, username: str, ip_address: str | None) -> int:
    """Lift a lockout (django-axes attempts for one username from one address) before its 15 minutes
    are up, for an account the administrator manages."""
    from .selectors import users_for_user

    user = users_for_user(user=acting_user).filter(username=username).first()
    if user is None:
        raise DomainError(_("账号“%(username)s”不在您的管理范围内。") % {"username": username})
    attempts = AccessAttempt.objects.filter(username=username, ip_address=ip_address)
    failures = sum(attempts.values_list("failures_since_start", flat=True))
    if failures == 0:
        raise DomainError(_("账号“%(username)s”在地址 %(ip)s 上没有锁定记录，可能已经自动解除。")
                          % {"username": username, "ip": ip_address or "—"})
    deleted, _rows = attempts.delete()
    audit_record(event="auth.lockout_cleared", acting_user=acting_user, obj=user,
                 note=_("解除地址 %(ip)s 上的锁定（此前失败 %(failures)d 次）") % {"ip": ip_address or "—",
                                                                        "failures": failures})
    return deleted


def totp_device_for_enrolment(*, acting_user) -> TOTPDevice:
    """The authenticator this person is binding: an unconfirmed TOTP device (RFC 6238) whose secret the
    enrolment page shows until a code from it is entered."""
    device = acting_user.totpdevice_set.filter(confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=acting_user, name=_("验证器"), confirmed=False)
    return device


def totp_enrol(*, acting_user, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm the authenticator with a code it shows; a wrong code is audited and refused."""
    if device.user_id != acting_user.pk or device.confirmed:
        raise DomainError(_("该验证器不属于当前账号或已绑定。"))
    if not device.verify_token(token):
        audit_auth_event(event="auth.2fa_failed", user=acting_user, note=_("绑定时验证码错误"))
        raise DomainError(_("验证码不正确或已过期，请输入验证器上当前显示的 6 位数字。"), field="token")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(event="auth.2fa_enrolled", acting_user=acting_user, obj=acting_user)
    return device


def totp_verify(*, acting_user, token: str) -> TOTPDevice:
    """Second factor at login: a code from one of the person's confirmed authenticators."""
    for device in acting_user.totpdevice_set.filter(confirmed=True).order_by("pk"):
        if device.verify_token(token):
            audit_auth_event(event="auth.2fa_verified", user=acting_user)
            return device
    audit_auth_event(event="auth.2fa_failed", user=acting_user, note=_("登录时验证码错误"))
    raise DomainError(_("验证码不正确或已过期，请输入验证器上当前显示的 6 位数字。"), field="token")


def _one_time_password() -> str:
    """16 random characters drawn until they satisfy the password policy (almost always the first draw)."""
    alphabet = string.ascii_letters + string.digits + "#%+-=@"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _i in range(16))
        try:
            validate_password(candidate)
        except ValidationError:
            continue
        return candidate


ADMIN_USERNAMES = {Role.SYS_ADMIN: "sysadmin", Role.SEC_ADMIN: "secadmin", Role.AUDIT_ADMIN: "auditadmin"}


@transaction.atomic
def admins_create(*, division) -> list[tuple[User, str]]:
    """A fresh install's three administrators (三员) for one division, each with a one-time password
    to change at first login and an authenticator to bind then. Refused when any of them exists."""
    existing = User.objects.filter(role__in=sorted(ADMIN_ROLES), division=division)
    if existing.exists():
        names = "、".join(existing.order_by("username").values_list("username", flat=True))
        raise DomainError(_("行政区划“%(division)s”已有管理员账号（%(names)s），不再创建。")
                          % {"division": division.full_name, "names": names})
    created = []
    for role, base in ADMIN_USERNAMES.items():
        username = f"{base}_{division.code}"
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(_("用户名“%(username)s”已被使用，不再创建。") % {"username": username})
        password = _one_time_password()
        user = User(username=username, full_name=str(Role(role).label), role=role, division=division)
        user.set_password(password)
        user.password_changed_at = None
        user.save()
        audit_record(event="users.created", obj=user, after=snapshot(user, fields=USER_AUDIT_FIELDS),
                     note=_("chengjie createadmins 创建"))
        created.append((user, password))
    return created


def audit_auth_event(*, event: str, user=None, username: str = "", note: str = "") -> None:
    """Login, logout, failures, lockouts, 2FA: security events with no before/after. Written in its own
    transaction, so a refusal that follows does not roll it back."""
    audit_record(event=event, acting_user=user, obj=user if user is not None and user.pk else None,
                 object_type="" if user is not None else "accounts.user", object_repr="" if user else username,
                 username=username, note=note)
