from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import OTHER_COUNTY, login_as
from chengjie.org.models import Unit
from chengjie.parks.models import Park
from chengjie.parks.services import park_create, park_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def resort(cast):
    return park_create(acting_user=cast.bureau, name="天柱山旅游度假区", kind=Park.Kind.RESORT,
                       division_code="340882401")


@pytest.fixture
def tongcheng_park(cast):
    return Park.objects.create(name="桐城经济开发区", kind=Park.Kind.PROVINCIAL, division_id=OTHER_COUNTY)


def _names(response) -> set[str]:
    return {park.name for park in response.context["page"].object_list}


def test_park_list_for_a_county_reader(client, cast, resort, tongcheng_park, django_assert_max_num_queries):
    login_as(client, cast.leader)
    with django_assert_max_num_queries(8):
        response = client.get("/parks/")
    assert _names(response) == {"安徽潜山经济开发区", "天柱山旅游度假区"}
    assert "登记园区" not in response.content.decode()
    assert {p.name: p.enterprise_count for p in response.context["page"].object_list}["安徽潜山经济开发区"] == 1


def test_park_list_filters(client, cast, resort):
    login_as(client, cast.bureau)
    assert _names(client.get("/parks/?kind=resort")) == {"天柱山旅游度假区"}
    assert _names(client.get("/parks/?division=340882400")) == {"安徽潜山经济开发区"}
    assert _names(client.get("/parks/?q=天柱山")) == {"天柱山旅游度假区"}


def test_park_user_sees_only_their_park(client, cast, resort):
    login_as(client, cast.park)
    assert _names(client.get("/parks/")) == {"安徽潜山经济开发区"}
    assert client.get(f"/parks/{resort.pk}/").status_code == 404
    assert client.get(f"/parks/{resort.pk}/edit/").status_code == 404


def test_outsider_and_firm_see_no_park_of_ours(client, cast, tongcheng_park):
    login_as(client, cast.outsider)
    assert _names(client.get("/parks/")) == {"桐城经济开发区"}
    assert client.get(f"/parks/{cast.park_obj.pk}/").status_code == 404
    login_as(client, cast.enterprise)
    assert _names(client.get("/parks/")) == set()


def test_park_detail_shows_catalogue_facts_and_enterprises(client, cast):
    park_update(acting_user=cast.bureau, park=cast.park_obj, catalogue_code="S347081", approved_by="安徽省人民政府",
                approved_on=date(2006, 3, 1), approved_area_ha=Decimal("300"), leading_industries="制刷、机械、电子")
    login_as(client, cast.leader)
    body = client.get(f"/parks/{cast.park_obj.pk}/").content.decode()
    for text in ("S347081", "安徽省人民政府", "2006-03-01", "300.00", "制刷、机械、电子", "安徽潜山示例刷业有限公司"):
        assert text in body
    assert "修改" not in body


def test_park_export_matches_the_filter_and_is_audited(client, cast, resort, tongcheng_park):
    login_as(client, cast.bureau)
    response = client.get("/parks/export.xlsx?kind=resort")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][0] == "园区名称" and [row[0] for row in rows[1:]] == ["天柱山旅游度假区"]
    event = AuditEvent.objects.get(event="export")
    assert event.object_type == "parks.park" and event.after == {"rows": 1, "filters": {"kind": "resort"}}


def test_bureau_registers_a_park(client, cast):
    login_as(client, cast.bureau)
    response = client.post("/parks/new/", {"name": "源潭刷业产业园", "kind": "cluster", "division": "340882101",
                                           "planned_area_km2": "3.5", "built_area_km2": "2.10"})
    park = Park.objects.get(name="源潭刷业产业园")
    assert response.status_code == 302 and park.planned_area_km2 == Decimal("3.50")
    assert AuditEvent.objects.filter(event="park.created", object_id=str(park.pk)).exists()


def test_park_form_refuses_a_committee_outside_scope(client, cast):
    login_as(client, cast.bureau)
    count = Park.objects.count()
    response = client.post("/parks/new/", {"name": "某园区", "kind": "cluster", "division": "340882",
                                           "committee": Unit.objects.get(division_id=OTHER_COUNTY).pk})
    assert "不在您的数据范围内" in str(response.context["form"].errors["committee"])
    assert Park.objects.count() == count


def test_park_user_edits_their_own_park(client, cast):
    login_as(client, cast.park)
    response = client.post(f"/parks/{cast.park_obj.pk}/edit/", {
        "name": "安徽潜山经济开发区", "kind": "provincial", "division": "340882400", "committee": cast.park_unit.pk,
        "built_area_km2": "10.7"})
    assert response.status_code == 302
    cast.park_obj.refresh_from_db()
    assert cast.park_obj.built_area_km2 == Decimal("10.70")


def test_read_only_user_cannot_change_parks(client, cast):
    login_as(client, cast.leader)
    assert client.get("/parks/new/").status_code == 403
    assert client.get(f"/parks/{cast.park_obj.pk}/edit/").status_code == 403
    assert client.post(f"/parks/{cast.park_obj.pk}/disable/").status_code == 403


def test_disabling_a_park_with_firms_is_refused_with_the_reason(client, cast, resort):
    login_as(client, cast.bureau)
    body = client.post(f"/parks/{cast.park_obj.pk}/disable/", follow=True).content.decode()
    assert "1 家存续企业" in body
    client.post(f"/parks/{resort.pk}/disable/")
    resort.refresh_from_db()
    assert not resort.is_active
