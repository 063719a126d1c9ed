"""The lead and referrer API: the pages' scope, loop rules, clocks, masking and audit."""

import secrets
from datetime import date

import pytest
from django.utils import timezone

from chengjie.api.authentication import token_hash
from chengjie.api.models import ApiToken
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.leads.models import Lead, Referrer
from chengjie.projects.models import Project

from .conftest import ID_PERSON, advance, at, register

pytestmark = pytest.mark.django_db
Step = Lead.Step


def bearer(user) -> dict:
    raw = "cj_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="测试脚本", prefix=raw[:8], key_hash=token_hash(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _titles(response) -> set[str]:
    return {row["title"] for row in response.json()["results"]}


@pytest.fixture
def leads(cast):
    with at("2026-09-30 10:00"):
        late = register(cast, title="国庆前登记的线索")
    other = register(cast, user=cast.clerk_b, unit=cast.unit_b, title="自然资源局的线索")
    return late, other


def test_leads_are_scoped_like_the_pages(client, cast, leads):
    assert _titles(client.get("/api/leads/", **bearer(cast.bureau))) == {"国庆前登记的线索", "自然资源局的线索"}
    assert _titles(client.get("/api/leads/", **bearer(cast.clerk_a))) == {"国庆前登记的线索"}
    assert _titles(client.get("/api/leads/", **bearer(cast.outsider))) == set()
    login_as(client, cast.enterprise)  # a firm's user holds no API token; its session is refused
    assert client.get("/api/leads/").status_code == 403
    client.logout()
    late, _other = leads
    assert client.get(f"/api/leads/{late.pk}/", **bearer(cast.clerk_b)).status_code == 404


def test_each_lead_carries_its_clock_and_the_overdue_filter_works(client, cast, leads):
    late, _other = leads
    with at("2026-10-12 09:00"):
        response = client.get("/api/leads/?overdue=true", **bearer(cast.leader))
    [row] = response.json()["results"]
    assert row["id"] == late.pk and row["step"] == "collected"
    assert row["clock"] == {"step": "collected", "entered_on": "2026-09-30", "limit": 1, "due_on": "2026-10-08",
                            "ended_on": None, "overdue_by": 3}


def test_the_detail_has_the_step_log(client, cast, leads):
    late, _other = leads
    advance(cast, late, Step.SCREENED)
    history = client.get(f"/api/leads/{late.pk}/", **bearer(cast.leader)).json()["history"]
    assert [entry["step"] for entry in history] == ["collected", "screened"]
    assert history[0]["clock"]["due_on"] == "2026-10-08" and history[0]["by"] == "经信局经办人"


def test_a_clerk_registers_through_the_api_and_the_bureau_runs_the_loop(client, cast):
    response = client.post("/api/leads/", {"title": "刷业智能制造项目", "investor_name": "浙江某刷业公司",
                                           "channel": "business", "industry": "4111", "unit": cast.unit_a.pk},
                           content_type="application/json", **bearer(cast.clerk_a))
    assert response.status_code == 201 and response.json()["step"] == "collected"
    pk = response.json()["id"]
    assert AuditEvent.objects.filter(event="lead.registered", object_id=str(pk)).exists()
    auth = bearer(cast.bureau)
    out_of_order = client.post(f"/api/leads/{pk}/advance/", {"to_step": "assessed", "note": "跳过"},
                               content_type="application/json", **auth)
    assert out_of_order.status_code == 403
    for step, extra in [("screened", {}), ("assessed", {"note": "可行"}), ("assigned", {"unit": cast.unit_b.pk})]:
        response = client.post(f"/api/leads/{pk}/advance/", {"to_step": step, **extra},
                               content_type="application/json", **auth)
        assert response.status_code == 200, response.json()
    assert Lead.objects.get(pk=pk).unit == cast.unit_b


def test_a_domain_refusal_comes_back_as_400_naming_the_field(client, cast, leads):
    late, _other = leads
    late = advance(cast, late, Step.SCREENED)
    response = client.post(f"/api/leads/{late.pk}/advance/", {"to_step": "assessed", "note": ""},
                           content_type="application/json", **bearer(cast.bureau))
    assert response.status_code == 400 and response.json()["field"] == "note"


