from datetime import date, timedelta
from decimal import Decimal

import pytest

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import OTHER_COUNTY, USCC_A, make_user
from chengjie.org.models import Unit
from chengjie.parks.masking import mask_phone
from chengjie.parks.models import Enterprise, Park
from chengjie.parks.services import (
    enterprise_create,
    enterprise_disable,
    enterprise_update,
    park_create,
    park_disable,
    park_update,
    personal_reveal,
    uscc_clean,
)

pytestmark = pytest.mark.django_db

USCC_B = "91340882MA2N0C1Y24"
USCC_C = "91340882MA2N0D2K0F"


def _events(name):
    return list(AuditEvent.objects.filter(event=name).order_by("seq"))


# --- USCC


def test_uscc_is_normalised_before_validation():
    assert uscc_clean(" 91340882ma2n0b0x13 ") == USCC_A
    assert uscc_clean("９１３４０８８２ＭＡ２Ｎ０Ｂ０Ｘ１３") == USCC_A


def test_uscc_wrong_check_character_names_the_expected_one():
    with pytest.raises(DomainError) as err:
        uscc_clean("91340882MA2N0C1Y2Y")
    assert err.value.message == "统一社会信用代码校验位错误：应为 4，实为 Y。"
    assert err.value.field == "uscc"


def test_uscc_wrong_length_is_told_apart_from_a_wrong_character():
    with pytest.raises(DomainError) as err:
        uscc_clean("91340882MA2N0")
    assert "应为 18 位，实为 13 位" in err.value.message
    with pytest.raises(DomainError) as err:
        uscc_clean("91340882MA2N0O1Y24")
    assert "第 14 位“O”" in err.value.message
    with pytest.raises(DomainError) as err:
        uscc_clean("9A340882MA2N0C1Y24")
    assert "第 2 位“A”" in err.value.message and "只能是数字" in err.value.message
    with pytest.raises(DomainError) as err:
        uscc_clean("  ")
    assert "请填写" in err.value.message


# --- parks


def test_park_create_is_audited(cast):
    park = park_create(acting_user=cast.bureau, name="源潭刷业产业园", kind=Park.Kind.CLUSTER,
                       division_code="340882101", planned_area_km2=Decimal("3.5"), built_area_km2=Decimal("2.1"))
    [event] = _events("park.created")
    assert event.object_id == str(park.pk) and event.after["planned_area_km2"] == "3.50"


def test_park_in_another_county_is_refused_and_nothing_written(cast):
    before = Park.objects.count()
    with pytest.raises(DomainError) as err:
        park_create(acting_user=cast.bureau, name="桐城经开区", kind=Park.Kind.PROVINCIAL, division_code=OTHER_COUNTY)
    assert err.value.field == "division"
    with pytest.raises(DomainError) as err:
        park_create(acting_user=cast.bureau, name="某园区", kind=Park.Kind.CLUSTER, division_code="340882",
                    committee=Unit.objects.get(division_id=OTHER_COUNTY))
    assert err.value.field == "committee" and "数据范围" in err.value.message
    assert Park.objects.count() == before and not _events("park.created")


def test_park_figures_are_checked(cast):
    with pytest.raises(DomainError) as err:
        park_create(acting_user=cast.bureau, name="某园区", kind=Park.Kind.CLUSTER, division_code="340882",
                    built_area_km2=Decimal("-1"))
    assert err.value.field == "built_area_km2"
    with pytest.raises(DomainError) as err:
        park_create(acting_user=cast.bureau, name="某园区", kind=Park.Kind.CLUSTER, division_code="340882",
                    approved_on=date.today() + timedelta(days=3))
    assert err.value.field == "approved_on"
    with pytest.raises(DomainError) as err:
        park_create(acting_user=cast.bureau, name="安徽潜山经济开发区", kind=Park.Kind.CLUSTER,
                    division_code="340882400")
    assert err.value.field == "name"


def test_park_user_edits_only_their_own_park(cast):
    park_update(acting_user=cast.park, park=cast.park_obj, built_area_km2=Decimal("10.7"))
    other = park_create(acting_user=cast.bureau, name="天柱山旅游度假区", kind=Park.Kind.RESORT,
                        division_code="340882401")
    with pytest.raises(DomainError) as err:
        park_update(acting_user=cast.park, park=other, built_area_km2=Decimal("1"))
    assert "数据范围" in err.value.message
    with pytest.raises(DomainError) as err:
        park_update(acting_user=cast.park, park=cast.park_obj, committee=cast.unit_a)
    assert err.value.field == "committee"
    assert len(_events("park.updated")) == 1


