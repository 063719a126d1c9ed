import pytest

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import OTHER_COUNTY, make_user
from chengjie.org.models import IndustryGroup, Unit
from chengjie.org.services import (
    division_in_scope,
    industry_group_create,
    industry_group_set_active,
    industry_group_update,
    unit_create,
    unit_disable,
    unit_enable,
    unit_update,
)

pytestmark = pytest.mark.django_db


def _events(name):
    return list(AuditEvent.objects.filter(event=name).order_by("seq"))


# --- divisions


def test_division_code_must_exist_in_the_shipped_table(cast):
    with pytest.raises(DomainError) as err:
        division_in_scope(user=cast.sys_admin, code="340899")
    assert "340899" in err.value.message and "区划代码表" in err.value.message
    assert err.value.field == "division"


def test_division_outside_the_users_scope_is_refused_with_its_name(cast):
    with pytest.raises(DomainError) as err:
        division_in_scope(user=cast.sys_admin, code=OTHER_COUNTY)
    assert "桐城市" in err.value.message and "数据范围" in err.value.message


def test_township_inside_the_county_is_accepted(cast):
    assert division_in_scope(user=cast.sys_admin, code=" 340882101 ").name == "源潭镇"


# --- units


def test_unit_create_writes_the_unit_and_its_audit_row(cast):
    unit = unit_create(acting_user=cast.sys_admin, name="潜山市经济和信息化局工业股", kind=Unit.Kind.SECOND_LEVEL,
                       division_code="340882", parent=cast.unit_a, short_name="工业股")
    assert unit.parent == cast.unit_a
    [event] = _events("unit.created")
    assert event.object_id == str(unit.pk)
    assert event.after["parent"] == cast.unit_a.pk and event.after["division"] == "340882"
    assert event.actor_username == "sysadmin"


def test_unit_create_in_another_county_writes_nothing(cast):
    before = Unit.objects.count()
    with pytest.raises(DomainError) as err:
        unit_create(acting_user=cast.sys_admin, name="桐城某局", kind=Unit.Kind.DEPARTMENT, division_code=OTHER_COUNTY)
    assert err.value.field == "division"
    assert Unit.objects.count() == before and not _events("unit.created")


def test_unit_parent_must_be_in_the_same_county(cast):
    outside_parent = Unit.objects.get(division_id=OTHER_COUNTY)
    with pytest.raises(DomainError) as err:
        unit_create(acting_user=cast.sys_admin, name="某股室", kind=Unit.Kind.SECOND_LEVEL, division_code="340882",
                    parent=outside_parent)
    assert err.value.field == "parent" and "数据范围" in err.value.message


def test_unit_parent_in_scope_but_another_county_is_refused(cast, db):
    city_admin = make_user("city_admin", role=Role.SYS_ADMIN, division="3408")
    huaining = unit_create(acting_user=city_admin, name="怀宁县经信局", kind=Unit.Kind.DEPARTMENT,
                           division_code="340822")
    with pytest.raises(DomainError) as err:
        unit_create(acting_user=city_admin, name="潜山某股室", kind=Unit.Kind.SECOND_LEVEL, division_code="340882",
                    parent=huaining)
    assert err.value.field == "parent" and "同一县" in err.value.message


def test_unit_parent_cannot_be_its_own_descendant(cast):
    child = unit_create(acting_user=cast.sys_admin, name="工业股", kind=Unit.Kind.SECOND_LEVEL,
                        division_code="340882", parent=cast.unit_a)
    grandchild = unit_create(acting_user=cast.sys_admin, name="工业股一组", kind=Unit.Kind.OTHER,
                             division_code="340882", parent=child)
    with pytest.raises(DomainError) as err:
        unit_update(acting_user=cast.sys_admin, unit=cast.unit_a, parent=grandchild)
    assert err.value.field == "parent" and "循环" in err.value.message
    with pytest.raises(DomainError):
        unit_update(acting_user=cast.sys_admin, unit=cast.unit_a, parent=cast.unit_a)
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.parent is None


def test_unit_name_is_unique_in_its_division(cast):
    with pytest.raises(DomainError) as err:
        unit_create(acting_user=cast.sys_admin, name=" 潜山市经济和信息化局 ", kind=Unit.Kind.DEPARTMENT,
                    division_code="340882")
    assert err.value.field == "name" and "已有名为" in err.value.message


