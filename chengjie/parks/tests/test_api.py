"""The park and enterprise API: pages' scope, services and audit; phones masked unless revealed."""

import secrets

import pytest

from chengjie.api.authentication import token_hash
from chengjie.api.models import ApiToken
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import OTHER_COUNTY, login_as
from chengjie.org.models import Unit
from chengjie.parks.models import Enterprise, Park
from chengjie.parks.services import enterprise_create, park_create

pytestmark = pytest.mark.django_db

USCC_B = "91340882MA2N0C1Y24"
USCC_C = "91340882MA2N0D2K0F"


def bearer(user) -> dict:
    raw = "cj_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="测试脚本", prefix=raw[:8], key_hash=token_hash(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _names(response) -> set[str]:
    return {row["name"] for row in response.json()["results"]}


@pytest.fixture
def resort(cast):
    return park_create(acting_user=cast.bureau, name="天柱山旅游度假区", kind=Park.Kind.RESORT,
                       division_code="340882401")


@pytest.fixture
def yuantan_firm(cast):
    return enterprise_create(acting_user=cast.bureau, uscc=USCC_B, name="潜山源潭毛刷厂", division_code="340882101",
                             industry_code="4111")


def _firm_body(**extra):
    body = {"uscc": USCC_C, "name": "安徽示例机电有限公司", "division": "340882400", "industry": "3811",
            "contact_phone": "13600001234"}
    body.update(extra)
    return body


# --- reading


def test_enterprises_by_token_are_scoped_and_masked(client, cast, yuantan_firm):
    response = client.get("/api/enterprises/", **bearer(cast.leader))
    assert _names(response) == {"安徽潜山示例刷业有限公司", "潜山源潭毛刷厂"}
    row = next(r for r in response.json()["results"] if r["id"] == cast.firm.pk)
    assert row["contact_phone"] == "139****5678" and "13912345678" not in response.content.decode()


def test_park_user_and_firm_user_see_only_their_own(client, cast, yuantan_firm):
    assert _names(client.get("/api/enterprises/", **bearer(cast.park))) == {"安徽潜山示例刷业有限公司"}
    assert client.get(f"/api/enterprises/{yuantan_firm.pk}/", **bearer(cast.park)).status_code == 404
    login_as(client, cast.enterprise)
    assert _names(client.get("/api/enterprises/")) == {"安徽潜山示例刷业有限公司"}
    assert client.get(f"/api/enterprises/{yuantan_firm.pk}/").status_code == 404


def test_outsider_sees_none_of_our_parks_or_firms(client, cast):
    headers = bearer(cast.outsider)
    assert client.get("/api/enterprises/", **headers).json()["count"] == 0
    assert client.get("/api/parks/", **headers).json()["count"] == 0
    assert client.get(f"/api/enterprises/{cast.firm.pk}/", **headers).status_code == 404
    assert client.get(f"/api/parks/{cast.park_obj.pk}/", **headers).status_code == 404


def test_enterprise_filters_are_the_pages_filters(client, cast, yuantan_firm):
    headers = bearer(cast.bureau)
    assert _names(client.get("/api/enterprises/?industry=41", **headers)) == {"潜山源潭毛刷厂"}
    assert _names(client.get(f"/api/enterprises/?park={cast.park_obj.pk}", **headers)) == {"安徽潜山示例刷业有限公司"}
    assert _names(client.get("/api/enterprises/?q=91340882MA2N0C", **headers)) == {"潜山源潭毛刷厂"}


def test_parks_list_with_firm_counts(client, cast, resort):
    rows = {r["name"]: r for r in client.get("/api/parks/", **bearer(cast.leader)).json()["results"]}
    assert set(rows) == {"安徽潜山经济开发区", "天柱山旅游度假区"}
    assert rows["安徽潜山经济开发区"]["enterprise_count"] == 1 and rows["天柱山旅游度假区"]["kind"] == "resort"


# --- writing enterprises


def test_bureau_registers_a_firm_by_token_and_it_is_audited(client, cast):
    response = client.post("/api/enterprises/", _firm_body(park=cast.park_obj.pk), content_type="application/json",
                           **bearer(cast.bureau))
    assert response.status_code == 201, response.json()
    assert response.json()["contact_phone"] == "136****1234"
    firm = Enterprise.objects.get(uscc=USCC_C)
    event = AuditEvent.objects.get(event="enterprise.created")
    assert event.object_id == str(firm.pk) and event.channel == "api" and event.actor_username == "bureau"


def test_wrong_check_character_is_a_400_with_the_reason(client, cast):
    response = client.post("/api/enterprises/", _firm_body(uscc="91340882MA2N0D2K0Y"),
                           content_type="application/json", **bearer(cast.bureau))
    assert response.status_code == 400
    assert response.json() == {"detail": "统一社会信用代码校验位错误：应为 F，实为 Y。", "code": "invalid",
                               "field": "uscc"}
    assert not Enterprise.objects.filter(uscc__startswith="91340882MA2N0D2K0").exists()


def test_park_in_another_county_in_the_body_is_refused_and_nothing_written(client, cast):
    other_park = Park.objects.create(name="桐城经济开发区", kind=Park.Kind.PROVINCIAL, division_id=OTHER_COUNTY)
    response = client.post("/api/enterprises/", _firm_body(park=other_park.pk), content_type="application/json",
                           **bearer(cast.bureau))
    assert response.status_code == 400 and response.json()["field"] == "park"
    assert "不在您的数据范围内" in response.json()["detail"]
    response = client.post("/api/enterprises/", _firm_body(division=OTHER_COUNTY), content_type="application/json",
                           **bearer(cast.bureau))
    assert response.status_code == 400 and response.json()["field"] == "division"
    assert Enterprise.objects.count() == 1 and not AuditEvent.objects.filter(event="enterprise.created").exists()


