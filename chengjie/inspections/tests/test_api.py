"""The inspections API: same scope, rules and audit rows as the pages, by bearer token."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chengjie.api.tests.helpers import bearer
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.inspections.models import Inspection
from chengjie.inspections.testing import register, report

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


def _body(cast, **changes) -> dict:
    body = {"enterprise": cast.firm.pk, "planned_on": (_today() + timedelta(days=2)).isoformat(),
            "purpose": "特种设备检查", "legal_basis": "《特种设备安全法》第五十七条",
            "inspectors": [{"name": "张卫东", "certificate_no": "3408001001"},
                           {"name": "李晓梅", "certificate_no": "3408001002"}]}
    body.update(changes)
    return body


def test_a_unit_registers_by_token_and_the_audit_row_says_api(client, cast):
    _, headers = bearer(cast.clerk_a)
    response = client.post("/api/inspections/", _body(cast), content_type="application/json", **headers)
    assert response.status_code == 201
    data = response.json()
    assert data["source"] == "registered" and data["unit_name"] == "潜山市经济和信息化局"
    assert [p["certificate_no"] for p in data["inspectors"]] == ["3408001001", "3408001002"]
    assert AuditEvent.objects.get(event="inspection.registered").channel == "api"


def test_a_past_date_is_refused_with_the_field_and_reason(client, cast):
    _, headers = bearer(cast.clerk_a)
    response = client.post("/api/inspections/", _body(cast, planned_on=(_today() - timedelta(days=1)).isoformat()),
                           content_type="application/json", **headers)
    assert response.status_code == 400
    assert response.json()["field"] == "planned_on" and "须在实施前登记" in response.json()["detail"]


def test_readers_and_firms_cannot_register(client, cast):
    for user in (cast.leader, cast.bureau):
        _, headers = bearer(user)
        assert client.post("/api/inspections/", _body(cast), content_type="application/json",
                           **headers).status_code == 403
    # A firm's user holds no API token; its browser session reaches the API.
    login_as(client, cast.enterprise)
    assert client.post("/api/inspections/", _body(cast), content_type="application/json").status_code == 403


def test_a_firm_lists_only_its_own_and_confirms(client, cast, firm_b):
    mine = register(cast, planned_on=_today())
    theirs = register(cast, planned_on=_today(), enterprise=firm_b.firm)
    login_as(client, cast.enterprise)
    headers = {}
    assert [row["id"] for row in client.get("/api/inspections/", **headers).json()["results"]] == [mine.pk]
    assert client.get(f"/api/inspections/{theirs.pk}/", **headers).status_code == 404
    assert client.post(f"/api/inspections/{theirs.pk}/confirm/", {"occurred_on": _today().isoformat()},
                       content_type="application/json", **headers).status_code == 404
    response = client.post(f"/api/inspections/{mine.pk}/confirm/", {"occurred_on": _today().isoformat()},
                           content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["confirmed_at"]


def test_a_firm_reports_and_the_unit_cannot(client, cast):
    login_as(client, cast.enterprise)
    body = {"unit": cast.unit_b.pk, "occurred_on": _today().isoformat(), "description": "未出示执法证"}
    response = client.post("/api/inspections/report/", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["unregistered"] is True
    _, headers = bearer(cast.clerk_a)
    assert client.post("/api/inspections/report/", body, content_type="application/json",
                       **headers).status_code == 403


def test_only_the_registering_unit_cancels(client, cast):
    inspection = register(cast, planned_on=_today() + timedelta(days=1))
    _, headers = bearer(cast.clerk_b)
    assert client.post(f"/api/inspections/{inspection.pk}/cancel/", {"reason": "改期"},
                       content_type="application/json", **headers).status_code == 404
    _, headers = bearer(cast.clerk_a)
    response = client.post(f"/api/inspections/{inspection.pk}/cancel/", {"reason": "改期"},
                           content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["cancel_reason"] == "改期"


def test_flags_and_the_limit(client, cast, frozen_today):
    frozen_today(date(2026, 2, 2))
    for day in (3, 4, 5):
        register(cast, planned_on=date(2026, 2, day))
    reported = report(cast, occurred_on=date(2026, 2, 1))
    _, headers = bearer(cast.leader)
    data = client.get("/api/inspections/flags/?year=2026", **headers).json()
    [flag] = data["frequency"]
    assert (flag["enterprise_name"], flag["period"], flag["count"], flag["limit"]) == (
        "安徽潜山示例刷业有限公司", "2026年第1季度", 4, 2)
    assert [row["id"] for row in data["unregistered"]] == [reported.pk]
    assert client.get("/api/inspections/limit/", **headers).json() == {
        "division": "340882", "period": "quarter", "max_inspections": 2, "is_default": True}
    assert client.put("/api/inspections/limit/", {"period": "month", "max_inspections": 3},
                      content_type="application/json", **headers).status_code == 403
    _, headers = bearer(cast.bureau)
    response = client.put("/api/inspections/limit/", {"period": "month", "max_inspections": 3},
                          content_type="application/json", **headers)
    assert response.json() == {"division": "340882", "period": "month", "max_inspections": 3, "is_default": False}
    _, headers = bearer(cast.clerk_a)
    assert client.get("/api/inspections/flags/", **headers).status_code == 403
    assert Inspection.objects.count() == 4