def test_unit_kind_and_name_are_checked(cast):
    with pytest.raises(DomainError) as err:
        unit_create(acting_user=cast.sys_admin, name="某局", kind="ministry", division_code="340882")
    assert err.value.field == "kind"
    with pytest.raises(DomainError) as err:
        unit_create(acting_user=cast.sys_admin, name="  ", kind=Unit.Kind.DEPARTMENT, division_code="340882")
    assert err.value.field == "name"


def test_unit_update_records_before_and_after(cast):
    unit_update(acting_user=cast.sys_admin, unit=cast.unit_b, short_name="自规局", parent=cast.unit_a)
    [event] = _events("unit.updated")
    assert event.before["short_name"] == "自然资源局" and event.after["short_name"] == "自规局"
    assert event.before["parent"] is None and event.after["parent"] == cast.unit_a.pk


def test_unit_update_refuses_unknown_fields_and_other_counties(cast):
    with pytest.raises(DomainError):
        unit_update(acting_user=cast.sys_admin, unit=cast.unit_a, is_active=False)
    outsider_unit = Unit.objects.get(division_id=OTHER_COUNTY)
    with pytest.raises(DomainError) as err:
        unit_update(acting_user=cast.sys_admin, unit=outsider_unit, short_name="x")
    assert "数据范围" in err.value.message
    assert not _events("unit.updated")


def test_unit_moving_county_is_refused_while_sub_units_stay_behind(cast, db):
    city_admin = make_user("city_admin", role=Role.SYS_ADMIN, division="3408")
    unit_create(acting_user=city_admin, name="工业股", kind=Unit.Kind.SECOND_LEVEL, division_code="340882",
                parent=cast.unit_b)
    with pytest.raises(DomainError) as err:
        unit_update(acting_user=city_admin, unit=cast.unit_b, division_code="340822")
    assert err.value.field == "division" and "工业股" in err.value.message


def test_unit_disable_never_deletes_and_is_audited(cast):
    spare = unit_create(acting_user=cast.sys_admin, name="潜山市统计局", kind=Unit.Kind.DEPARTMENT,
                        division_code="340882")
    unit_disable(acting_user=cast.sys_admin, unit=spare)
    spare.refresh_from_db()
    assert spare.is_active is False
    [event] = _events("unit.disabled")
    assert event.before["is_active"] is True and event.after["is_active"] is False
    unit_enable(acting_user=cast.sys_admin, unit=spare)
    spare.refresh_from_db()
    assert spare.is_active and _events("unit.enabled")


def test_unit_with_active_sub_units_or_accounts_cannot_be_disabled(cast):
    unit_create(acting_user=cast.sys_admin, name="工业股", kind=Unit.Kind.SECOND_LEVEL, division_code="340882",
                parent=cast.unit_b)
    with pytest.raises(DomainError) as err:
        unit_disable(acting_user=cast.sys_admin, unit=cast.unit_b)
    assert "工业股" in err.value.message
    with pytest.raises(DomainError) as err:
        unit_disable(acting_user=cast.sys_admin, unit=cast.unit_a)
    assert "账号" in err.value.message
    assert not _events("unit.disabled")


def test_a_disabled_unit_cannot_be_chosen_as_parent(cast):
    spare = unit_create(acting_user=cast.sys_admin, name="潜山市统计局", kind=Unit.Kind.DEPARTMENT,
                        division_code="340882")
    unit_disable(acting_user=cast.sys_admin, unit=spare)
    spare.refresh_from_db()
    with pytest.raises(DomainError) as err:
        unit_create(acting_user=cast.sys_admin, name="统计股", kind=Unit.Kind.SECOND_LEVEL, division_code="340882",
                    parent=spare)
    assert err.value.field == "parent" and "已停用" in err.value.message


# --- industry groups


def test_industry_group_create_with_leader_lead_unit_and_industries(cast):
    group = industry_group_create(acting_user=cast.sys_admin, name="轻工制刷产业工作组", division_code="340882",
                                  leader=cast.leader, lead_unit=cast.unit_a, industry_codes=["4111", "C", "41"])
    assert sorted(group.industries.values_list("code", flat=True)) == ["41", "4111", "C"]
    [event] = _events("industry_group.created")
    assert event.after["leader"] == cast.leader.pk and event.after["industries"] == ["41", "4111", "C"]


def test_industry_group_leader_must_have_the_leader_role(cast):
    with pytest.raises(DomainError) as err:
        industry_group_create(acting_user=cast.sys_admin, name="医药化工产业工作组", division_code="340882",
                              leader=cast.bureau)
    assert err.value.field == "leader" and "领导" in err.value.message


