from io import BytesIO

import pytest
from openpyxl import load_workbook
from stdnum.cn import uscc

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import OTHER_COUNTY, USCC_A, login_as
from chengjie.parks.models import Enterprise, Park
from chengjie.parks.services import enterprise_create, park_create

pytestmark = pytest.mark.django_db

USCC_B = "91340882MA2N0C1Y24"
USCC_C = "91340882MA2N0D2K0F"
USCC_TONGCHENG = "91340881MA2N0B0X1L"


@pytest.fixture
def yuantan_firm(cast):
    """A firm outside any park, in 源潭镇."""
    return enterprise_create(acting_user=cast.bureau, uscc=USCC_B, name="潜山源潭毛刷厂", division_code="340882101",
                             industry_code="4111", contact_phone="13855556666")


@pytest.fixture
def tongcheng_firm(cast):
    return Enterprise.objects.create(uscc=USCC_TONGCHENG, name="桐城某塑业公司", division_id=OTHER_COUNTY)


def _names(response) -> set[str]:
    return {firm.name for firm in response.context["page"].object_list}


def _firm_form(**extra):
    data = {"uscc": USCC_C, "name": "安徽示例机电有限公司", "division": "340882400", "industry": "3811",
            "contact_name": "赵主任", "contact_phone": "13600001234"}
    data.update(extra)
    return data


# --- list


def test_enterprise_list_for_a_county_reader(client, cast, yuantan_firm, tongcheng_firm,
                                             django_assert_max_num_queries):
    login_as(client, cast.leader)
    with django_assert_max_num_queries(10):
        response = client.get("/parks/enterprises/")
    assert _names(response) == {"安徽潜山示例刷业有限公司", "潜山源潭毛刷厂"}
    body = response.content.decode()
    assert "139****5678" in body and "13912345678" not in body and "登记企业" not in body


def test_enterprise_list_query_count_does_not_grow_with_firms(client, cast, django_assert_max_num_queries):
    for n in range(20):
        base = f"91340882MA2N1{n:03d}0"
        enterprise_create(acting_user=cast.bureau, uscc=base + uscc.calc_check_digit(base), name=f"企业{n}",
                          division_code="340882400", park=cast.park_obj, industry_code="4111")
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(10):
        response = client.get("/parks/enterprises/")
    assert len(response.context["page"].object_list) == 21


def test_enterprise_list_search_and_filters(client, cast, yuantan_firm):
    login_as(client, cast.bureau)
    assert _names(client.get("/parks/enterprises/?q=毛刷")) == {"潜山源潭毛刷厂"}
    assert _names(client.get(f"/parks/enterprises/?q={USCC_A.lower()}")) == {"安徽潜山示例刷业有限公司"}
    assert _names(client.get(f"/parks/enterprises/?park={cast.park_obj.pk}")) == {"安徽潜山示例刷业有限公司"}
    assert _names(client.get("/parks/enterprises/?industry=41")) == {"潜山源潭毛刷厂"}
    assert _names(client.get("/parks/enterprises/?industry=C")) == {"潜山源潭毛刷厂"}


def test_park_user_lists_only_their_parks_firms(client, cast, yuantan_firm):
    login_as(client, cast.park)
    assert _names(client.get("/parks/enterprises/")) == {"安徽潜山示例刷业有限公司"}
    assert client.get(f"/parks/enterprises/{yuantan_firm.pk}/").status_code == 404


def test_enterprise_user_sees_only_their_own_firm(client, cast, yuantan_firm):
    login_as(client, cast.enterprise)
    assert _names(client.get("/parks/enterprises/")) == {"安徽潜山示例刷业有限公司"}
    assert client.get(f"/parks/enterprises/{cast.firm.pk}/").status_code == 200
    assert client.get(f"/parks/enterprises/{yuantan_firm.pk}/").status_code == 404
    assert client.get(f"/parks/enterprises/{cast.firm.pk}/edit/").status_code == 403


def test_outsider_sees_none_of_our_firms(client, cast, tongcheng_firm):
    login_as(client, cast.outsider)
    assert _names(client.get("/parks/enterprises/")) == {"桐城某塑业公司"}
    assert client.get(f"/parks/enterprises/{cast.firm.pk}/").status_code == 404
    assert client.get(f"/parks/enterprises/{cast.firm.pk}/edit/").status_code == 404


# --- export


def test_enterprise_export_is_the_filtered_list_masked_and_audited(client, cast, yuantan_firm, tongcheng_firm):
    login_as(client, cast.bureau)
    response = client.get("/parks/enterprises/export.xlsx?industry=41")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    header = rows[0]
    assert header[:2] == ("企业名称", "统一社会信用代码")
    assert [row[0] for row in rows[1:]] == ["潜山源潭毛刷厂"]
    assert rows[1][header.index("联系电话")] == "138****6666"
    event = AuditEvent.objects.get(event="export")
    assert event.object_type == "parks.enterprise" and event.after["rows"] == 1


