"""The organisation API: same scope, rules and audit as the pages, by session and by bearer token."""

import secrets

import pytest

from chengjie.api.authentication import token_hash
from chengjie.api.models import ApiToken
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import OTHER_COUNTY, login_as
from chengjie.org.models import Unit
from chengjie.org.services import industry_group_create, unit_create

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    raw = "cj_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="测试脚本", prefix=raw[:8], key_hash=token_hash(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _names(response) -> set[str]:
    return {row["name"] for row in response.json()["results"]}


# --- units: reading


def test_units_by_session_are_the_users_scope(client, cast):
    login_as(client, cast.clerk_a)
    response = client.get("/api/units/")
    assert response.status_code == 200
    assert "潜山市经济和信息化局" in _names(response) and "桐城市经济和信息化局" not in _names(response)
    row = next(r for r in response.json()["results"] if r["id"] == cast.unit_a.pk)
    assert row["division"] == "340882" and row["kind_display"] == "县直单位"


def test_units_by_token_for_the_outsider_hold_none_of_ours(client, cast):
    headers = bearer(cast.outsider)
    assert _names(client.get("/api/units/", **headers)) == {"桐城市经济和信息化局"}
    assert client.get(f"/api/units/{cast.unit_a.pk}/", **headers).status_code == 404


def test_unit_filters_are_the_pages_filters(client, cast):
    unit_create(acting_user=cast.sys_admin, name="源潭镇人民政府", kind=Unit.Kind.TOWNSHIP, division_code="340882101")
    headers = bearer(cast.leader)
    assert _names(client.get("/api/units/?kind=township", **headers)) == {"源潭镇人民政府"}
    assert _names(client.get("/api/units/?division=340882400", **headers)) == {"安徽潜山经济开发区管委会"}


def test_anonymous_and_bad_tokens_are_refused(client, cast):
    assert client.get("/api/units/").status_code in (401, 403)
    assert client.get("/api/units/", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_user_without_org_view_is_refused(client, cast):
    login_as(client, cast.enterprise)
    assert client.get("/api/units/").status_code == 403


# --- units: writing


# The system administrator holds no api.tokens (三员 act through the pages), so unit writes come by session.


def test_system_admin_creates_a_unit_and_it_is_audited(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post("/api/units/", {"name": "经信局工业股", "kind": "second_level", "division": "340882",
                                           "parent": cast.unit_a.pk}, content_type="application/json")
    assert response.status_code == 201, response.json()
    unit = Unit.objects.get(pk=response.json()["id"])
    assert unit.parent == cast.unit_a
    event = AuditEvent.objects.get(event="unit.created")
    assert event.object_id == str(unit.pk) and event.channel == "api" and event.actor_username == "sysadmin"


def test_unit_in_another_county_in_the_body_is_refused_and_nothing_written(client, cast):
    login_as(client, cast.sys_admin)
    headers = {}
    count = Unit.objects.count()
    outside = Unit.objects.get(division_id=OTHER_COUNTY)
    response = client.post("/api/units/", {"name": "某股室", "kind": "second_level", "division": "340882",
                                           "parent": outside.pk}, content_type="application/json", **headers)
    assert response.status_code == 400
    assert response.json()["field"] == "parent" and "不在您的数据范围内" in response.json()["detail"]
    response = client.post("/api/units/", {"name": "某局", "kind": "department", "division": OTHER_COUNTY},
                           content_type="application/json", **headers)
    assert response.status_code == 400 and response.json()["field"] == "division"
    assert "桐城市" in response.json()["detail"]
    assert Unit.objects.count() == count and not AuditEvent.objects.filter(event="unit.created").exists()


def test_unknown_division_code_is_refused_with_a_chinese_message(client, cast):
    login_as(client, cast.sys_admin)
    response = client.post("/api/units/", {"name": "某局", "kind": "department", "division": "340899"},
                           content_type="application/json")
    assert response.status_code == 400 and "不在统计用区划代码表中" in response.json()["detail"]


def test_read_only_users_cannot_write_units(client, cast):
    for user in (cast.leader, cast.bureau):
        response = client.post("/api/units/", {"name": "某局", "kind": "department", "division": "340882"},
                               content_type="application/json", **bearer(user))
        assert response.status_code == 403
        assert client.patch(f"/api/units/{cast.unit_b.pk}/", {"short_name": "x"}, content_type="application/json",
                            **bearer(user)).status_code == 403
    assert not AuditEvent.objects.filter(event__startswith="unit.").exists()


def test_system_admin_patches_and_disables_by_session(client, cast):
    login_as(client, cast.sys_admin)
    response = client.patch(f"/api/units/{cast.unit_b.pk}/", {"short_name": "自规局"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["short_name"] == "自规局"
    event = AuditEvent.objects.get(event="unit.updated")
    assert event.before["short_name"] == "自然资源局" and event.channel == "api"
    spare = unit_create(acting_user=cast.sys_admin, name="潜山市统计局", kind=Unit.Kind.DEPARTMENT,
                        division_code="340882")
    response = client.post(f"/api/units/{spare.pk}/disable/")
    assert response.status_code == 200 and response.json()["is_active"] is False
    refused = client.post(f"/api/units/{cast.unit_a.pk}/disable/")
    assert refused.status_code == 400 and refused.json()["field"] == "unit"


def test_system_admin_cannot_write_another_countys_unit(client, cast):
    login_as(client, cast.sys_admin)
    outside = Unit.objects.get(division_id=OTHER_COUNTY)
    response = client.patch(f"/api/units/{outside.pk}/", {"short_name": "x"}, content_type="application/json")
    assert response.status_code == 404


# --- reference tables and industry groups


def test_divisions_are_scoped(client, cast):
    headers = bearer(cast.leader)
    response = client.get("/api/divisions/?parent=340882&limit=100", **headers)
    assert response.json()["count"] == 18
    assert client.get("/api/divisions/340882101/", **headers).json()["name"] == "源潭镇"
    assert client.get("/api/divisions/340881/", **headers).status_code == 404


def test_industries_search_and_lookup(client, cast):
    headers = bearer(cast.clerk_a)
    assert [row["code"] for row in client.get("/api/industries/?q=制刷", **headers).json()["results"]] == ["4111"]
    assert client.get("/api/industries/4111/", **headers).json()["parent"] == "411"
    assert client.get("/api/industries/?parent=41&limit=10", **headers).json()["count"] == 3


def test_industry_groups_are_read_only_and_scoped(client, cast):
    group = industry_group_create(acting_user=cast.sys_admin, name="轻工制刷产业工作组", division_code="340882",
                                  leader=cast.leader, industry_codes=["4111"])
    row = client.get("/api/industry-groups/", **bearer(cast.clerk_a)).json()["results"][0]
    assert row["industries"] == ["4111"] and row["leader_name"] == "县领导"
    assert client.get(f"/api/industry-groups/{group.pk}/", **bearer(cast.outsider)).status_code == 404
    login_as(client, cast.sys_admin)
    # No write rule on this endpoint: deny by default, before the method is even looked at.
    assert client.post("/api/industry-groups/", {"name": "x"}, content_type="application/json").status_code == 403


def test_openapi_document_describes_the_organisation_api(client, cast):
    schema = client.get("/api/openapi.json", **bearer(cast.leader)).json()
    for path in ("/api/divisions/", "/api/industries/", "/api/units/", "/api/units/{id}/disable/",
                 "/api/industry-groups/"):
        assert path in schema["paths"]
    assert "post" in schema["paths"]["/api/units/"]
    assert schema["components"]["schemas"]["UnitWrite"]["properties"]["division"]["description"].startswith("行政区划代码")
