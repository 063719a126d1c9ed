"""Test helpers shared by every app: the role cast and a login that satisfies the session policy."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.org.models import Division, Unit
from chengjie.parks.models import Enterprise, Park

COUNTY = "340882"  # 潜山市
OTHER_COUNTY = "340881"  # 桐城市, the outsider's county
PASSWORD = "Chengjie#2026"
# Valid 统一社会信用代码 (GB 32100-2015 check characters), for tests and the demo.
USCC_A = "91340882MA2N0B0X13"


def make_user(username: str, *, role: str = "", division: str | None = COUNTY, unit: Unit | None = None,
              enterprise: Enterprise | None = None, full_name: str = "", **extra) -> User:
    user = User(username=username, full_name=full_name or username, role=role, division_id=division, unit=unit,
                enterprise=enterprise, password_changed_at=timezone.now(), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def login_as(client, user: User, *, verified: bool = True) -> None:
    """Log `user` in as the login view would: fresh session times and, for administrators, a
    confirmed authenticator that this session has passed."""
    client.force_login(user)
    session = client.session
    now = time.time()
    session["auth_at"] = now
    session["last_seen"] = now
    if verified and user.needs_two_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@dataclass
class Cast:
    """The people every view test checks: who may, who may only read, and who is outside."""

    leader: User
    bureau: User
    clerk_a: User
    head_a: User
    clerk_b: User
    unit_admin_a: User
    park: User
    enterprise: User
    sys_admin: User
    sec_admin: User
    audit_admin: User
    outsider: User
    no_role: User
    unit_a: Unit
    unit_b: Unit
    park_unit: Unit
    park_obj: Park
    firm: Enterprise


def build_cast() -> Cast:
    county = Division.objects.get(code=COUNTY)
    bureau_unit = Unit.objects.create(name="潜山市投资促进中心", kind=Unit.Kind.DEPARTMENT, division=county)
    unit_a = Unit.objects.create(name="潜山市经济和信息化局", short_name="经信局", kind=Unit.Kind.DEPARTMENT, division=county)
    unit_b = Unit.objects.create(name="潜山市自然资源和规划局", short_name="自然资源局", kind=Unit.Kind.DEPARTMENT,
                                 division=county)
    park_unit = Unit.objects.create(name="安徽潜山经济开发区管委会", kind=Unit.Kind.PARK,
                                    division_id="340882400")
    park_obj = Park.objects.create(name="安徽潜山经济开发区", kind=Park.Kind.PROVINCIAL, division_id="340882400",
                                   committee=park_unit)
    firm = Enterprise.objects.create(uscc=USCC_A, name="安徽潜山示例刷业有限公司", division_id="340882400",
                                     park=park_obj, contact_name="王经理", contact_phone="13912345678")
    other_unit = Unit.objects.create(name="桐城市经济和信息化局", kind=Unit.Kind.DEPARTMENT, division_id=OTHER_COUNTY)
    return Cast(
        leader=make_user("leader", role=Role.LEADER, full_name="县领导"),
        bureau=make_user("bureau", role=Role.BUREAU, unit=bureau_unit, full_name="招商局干部"),
        clerk_a=make_user("clerk_a", role=Role.UNIT_CLERK, unit=unit_a, full_name="经信局经办人"),
        head_a=make_user("head_a", role=Role.UNIT_HEAD, unit=unit_a, full_name="经信局负责人"),
        clerk_b=make_user("clerk_b", role=Role.UNIT_CLERK, unit=unit_b, full_name="自然资源局经办人"),
        unit_admin_a=make_user("unit_admin_a", role=Role.UNIT_ADMIN, unit=unit_a, full_name="经信局管理员"),
        park=make_user("park", role=Role.PARK, unit=park_unit, full_name="开发区管委会"),
        enterprise=make_user("firm", role=Role.ENTERPRISE, enterprise=firm, division="340882400", full_name="企业用户"),
        sys_admin=make_user("sysadmin", role=Role.SYS_ADMIN, full_name="系统管理员"),
        sec_admin=make_user("secadmin", role=Role.SEC_ADMIN, full_name="安全管理员"),
        audit_admin=make_user("auditadmin", role=Role.AUDIT_ADMIN, full_name="审计管理员"),
        outsider=make_user("outsider", role=Role.UNIT_CLERK, unit=other_unit, division=OTHER_COUNTY,
                           full_name="桐城经办人"),
        no_role=make_user("norole", role="", full_name="未分配角色"),
        unit_a=unit_a, unit_b=unit_b, park_unit=park_unit, park_obj=park_obj, firm=firm,
    )


def freeze_today(monkeypatch, day: date) -> date:
    """Make `day` the date services and selectors take as today (stored times stay real)."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: day if value is None else real(value, tz))
    return day