def test_park_user_export_holds_only_their_firms(client, cast, yuantan_firm):
    login_as(client, cast.park)
    rows = list(load_workbook(BytesIO(client.get("/parks/enterprises/export.xlsx").content)).active.values)
    assert [row[0] for row in rows[1:]] == ["安徽潜山示例刷业有限公司"]


# --- detail


def test_enterprise_detail_is_the_firms_file_with_masked_phones(client, cast):
    login_as(client, cast.leader)
    body = client.get(f"/parks/enterprises/{cast.firm.pk}/").content.decode()
    assert USCC_A in body and "安徽潜山经济开发区" in body
    assert "139****5678" in body and "13912345678" not in body
    assert "<summary>查看完整号码</summary>" not in body  # the leader holds no personal.reveal


# --- create / edit / disable


def test_bureau_registers_a_firm(client, cast):
    login_as(client, cast.bureau)
    response = client.post("/parks/enterprises/new/", _firm_form(park=cast.park_obj.pk, uscc=USCC_C.lower()))
    firm = Enterprise.objects.get(uscc=USCC_C)
    assert response.status_code == 302 and firm.industry_id == "3811"
    assert AuditEvent.objects.filter(event="enterprise.created", object_id=str(firm.pk)).exists()


def test_wrong_check_character_is_refused_with_the_reason(client, cast):
    login_as(client, cast.bureau)
    response = client.post("/parks/enterprises/new/", _firm_form(uscc="91340882MA2N0D2K0Y"))
    assert response.status_code == 200
    assert "统一社会信用代码校验位错误：应为 F，实为 Y" in str(response.context["form"].errors["uscc"])
    assert not Enterprise.objects.filter(name="安徽示例机电有限公司").exists()


def test_duplicate_uscc_names_the_registered_firm(client, cast):
    login_as(client, cast.bureau)
    response = client.post("/parks/enterprises/new/", _firm_form(uscc=USCC_A))
    assert "已登记为安徽潜山示例刷业有限公司" in str(response.context["form"].errors["uscc"])


def test_firm_form_refuses_a_division_or_park_outside_scope(client, cast):
    other_park = Park.objects.create(name="桐城经济开发区", kind=Park.Kind.PROVINCIAL, division_id=OTHER_COUNTY)
    login_as(client, cast.bureau)
    response = client.post("/parks/enterprises/new/", _firm_form(division=OTHER_COUNTY))
    assert "不在您的数据范围内" in str(response.context["form"].errors["division"])
    response = client.post("/parks/enterprises/new/", _firm_form(park=other_park.pk))
    assert "不在您的数据范围内" in str(response.context["form"].errors["park"])
    assert Enterprise.objects.count() == 1


def test_park_user_registers_firms_in_their_park_only(client, cast):
    resort = park_create(acting_user=cast.bureau, name="天柱山旅游度假区", kind=Park.Kind.RESORT,
                         division_code="340882401")
    login_as(client, cast.park)
    assert client.get("/parks/enterprises/new/").context["form"].initial["park"] == cast.park_obj.pk
    response = client.post("/parks/enterprises/new/", _firm_form(park=resort.pk))
    assert "park" in response.context["form"].errors
    response = client.post("/parks/enterprises/new/", _firm_form(park=cast.park_obj.pk))
    assert response.status_code == 302


def test_edit_form_never_puts_a_phone_back_unmasked(client, cast):
    login_as(client, cast.bureau)
    body = client.get(f"/parks/enterprises/{cast.firm.pk}/edit/").content.decode()
    assert "13912345678" not in body and "139****5678" in body


def test_edit_with_empty_phone_keeps_the_phone(client, cast):
    login_as(client, cast.bureau)
    response = client.post(f"/parks/enterprises/{cast.firm.pk}/edit/", _firm_form(
        uscc=USCC_A, name="安徽潜山示例刷业有限公司", park=cast.park_obj.pk, address="皖源路 1 号", contact_phone=""))
    assert response.status_code == 302
    cast.firm.refresh_from_db()
    assert cast.firm.contact_phone == "13912345678" and cast.firm.address == "皖源路 1 号"


def test_read_only_user_cannot_change_firms(client, cast):
    login_as(client, cast.leader)
    assert client.get("/parks/enterprises/new/").status_code == 403
    assert client.get(f"/parks/enterprises/{cast.firm.pk}/edit/").status_code == 403
    assert client.post(f"/parks/enterprises/{cast.firm.pk}/disable/", {"reason": "迁出"}).status_code == 403


def test_disable_a_firm_with_a_reason(client, cast):
    login_as(client, cast.park)
    client.post(f"/parks/enterprises/{cast.firm.pk}/disable/", {"reason": "迁出至桐城"})
    cast.firm.refresh_from_db()
    assert not cast.firm.is_active
    assert AuditEvent.objects.get(event="enterprise.disabled").note == "迁出至桐城"
