"""Account services: who may grant what (三员分立, unit administrators), refusals that change nothing,
and an audit row for every change."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.accounts.services import (lockout_clear, user_create, user_reset_password, user_set_active,
                                        user_update)
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.org.models import Division

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Initial#Pass2026"


def _county():
    return Division.objects.get(code="340882")


def _create(acting_user, **overrides):
    fields = {"username": "new_clerk", "password": NEW_PASSWORD, "full_name": "李四", "role": "unit_clerk",
              "division": acting_user.division, "unit": acting_user.unit, "phone": "13812345678"}
    fields.update(overrides)
    return user_create(acting_user=acting_user, **fields)


def _permissions(user):
    return {key: getattr(user, key) for key in ("role", "division_id", "unit_id", "enterprise_id")}


def test_security_admin_creates_an_account_that_must_change_its_password(cast):
    user = _create(cast.sec_admin, unit=cast.unit_b, division=_county())
    assert user.unit == cast.unit_b and user.password_expired and user.check_password(NEW_PASSWORD)
    row = AuditEvent.objects.get(event="users.created")
    assert row.actor_username == "secadmin"
    assert row.after["role"] == "unit_clerk" and "phone" not in row.after and "password" not in row.after


def test_an_initial_password_breaking_the_policy_is_refused_and_nothing_is_created(cast):
    with pytest.raises(DomainError) as refused:
        _create(cast.sec_admin, division=_county(), unit=cast.unit_a, password="abc12345")
    assert refused.value.field == "password"
    assert "密码须包含大写字母、小写字母、数字、符号中的至少 3 类。" in refused.value.message
    assert not User.objects.filter(username="new_clerk").exists()
    assert not AuditEvent.objects.filter(event="users.created").exists()


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"username": "CLERK_A"}, "username", "用户名“CLERK_A”已被使用。"),
    ({"unit": None}, "unit", "角色“责任单位经办人”必须指定所属单位。"),
    ({"role": "enterprise", "unit": None}, "enterprise", "企业用户必须指定所属企业。"),
    ({"role": "leader", "unit": None, "division": None}, "division", "请选择数据范围（行政区划）。"),
    ({"role": "", "unit": None}, "role", "请选择角色。"),
])
def test_inconsistent_accounts_are_refused_with_the_field_named(cast, overrides, field, message):
    fields = {"division": _county(), "unit": cast.unit_a} | overrides
    with pytest.raises(DomainError) as refused:
        _create(cast.sec_admin, **fields)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_security_admin_cannot_grant_outside_their_scope(cast):
    with pytest.raises(DomainError, match="超出了您的管理范围"):
        _create(cast.sec_admin, role="leader", unit=None, division=Division.objects.get(code="340881"))


def test_a_unit_outside_the_chosen_county_is_refused(cast):
    other_unit = cast.outsider.unit
    with pytest.raises(DomainError, match="不在数据范围“.*”所在的县"):
        _create(cast.sec_admin, division=_county(), unit=other_unit)


def test_unit_admin_creates_clerks_of_their_own_unit(cast):
    user = _create(cast.unit_admin_a, role="unit_head")
    assert (user.unit, user.division_id, user.role) == (cast.unit_a, "340882", "unit_head")


@pytest.mark.parametrize("role", ["unit_admin", "sec_admin", "sys_admin", "audit_admin", "bureau", "leader"])
def test_unit_admin_cannot_grant_any_other_role(cast, role):
    with pytest.raises(DomainError, match="单位管理员只能分配"):
        _create(cast.unit_admin_a, role=role)


def test_unit_admin_cannot_create_in_another_unit(cast):
    with pytest.raises(DomainError, match="只能管理本单位的账号"):
        _create(cast.unit_admin_a, unit=cast.unit_b)


def test_unit_admin_cannot_touch_another_units_account(cast):
    with pytest.raises(DomainError, match="不在您的管理范围内"):
        user_update(acting_user=cast.unit_admin_a, user=cast.clerk_b, full_name="改名", title="", phone="",
                    role="unit_head", division=cast.clerk_b.division, unit=cast.unit_b)
    cast.clerk_b.refresh_from_db()
    assert (cast.clerk_b.full_name, cast.clerk_b.role) == ("自然资源局经办人", "unit_clerk")


def test_a_role_change_is_audited_as_a_permission_change(cast):
    user_update(acting_user=cast.sec_admin, user=cast.clerk_a, full_name=cast.clerk_a.full_name, title="",
                phone="", role="unit_head", division=cast.clerk_a.division, unit=cast.unit_a)
    row = AuditEvent.objects.get(event="users.permission_changed")
    assert (row.before["role"], row.after["role"]) == ("unit_clerk", "unit_head")
    assert row.actor_username == "secadmin" and row.object_repr == "经信局经办人"


def test_a_profile_change_is_audited_but_not_as_a_permission_change(cast):
    user_update(acting_user=cast.sec_admin, user=cast.clerk_a, full_name="王五", title="科员", phone="13900001111",
                role="unit_clerk", division=cast.clerk_a.division, unit=cast.unit_a)
    assert AuditEvent.objects.filter(event="users.updated").count() == 1
    assert not AuditEvent.objects.filter(event="users.permission_changed").exists()


def test_saving_without_a_change_writes_nothing(cast):
    user_update(acting_user=cast.sec_admin, user=cast.clerk_a, full_name=cast.clerk_a.full_name, title="",
                phone="", role="unit_clerk", division=cast.clerk_a.division, unit=cast.unit_a)
    assert not AuditEvent.objects.filter(event__startswith="users.").exists()


def test_nobody_changes_their_own_role(cast):
    before = _permissions(cast.sec_admin)
    with pytest.raises(DomainError, match="不能修改自己的角色、数据范围、单位或企业"):
        user_update(acting_user=cast.sec_admin, user=cast.sec_admin, full_name="安全管理员", title="", phone="",
                    role="audit_admin", division=cast.sec_admin.division)
    cast.sec_admin.refresh_from_db()
    assert _permissions(cast.sec_admin) == before


def test_a_security_admin_may_correct_their_own_name(cast):
    user_update(acting_user=cast.sec_admin, user=cast.sec_admin, full_name="张安全", title="", phone="",
                role="sec_admin", division=cast.sec_admin.division)
    cast.sec_admin.refresh_from_db()
    assert cast.sec_admin.full_name == "张安全"


def test_reset_password_forces_a_change_and_is_audited(cast):
    user_reset_password(acting_user=cast.sec_admin, user=cast.clerk_a, password="Temporary#Pass7")
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.password_expired and cast.clerk_a.check_password("Temporary#Pass7")
    assert AuditEvent.objects.filter(event="users.password_reset", object_id=str(cast.clerk_a.pk)).exists()


def test_nobody_resets_or_deactivates_their_own_account(cast):
    with pytest.raises(DomainError, match="三员分立"):
        user_reset_password(acting_user=cast.sec_admin, user=cast.sec_admin, password="Temporary#Pass7")
    with pytest.raises(DomainError, match="三员分立"):
        user_set_active(acting_user=cast.sec_admin, user=cast.sec_admin, active=False)


def test_deactivate_and_reactivate_are_audited(cast):
    user_set_active(acting_user=cast.unit_admin_a, user=cast.clerk_a, active=False)
    user_set_active(acting_user=cast.unit_admin_a, user=cast.clerk_a, active=True)
    events = list(AuditEvent.objects.filter(event__startswith="users.").order_by("seq").values_list("event", flat=True))
    assert events == ["users.deactivated", "users.reactivated"]


def test_unit_admin_cannot_deactivate_a_fellow_administrator(cast):
    other_admin = User.objects.create(username="unit_admin_a2", role="unit_admin", unit=cast.unit_a,
                                      division_id="340882")
    with pytest.raises(DomainError, match="不在您的管理范围内"):
        user_set_active(acting_user=cast.unit_admin_a, user=other_admin, active=False)


def _lock(username, ip="203.0.113.10"):
    AccessAttempt.objects.create(username=username, ip_address=ip, user_agent="test", failures_since_start=5,
                                 attempt_time=timezone.now(), get_data="", post_data="", http_accept="",
                                 path_info="/accounts/login/")


def test_clearing_a_lockout_deletes_the_attempts_and_is_audited(cast):
    _lock("clerk_a")
    lockout_clear(acting_user=cast.sec_admin, username="clerk_a", ip_address="203.0.113.10")
    assert not AccessAttempt.objects.exists()
    row = AuditEvent.objects.get(event="auth.lockout_cleared")
    assert row.actor_username == "secadmin" and row.object_repr == "经信局经办人"
    assert "203.0.113.10" in row.note


def test_a_unit_admin_cannot_clear_another_units_lockout(cast):
    _lock("clerk_b")
    with pytest.raises(DomainError, match="不在您的管理范围内"):
        lockout_clear(acting_user=cast.unit_admin_a, username="clerk_b", ip_address="203.0.113.10")
    assert AccessAttempt.objects.count() == 1


def test_clearing_a_lockout_that_has_lapsed_says_so(cast):
    AccessAttempt.objects.create(username="clerk_a", ip_address="203.0.113.10", user_agent="t",
                                 failures_since_start=0, attempt_time=timezone.now() - timedelta(hours=1),
                                 get_data="", post_data="", http_accept="", path_info="/")
    with pytest.raises(DomainError, match="没有锁定记录"):
        lockout_clear(acting_user=cast.sec_admin, username="clerk_a", ip_address="203.0.113.10")


def test_a_disabled_unit_takes_no_new_account(cast):
    cast.unit_b.is_active = False
    cast.unit_b.save(update_fields=["is_active"])
    with pytest.raises(DomainError, match="单位“自然资源局”已停用，不能绑定账号。"):
        _create(cast.sec_admin, division=_county(), unit=cast.unit_b)