def test_industry_group_leader_from_another_county_is_refused(cast):
    other_leader = make_user("tongcheng_leader", role=Role.LEADER, division=OTHER_COUNTY)
    with pytest.raises(DomainError) as err:
        industry_group_create(acting_user=cast.sys_admin, name="医药化工产业工作组", division_code="340882",
                              leader=other_leader)
    assert err.value.field == "leader" and "数据范围" in err.value.message
    assert not IndustryGroup.objects.exists()


def test_industry_group_lead_unit_must_be_in_scope(cast):
    with pytest.raises(DomainError) as err:
        industry_group_create(acting_user=cast.sys_admin, name="纺织服装产业工作组", division_code="340882",
                              lead_unit=Unit.objects.get(division_id=OTHER_COUNTY))
    assert err.value.field == "lead_unit"


def test_industry_group_industries_must_be_gbt4754_codes(cast):
    with pytest.raises(DomainError) as err:
        industry_group_create(acting_user=cast.sys_admin, name="纺织服装产业工作组", division_code="340882",
                              industry_codes=["17", "9999"])
    assert err.value.field == "industries" and "9999" in err.value.message
    assert not IndustryGroup.objects.exists()


def test_industry_group_update_replaces_industries_and_audits(cast):
    group = industry_group_create(acting_user=cast.sys_admin, name="纺织服装产业工作组", division_code="340882",
                                  industry_codes=["17"])
    industry_group_update(acting_user=cast.sys_admin, group=group, industry_codes=["17", "18"], lead_unit=cast.unit_b)
    [event] = _events("industry_group.updated")
    assert event.before["industries"] == ["17"] and event.after["industries"] == ["17", "18"]
    assert event.after["lead_unit"] == cast.unit_b.pk


def test_industry_group_name_is_unique_and_disabling_is_audited(cast):
    group = industry_group_create(acting_user=cast.sys_admin, name="纺织服装产业工作组", division_code="340882")
    with pytest.raises(DomainError):
        industry_group_create(acting_user=cast.sys_admin, name="纺织服装产业工作组", division_code="340882")
    industry_group_set_active(acting_user=cast.sys_admin, group=group, is_active=False)
    group.refresh_from_db()
    assert not group.is_active and _events("industry_group.disabled")
    with pytest.raises(DomainError):
        industry_group_set_active(acting_user=cast.sys_admin, group=group, is_active=False)


def test_a_disabled_unit_is_not_edited_and_is_enabled_only_under_an_active_parent(cast):
    child = unit_create(acting_user=cast.sys_admin, name="统计股", kind=Unit.Kind.SECOND_LEVEL,
                        division_code="340882", parent=cast.unit_b)
    unit_disable(acting_user=cast.sys_admin, unit=child)
    with pytest.raises(DomainError) as err:
        unit_update(acting_user=cast.sys_admin, unit=child, short_name="x")
    assert "已停用" in err.value.message
    parent = unit_create(acting_user=cast.sys_admin, name="潜山市统计局", kind=Unit.Kind.DEPARTMENT,
                         division_code="340882")
    Unit.objects.filter(pk=child.pk).update(parent=parent)
    unit_disable(acting_user=cast.sys_admin, unit=parent)
    with pytest.raises(DomainError) as err:
        unit_enable(acting_user=cast.sys_admin, unit=child)
    assert err.value.field == "parent" and "潜山市统计局" in err.value.message


def test_industry_group_leader_must_see_the_groups_division(cast):
    city_admin = make_user("city_admin", role=Role.SYS_ADMIN, division="3408")
    huaining_leader = make_user("huaining_leader", role=Role.LEADER, division="340822")
    with pytest.raises(DomainError) as err:
        industry_group_create(acting_user=city_admin, name="医药化工产业工作组", division_code="340882",
                              leader=huaining_leader)
    assert err.value.field == "leader" and "数据范围不包含" in err.value.message


def test_industry_group_lead_unit_must_be_in_the_groups_county(cast):
    city_admin = make_user("city_admin", role=Role.SYS_ADMIN, division="3408")
    huaining_unit = unit_create(acting_user=city_admin, name="怀宁县经信局", kind=Unit.Kind.DEPARTMENT,
                                division_code="340822")
    with pytest.raises(DomainError) as err:
        industry_group_create(acting_user=city_admin, name="医药化工产业工作组", division_code="340882",
                              lead_unit=huaining_unit)
    assert err.value.field == "lead_unit" and "所在的县" in err.value.message
    assert not IndustryGroup.objects.exists()