def test_park_with_firms_cannot_be_disabled(cast):
    with pytest.raises(DomainError) as err:
        park_disable(acting_user=cast.bureau, park=cast.park_obj)
    assert "1 家存续企业" in err.value.message
    empty = park_create(acting_user=cast.bureau, name="黄铺工业聚集区", kind=Park.Kind.CLUSTER,
                        division_code="340882104")
    park_disable(acting_user=cast.bureau, park=empty)
    empty.refresh_from_db()
    assert not empty.is_active and _events("park.disabled")


# --- enterprises


def _new_firm(user, **extra):
    fields = dict(uscc=USCC_B, name="安徽源潭示例毛刷有限公司", division_code="340882101", industry_code="4111",
                  contact_phone="13955565678", legal_representative="李某", legal_representative_phone="13800001111")
    fields.update(extra)
    return enterprise_create(acting_user=user, **fields)


def test_enterprise_create_is_audited_without_the_phones(cast):
    firm = _new_firm(cast.bureau)
    assert firm.industry_id == "4111"
    [event] = _events("enterprise.created")
    assert event.after["uscc"] == USCC_B
    assert "13955565678" not in str(event.after) and "13800001111" not in str(event.after)


def test_enterprise_uscc_must_be_unique_and_names_the_holder(cast):
    with pytest.raises(DomainError) as err:
        _new_firm(cast.bureau, uscc=USCC_A.lower())
    assert err.value.message == "该统一社会信用代码已登记为安徽潜山示例刷业有限公司。"


def test_enterprise_with_a_wrong_check_character_writes_nothing(cast):
    with pytest.raises(DomainError) as err:
        _new_firm(cast.bureau, uscc="91340882MA2N0C1Y2Y")
    assert "校验位错误：应为 4，实为 Y" in err.value.message
    assert Enterprise.objects.count() == 1 and not _events("enterprise.created")


def test_enterprise_park_in_another_county_is_refused(cast):
    other_park = Park.objects.create(name="桐城经济开发区", kind=Park.Kind.PROVINCIAL, division_id=OTHER_COUNTY)
    with pytest.raises(DomainError) as err:
        _new_firm(cast.bureau, park=other_park)
    assert err.value.field == "park" and "数据范围" in err.value.message


def test_enterprise_industry_must_be_in_gbt4754(cast):
    with pytest.raises(DomainError) as err:
        _new_firm(cast.bureau, industry_code="4118")
    assert err.value.field == "industry"


def test_enterprise_phone_shape_is_checked(cast):
    with pytest.raises(DomainError) as err:
        _new_firm(cast.bureau, contact_phone="call me")
    assert err.value.field == "contact_phone"


def test_park_user_registers_firms_only_in_their_park(cast):
    firm = _new_firm(cast.park, park=cast.park_obj, division_code="340882400")
    assert firm.park == cast.park_obj
    with pytest.raises(DomainError) as err:
        _new_firm(cast.park, uscc=USCC_C)
    assert err.value.field == "park"
    resort = park_create(acting_user=cast.bureau, name="天柱山旅游度假区", kind=Park.Kind.RESORT,
                         division_code="340882401")
    with pytest.raises(DomainError) as err:
        _new_firm(cast.park, uscc=USCC_C, park=resort, division_code="340882401")
    assert err.value.field == "park"


def test_park_user_cannot_update_a_firm_outside_their_park(cast):
    outside = _new_firm(cast.bureau)
    with pytest.raises(DomainError):
        enterprise_update(acting_user=cast.park, enterprise=outside, name="改名")
    enterprise_update(acting_user=cast.park, enterprise=cast.firm, address="潜山经开区皖源路 1 号")
    [event] = _events("enterprise.updated")
    assert event.after["address"] == "潜山经开区皖源路 1 号"


def test_enterprise_phone_change_is_audited_by_name_not_value(cast):
    enterprise_update(acting_user=cast.bureau, enterprise=cast.firm, contact_phone="13700002222")
    [event] = _events("enterprise.updated")
    assert event.after["personal_fields_changed"] == ["contact_phone"]
    assert "13700002222" not in str(event.after) and "13912345678" not in str(event.before)


