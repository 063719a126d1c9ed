"""The appeals API by bearer token and by session: the same scope (a firm sees only its own: 404), the same
refusals (403) and audit as the pages; phones masked; clocks and escalation in every answer."""

import pytest

from chengjie.api.tests.helpers import bearer
from chengjie.appeals.models import Appeal
from chengjie.appeals.testing import at, file_appeal
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as

pytestmark = pytest.mark.django_db


def test_a_firm_files_by_api_and_sees_its_clocks(client, cast):
    login_as(client, cast.enterprise)  # a firm's account holds no API token: it calls from its session
    headers = {}
    with at("2026-09-30 10:00"):
        response = client.post("/api/appeals/", {"kind": "help", "subject": "用电增容", "content": "新生产线需增容",
                                                 "caller_phone": "13912345678"},
                               content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["caller_phone"] == "139****5678" and body["status"] == "new" and body["level"] == 0
    assert [(c["step"], c["due_on"]) for c in body["clocks"]] == [
        ("accept", "2026-10-08"), ("reply", "2026-10-10"), ("resolve", "2026-10-27")]
    assert [e["kind"] for e in body["events"]] == ["filed"]
    assert AuditEvent.objects.get(event="appeal.filed").channel == "api"
    with at("2026-10-09 10:00"):
        listed = client.get("/api/appeals/", **headers).json()
    assert listed["count"] == 1 and listed["results"][0]["level"] == 1
    assert listed["results"][0]["clocks"][0]["overdue_by"] == 1


def test_staff_cannot_file_in_a_firm_s_name(client, cast):
    _token, headers = bearer(cast.clerk_a)
    response = client.post("/api/appeals/", {"kind": "help", "subject": "x", "content": "y"},
                           content_type="application/json", **headers)
    assert response.status_code == 403


def test_scope_in_the_api(client, cast):
    appeal = file_appeal(cast, stage="routed")
    login_as(client, cast.enterprise)
    assert client.get(f"/api/appeals/{appeal.pk}/").status_code == 200
    client.logout()
    for user, status in ((cast.clerk_a, 200), (cast.leader, 200), (cast.clerk_b, 404), (cast.outsider, 404)):
        _token, headers = bearer(user)
        assert client.get(f"/api/appeals/{appeal.pk}/", **headers).status_code == status, user
    _token, headers = bearer(cast.outsider)
    assert client.get("/api/appeals/", **headers).json()["count"] == 0
    login_as(client, cast.sys_admin)  # 三员: no business data, by session as by page
    assert client.get("/api/appeals/").status_code == 403


def test_the_unit_handles_and_the_firm_rates_by_api(client, cast):
    appeal = file_appeal(cast, stage="routed")
    _token, leader = bearer(cast.leader)
    assert client.post(f"/api/appeals/{appeal.pk}/accept/", **leader).status_code == 403
    _token, unit = bearer(cast.clerk_a)
    assert client.post(f"/api/appeals/{appeal.pk}/close/", {"result": "x", "resolved": True},
                       content_type="application/json", **unit).status_code == 403
    assert client.post(f"/api/appeals/{appeal.pk}/accept/", **unit).json()["status"] == "accepted"
    response = client.post(f"/api/appeals/{appeal.pk}/reply/", {"text": "已协调供电公司。"},
                           content_type="application/json", **unit)
    assert response.status_code == 200 and response.json()["replied_at"]
    response = client.post(f"/api/appeals/{appeal.pk}/close/", {"result": "已增容。", "resolved": True},
                           content_type="application/json", **unit)
    assert response.json()["status"] == "closed"
    login_as(client, cast.enterprise)
    firm = {}
    response = client.post(f"/api/appeals/{appeal.pk}/rate/", {"satisfaction": "dissatisfied"},
                           content_type="application/json", **firm)
    assert response.status_code == 400 and response.json()["field"] == "comment"
    response = client.post(f"/api/appeals/{appeal.pk}/rate/", {"satisfaction": "dissatisfied", "comment": "仍未通电"},
                           content_type="application/json", **firm)
    body = response.json()
    assert body["status"] == "accepted" and body["cycle"] == 2 and body["level"] == 1
    assert body["ratings"] == [{"cycle": 1, "satisfaction": "dissatisfied", "via": "web", "comment": "仍未通电",
                                "rated_at": body["ratings"][0]["rated_at"]}]


def test_the_phone_is_revealed_only_with_a_purpose_and_audited(client, cast):
    appeal = file_appeal(cast, stage="routed", caller_phone="13912345678")
    _token, unit = bearer(cast.clerk_a)
    assert client.post(f"/api/appeals/{appeal.pk}/reveal/", {"field": "caller_phone", "purpose": "回访核实"},
                       content_type="application/json", **unit).status_code == 403
    _token, office = bearer(cast.bureau)
    response = client.post(f"/api/appeals/{appeal.pk}/reveal/", {"field": "caller_phone", "purpose": "电话回访核实结果"},
                           content_type="application/json", **office)
    assert response.json() == {"field": "caller_phone", "value": "13912345678"}
    assert AuditEvent.objects.get(event="personal.revealed").note == "电话回访核实结果"


def test_the_list_by_session_keeps_its_query_count(client, cast, django_assert_max_num_queries):
    for number in range(20):
        file_appeal(cast, stage="routed", subject=f"诉求{number}")
    login_as(client, cast.bureau)
    with django_assert_max_num_queries(12):
        response = client.get("/api/appeals/?status=open")
    assert response.json()["count"] == 20
    assert Appeal.objects.count() == 20