def test_readers_and_units_cannot_do_the_bureau_s_steps(client, cast, leads):
    late, _other = leads
    assert client.post(f"/api/leads/{late.pk}/advance/", {"to_step": "screened"}, content_type="application/json",
                       **bearer(cast.leader)).status_code == 403
    assert client.post(f"/api/leads/{late.pk}/advance/", {"to_step": "screened"}, content_type="application/json",
                       **bearer(cast.clerk_a)).status_code == 403
    assert client.post(f"/api/leads/{late.pk}/drop/", {"reason": "无意向"}, content_type="application/json",
                       **bearer(cast.clerk_a)).status_code == 403
    assert client.patch(f"/api/leads/{late.pk}/", {"title": "改名"}, content_type="application/json",
                        **bearer(cast.leader)).status_code == 403
    assert Lead.objects.get(pk=late.pk).step == Step.COLLECTED


def test_reports_and_conversion_through_the_api(client, cast, referrer):
    lead = advance(cast, register(cast, referrer=referrer), Step.FOLLOWING)
    response = client.post(f"/api/leads/{lead.pk}/report/", {"note": "投资方已来潜考察"},
                           content_type="application/json", **bearer(cast.clerk_a))
    assert response.status_code == 200
    response = client.post(f"/api/leads/{lead.pk}/convert/", {"signed_on": timezone.localdate().isoformat(),
                                                              "contracted_investment": "32000",
                                                              "park": cast.park_obj.pk},
                           content_type="application/json", **bearer(cast.bureau))
    assert response.status_code == 201, response.json()
    project = Project.objects.get(pk=response.json()["id"])
    assert project.lead_id == lead.pk and project.referrer == referrer and project.name == lead.title
    assert project.introducing_unit == cast.unit_a
    row = client.get(f"/api/leads/{lead.pk}/", **bearer(cast.leader)).json()
    assert row["step"] == "converted" and row["project"] == project.pk and row["clock"] is None


def test_conversion_with_a_signing_date_before_the_referrer_registered_is_refused(client, cast, referrer):
    lead = advance(cast, register(cast, referrer=referrer), Step.ASSIGNED)
    response = client.post(f"/api/leads/{lead.pk}/convert/", {"signed_on": date(2026, 1, 5).isoformat()},
                           content_type="application/json", **bearer(cast.bureau))
    assert response.status_code == 400 and response.json()["field"] == "referrer"
    assert not Project.objects.exists()


# --- referrers


def test_referrers_are_masked_and_revealed_only_with_a_purpose(client, cast, referrer):
    row = client.get("/api/referrers/", **bearer(cast.clerk_a)).json()["results"][0]
    assert row["id_number"] == "340824********0010" and row["phone"] == "138****5678"
    assert client.post(f"/api/referrers/{referrer.pk}/reveal/", {"field": "phone", "purpose": "联系引荐人"},
                       content_type="application/json", **bearer(cast.leader)).status_code == 403
    response = client.post(f"/api/referrers/{referrer.pk}/reveal/", {"field": "id_number", "purpose": "核对奖励申请人"},
                           content_type="application/json", **bearer(cast.bureau))
    assert response.json() == {"field": "id_number", "value": ID_PERSON}
    assert AuditEvent.objects.get(event="personal.revealed").note == "核对奖励申请人"
    assert client.get(f"/api/referrers/{referrer.pk}/", **bearer(cast.outsider)).status_code == 404


def test_only_the_bureau_registers_referrers_through_the_api(client, cast):
    body = {"name": "王引荐", "kind": "person", "id_number": ID_PERSON, "phone": "13812345678"}
    assert client.post("/api/referrers/", body, content_type="application/json",
                       **bearer(cast.clerk_a)).status_code == 403
    response = client.post("/api/referrers/", body, content_type="application/json", **bearer(cast.bureau))
    assert response.status_code == 201 and response.json()["id_number"] == "340824********0010"
    assert Referrer.objects.get().registered_on == timezone.localdate()
    response = client.post("/api/referrers/", body | {"id_number": "340824199001010011"},
                           content_type="application/json", **bearer(cast.bureau))
    assert response.status_code == 400 and response.json()["field"] == "id_number"