def test_enterprise_disable_needs_a_reason_and_keeps_the_file(cast):
    with pytest.raises(DomainError) as err:
        enterprise_disable(acting_user=cast.bureau, enterprise=cast.firm, reason=" ")
    assert err.value.field == "reason"
    enterprise_disable(acting_user=cast.bureau, enterprise=cast.firm, reason="迁出至桐城")
    cast.firm.refresh_from_db()
    assert cast.firm.is_active is False
    [event] = _events("enterprise.disabled")
    assert event.note == "迁出至桐城"


# --- personal data


def test_phones_are_masked_to_first_three_and_last_four():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("0556-8921234") == "055****1234"
    assert mask_phone("") == ""


def test_reveal_needs_the_capability_and_a_purpose_and_is_audited(cast):
    with pytest.raises(DomainError):
        personal_reveal(acting_user=cast.leader, enterprise=cast.firm, field="contact_phone", purpose="联系企业核实进度")
    with pytest.raises(DomainError) as err:
        personal_reveal(acting_user=cast.bureau, enterprise=cast.firm, field="contact_phone", purpose="看看")
    assert err.value.field == "purpose"
    assert not _events("personal.revealed")
    value = personal_reveal(acting_user=cast.bureau, enterprise=cast.firm, field="contact_phone",
                            purpose="联系企业核实项目进度")
    assert value == "13912345678"
    [event] = _events("personal.revealed")
    assert event.note == "联系企业核实项目进度" and event.after["field"] == "contact_phone"
    assert "13912345678" not in str(event.after)


def test_park_committee_must_be_in_the_parks_county(cast):
    city_bureau = make_user("city_bureau", role=Role.BUREAU, division="3408")
    huaining_unit = Unit.objects.create(name="怀宁经开区管委会", kind=Unit.Kind.PARK, division_id="340822")
    with pytest.raises(DomainError) as err:
        park_create(acting_user=city_bureau, name="某园区", kind=Park.Kind.CLUSTER, division_code="340882",
                    committee=huaining_unit)
    assert err.value.field == "committee" and "同一县" in err.value.message


def test_a_disabled_park_is_neither_edited_nor_chosen(cast):
    empty = park_create(acting_user=cast.bureau, name="黄铺工业聚集区", kind=Park.Kind.CLUSTER,
                        division_code="340882104")
    park_disable(acting_user=cast.bureau, park=empty)
    empty.refresh_from_db()
    with pytest.raises(DomainError) as err:
        park_update(acting_user=cast.bureau, park=empty, built_area_km2=Decimal("1"))
    assert "已停用" in err.value.message
    with pytest.raises(DomainError) as err:
        _new_firm(cast.bureau, park=empty)
    assert err.value.field == "park" and "已停用" in err.value.message


def test_enterprise_park_must_be_in_the_firms_county(cast):
    city_bureau = make_user("city_bureau", role=Role.BUREAU, division="3408")
    with pytest.raises(DomainError) as err:
        _new_firm(city_bureau, park=cast.park_obj, division_code="340822")
    assert err.value.field == "park" and "同一县" in err.value.message


def test_enterprise_figures_are_checked(cast):
    with pytest.raises(DomainError) as err:
        _new_firm(cast.bureau, registered_capital=Decimal("-5"))
    assert err.value.field == "registered_capital"
    with pytest.raises(DomainError) as err:
        _new_firm(cast.bureau, established_on=date.today() + timedelta(days=1))
    assert err.value.field == "established_on"


def test_a_firm_no_longer_operating_is_not_edited(cast):
    enterprise_disable(acting_user=cast.bureau, enterprise=cast.firm, reason="注销")
    with pytest.raises(DomainError) as err:
        enterprise_update(acting_user=cast.bureau, enterprise=cast.firm, address="x")
    assert "已注销或迁出" in err.value.message
    with pytest.raises(DomainError):
        enterprise_disable(acting_user=cast.bureau, enterprise=cast.firm, reason="注销")


def test_only_personal_fields_can_be_revealed(cast):
    with pytest.raises(DomainError) as err:
        personal_reveal(acting_user=cast.bureau, enterprise=cast.firm, field="uscc", purpose="核实统一代码")
    assert err.value.field == "field"