def test_park_user_writes_only_their_parks_firms(client, cast, yuantan_firm):
    headers = bearer(cast.park)
    response = client.patch(f"/api/enterprises/{cast.firm.pk}/", {"address": "皖源路 1 号"},
                            content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["address"] == "皖源路 1 号"
    assert client.patch(f"/api/enterprises/{yuantan_firm.pk}/", {"address": "x"}, content_type="application/json",
                        **headers).status_code == 404
    response = client.post("/api/enterprises/", _firm_body(), content_type="application/json", **headers)
    assert response.status_code == 400 and response.json()["field"] == "park"


def test_read_only_users_cannot_write_firms(client, cast):
    headers = bearer(cast.leader)
    assert client.post("/api/enterprises/", _firm_body(), content_type="application/json",
                       **headers).status_code == 403
    assert client.patch(f"/api/enterprises/{cast.firm.pk}/", {"name": "x"}, content_type="application/json",
                        **headers).status_code == 403
    login_as(client, cast.enterprise)
    assert client.patch(f"/api/enterprises/{cast.firm.pk}/", {"name": "x"},
                        content_type="application/json").status_code == 403
    cast.firm.refresh_from_db()
    assert cast.firm.name == "安徽潜山示例刷业有限公司"


def test_disable_a_firm_needs_a_reason(client, cast):
    headers = bearer(cast.bureau)
    assert client.post(f"/api/enterprises/{cast.firm.pk}/disable/", {}, content_type="application/json",
                       **headers).status_code == 400
    response = client.post(f"/api/enterprises/{cast.firm.pk}/disable/", {"reason": "注销"},
                           content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert AuditEvent.objects.get(event="enterprise.disabled").channel == "api"


# --- revealing personal data


def test_reveal_by_api_with_a_purpose_is_audited(client, cast):
    response = client.post(f"/api/enterprises/{cast.firm.pk}/reveal/",
                           {"field": "contact_phone", "purpose": "联系企业核实项目进度"},
                           content_type="application/json", **bearer(cast.bureau))
    assert response.json() == {"field": "contact_phone", "value": "13912345678"}
    event = AuditEvent.objects.get(event="personal.revealed")
    assert event.note == "联系企业核实项目进度" and event.channel == "api"


def test_reveal_by_api_is_refused_without_capability_or_purpose(client, cast):
    assert client.post(f"/api/enterprises/{cast.firm.pk}/reveal/", {"field": "contact_phone", "purpose": "核实进度情况"},
                       content_type="application/json", **bearer(cast.park)).status_code == 403
    response = client.post(f"/api/enterprises/{cast.firm.pk}/reveal/", {"field": "contact_phone", "purpose": "看"},
                           content_type="application/json", **bearer(cast.bureau))
    assert response.status_code == 400 and response.json()["field"] == "purpose"
    assert not AuditEvent.objects.filter(event="personal.revealed").exists()


# --- writing parks


def test_bureau_registers_and_park_user_edits_parks(client, cast, resort):
    response = client.post("/api/parks/", {"name": "源潭刷业产业园", "kind": "cluster", "division": "340882101",
                                           "planned_area_km2": "3.50"}, content_type="application/json",
                           **bearer(cast.bureau))
    assert response.status_code == 201 and response.json()["planned_area_km2"] == "3.50"
    headers = bearer(cast.park)
    response = client.patch(f"/api/parks/{cast.park_obj.pk}/", {"built_area_km2": "10.70"},
                            content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["built_area_km2"] == "10.70"
    assert client.patch(f"/api/parks/{resort.pk}/", {"built_area_km2": "1"}, content_type="application/json",
                        **headers).status_code == 404
    assert [e.event for e in AuditEvent.objects.filter(event__startswith="park.").order_by("seq")] == [
        "park.created", "park.created", "park.updated"]


def test_park_committee_from_another_county_is_refused(client, cast):
    response = client.post("/api/parks/", {"name": "某园区", "kind": "cluster", "division": "340882",
                                           "committee": Unit.objects.get(division_id=OTHER_COUNTY).pk},
                           content_type="application/json", **bearer(cast.bureau))
    assert response.status_code == 400 and response.json()["field"] == "committee"
    assert not Park.objects.filter(name="某园区").exists()


def test_read_only_user_cannot_write_parks(client, cast):
    headers = bearer(cast.leader)
    assert client.post("/api/parks/", {"name": "x", "kind": "cluster", "division": "340882"},
                       content_type="application/json", **headers).status_code == 403
    assert client.post(f"/api/parks/{cast.park_obj.pk}/disable/", **headers).status_code == 403


def test_openapi_document_describes_parks_and_enterprises(client, cast):
    schema = client.get("/api/openapi.json", **bearer(cast.leader)).json()
    for path in ("/api/parks/", "/api/parks/{id}/", "/api/enterprises/", "/api/enterprises/{id}/reveal/"):
        assert path in schema["paths"]
    enterprise = schema["components"]["schemas"]["Enterprise"]["properties"]
    assert "脱敏" in enterprise["contact_phone"]["description"]
