"""The projects API: the pages' scope, services, refusals and audit, by session and by bearer token."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.api.tests.helpers import bearer
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.parks.models import Park
from chengjie.projects.models import MonthlyFigure, Node, Project
from chengjie.projects.testing import ensure_shipped_templates, make_project, pdf_upload, unit_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cast):
    """Introduced by unit A, its land node (自然资源) answered by unit B; baseline approved."""
    return make_project(cast=cast, name="年产1000万支牙刷项目", signed_on=timezone.localdate() - timedelta(days=200))


@pytest.fixture
def other_unit_project(cast):
    """Introduced by unit B: unit A has no part in it."""
    return make_project(cast=cast, name="自然资源局引进的项目", introducing_unit=cast.unit_b, park=None,
                        division="340882", contact_person=None)


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


# --- reading


def test_projects_by_token_and_by_session_are_the_user_s_scope(client, cast, project, other_unit_project):
    _, leader = bearer(cast.leader)
    assert names(client.get("/api/projects/", **leader)) == {"年产1000万支牙刷项目", "自然资源局引进的项目"}
    login_as(client, cast.clerk_a)
    assert names(client.get("/api/projects/")) == {"年产1000万支牙刷项目"}
    assert client.get(f"/api/projects/{other_unit_project.pk}/").status_code == 404


def test_an_outsider_sees_nothing(client, cast, project):
    _, outsider = bearer(cast.outsider)
    assert client.get("/api/projects/", **outsider).json()["count"] == 0
    assert client.get(f"/api/projects/{project.pk}/", **outsider).status_code == 404
    assert client.get("/api/nodes/", **outsider).json()["count"] == 0
    node = project.nodes.get(key="land")
    assert client.get(f"/api/nodes/{node.pk}/", **outsider).status_code == 404
    assert client.post(f"/api/nodes/{node.pk}/complete/", {"actual_date": "2025-01-01"}, **outsider).status_code == 404


def test_roles_without_project_rights_are_refused(client, cast, project):
    for user in (cast.sys_admin, cast.enterprise):
        login_as(client, user)
        assert client.get("/api/projects/").status_code == 403


def test_the_list_takes_the_page_s_filters_and_carries_today_s_colour(client, cast, project, other_unit_project):
    _, headers = bearer(cast.bureau)
    assert names(client.get(f"/api/projects/?unit={cast.unit_b.pk}", **headers)) == {"自然资源局引进的项目"}
    assert names(client.get("/api/projects/?q=牙刷", **headers)) == {"年产1000万支牙刷项目"}
    row = next(r for r in client.get("/api/projects/", **headers).json()["results"] if r["id"] == project.pk)
    assert row["colour"] in {"green", "blue", "yellow", "red"} and row["colour_display"] in {"绿", "蓝", "黄", "红"}
    assert row["introducing_unit_name"] == "潜山市经济和信息化局" and row["reached_milestone"] == "signed"


def test_the_list_costs_a_fixed_number_of_queries(client, cast, project, django_assert_max_num_queries):
    for n in range(4):
        make_project(cast=cast, name=f"项目{n}")
    _, headers = bearer(cast.leader)
    with django_assert_max_num_queries(10):
        assert client.get("/api/projects/", **headers).json()["count"] == 5
    with django_assert_max_num_queries(10):
        assert client.get("/api/nodes/", **headers).json()["count"] == 25


def test_a_project_s_page_has_its_plan_colours_and_totals(client, cast, project):
    _, headers = bearer(cast.leader)
    body = client.get(f"/api/projects/{project.pk}/", **headers).json()
    assert [node["key"] for node in body["nodes"]] == ["sign", "land", "start", "production", "capacity"]
    land = body["nodes"][1]
    assert land["responsible_unit_name"] == "潜山市自然资源和规划局" and land["baseline_date"] == land["planned_date"]
    assert body["colour_reason"] and body["totals"] == {"funds_in_place": "0.00", "out_of_province_funds": "0.00",
                                                        "completed_investment": "0.00"}


# --- signing


def _signing(cast, **extra):
    body = {"name": "新能源电机项目", "investor_name": "合肥某电机有限公司", "project_type": "industrial",
            "division": "340882400", "contracted_investment": "5000", "out_of_province_investment": "3000",
            "introducing_unit": cast.unit_a.pk, "park": cast.park_obj.pk, "signed_on": "2025-03-01",
            "leader": cast.leader.pk, "industry": "3811"}
    body.update(extra)
    return body


def test_the_bureau_signs_a_project_by_token_and_it_is_audited(client, cast):
    ensure_shipped_templates()
    _, headers = bearer(cast.bureau)
    response = client.post("/api/projects/", _signing(cast), content_type="application/json", **headers)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["code"] == "340882-2025-0001" and len(body["nodes"]) == 5 and body["industry"] == "3811"
    event = AuditEvent.objects.get(event="projects.signed")
    assert (event.channel, event.actor_username, event.object_id) == ("api", "bureau", str(body["id"]))


def test_read_only_and_unit_roles_cannot_sign(client, cast):
    for user in (cast.leader, cast.clerk_a):
        _, headers = bearer(user)
        response = client.post("/api/projects/", _signing(cast), content_type="application/json", **headers)
        assert response.status_code == 403
    assert not Project.objects.exists()


@pytest.mark.parametrize(("extra", "field", "reason"), [
    ({"signed_on": "2025-13-01"}, "signed_on", "日期格式错误"),
    ({"signed_on": "2099-01-01"}, "signed_on", "晚于今天"),
    ({"out_of_province_investment": "6000"}, "out_of_province_investment", "超过协议投资"),
    ({"industry": "9999"}, "industry", "不在国民经济行业分类"),
])
def test_bad_signings_are_refused_with_the_reason(client, cast, extra, field, reason):
    ensure_shipped_templates()
    _, headers = bearer(cast.bureau)
    response = client.post("/api/projects/", _signing(cast, **extra), content_type="application/json", **headers)
    assert response.status_code == 400
    body = response.json()
    message = body["detail"] if "detail" in body else body[field][0]
    assert body.get("field", field) == field and reason in message
    assert not Project.objects.exists()


def test_a_park_outside_the_scope_is_refused(client, cast):
    other = Park.objects.create(name="桐城经济开发区", kind=Park.Kind.PROVINCIAL, division_id="340881")
    _, headers = bearer(cast.bureau)
    response = client.post("/api/projects/", _signing(cast, park=other.pk), content_type="application/json", **headers)
    assert response.status_code == 400 and "park" in response.json()


# --- monthly figures and stats registration


def test_the_introducing_unit_enters_monthly_figures(client, cast, project):
    _, headers = bearer(cast.clerk_a)
    month = timezone.localdate().replace(day=1)
    response = client.post(f"/api/projects/{project.pk}/figures/", {
        "period": f"{month:%Y-%m}", "funds_in_place": "800", "out_of_province_funds": "500",
        "completed_investment": "600"}, content_type="application/json", **headers)
    assert response.status_code == 200, response.json()
    assert MonthlyFigure.objects.get(project=project, period=month).completed_investment == 600
    assert client.get(f"/api/projects/{project.pk}/figures/", **headers).json()[0]["funds_in_place"] == "800.00"
    assert AuditEvent.objects.get(event="projects.figures_set").channel == "api"


def test_figures_are_refused_to_readers_other_units_and_bad_months(client, cast, project):
    body = {"period": "2099-01", "funds_in_place": "1", "completed_investment": "1"}
    _, leader = bearer(cast.leader)
    assert client.post(f"/api/projects/{project.pk}/figures/", body, content_type="application/json",
                       **leader).status_code == 403
    assert client.get(f"/api/projects/{project.pk}/figures/", **leader).status_code == 200
    _, clerk_b = bearer(cast.clerk_b)
    response = client.post(f"/api/projects/{project.pk}/figures/", {**body, "period": "2025-01"},
                           content_type="application/json", **clerk_b)
    assert response.status_code == 403 and "只有引进单位" in response.json()["detail"]
    _, clerk_a = bearer(cast.clerk_a)
    response = client.post(f"/api/projects/{project.pk}/figures/", body, content_type="application/json", **clerk_a)
    assert response.status_code == 400 and "不能填报将来月份" in response.json()["detail"]
    assert not MonthlyFigure.objects.exists()


def test_stats_registration_date(client, cast, project):
    _, headers = bearer(cast.clerk_a)
    day = timezone.localdate() - timedelta(days=10)
    response = client.post(f"/api/projects/{project.pk}/stats-registration/", {"registered_on": day.isoformat()},
                           content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["stats_registered_on"] == day.isoformat()
    response = client.post(f"/api/projects/{project.pk}/stats-registration/", {"registered_on": "2000-01-01"},
                           content_type="application/json", **headers)
    assert response.status_code == 400 and "早于签约日期" in response.json()["detail"]


def test_the_bureau_moves_a_project_and_reads_its_transfers(client, cast, project):
    _, bureau = bearer(cast.bureau)
    url = f"/api/projects/{project.pk}/transfers/"
    day = timezone.localdate() - timedelta(days=2)
    body = {"to_unit": cast.park_unit.pk, "moved_on": day.isoformat(), "reason": "项目落户开发区，由管委会服务"}
    response = client.post(url, body, content_type="application/json", **bureau)
    assert response.status_code == 201, response.content
    moved = response.json()
    assert (moved["from_unit"], moved["to_unit"], moved["moved_on"]) == (cast.unit_a.pk, cast.park_unit.pk, day.isoformat())
    assert moved["nodes"] == ["start", "production", "capacity"]  # 供地 is 自然资源局's
    assert Project.objects.get(pk=project.pk).introducing_unit == cast.park_unit
    assert AuditEvent.objects.filter(event="projects.transferred", object_id=str(project.pk)).count() == 1
    assert [row["to_unit_name"] for row in client.get(url, **bureau).json()] == ["安徽潜山经济开发区管委会"]
    # The service's refusals come back with the reason; a unit outside the caller's scope is a 400.
    again = client.post(url, body, content_type="application/json", **bureau)
    assert again.status_code == 400 and "已经是" in again.json()["detail"]
    elsewhere = client.post(url, body | {"to_unit": cast.outsider.unit_id}, content_type="application/json", **bureau)
    assert elsewhere.status_code == 400 and "to_unit" in elsewhere.json()


def test_only_the_bureau_moves_a_project_by_api(client, cast, project):
    body = {"to_unit": cast.park_unit.pk, "moved_on": timezone.localdate().isoformat(), "reason": "移交"}
    _, leader = bearer(cast.leader)
    assert client.get(f"/api/projects/{project.pk}/transfers/", **leader).status_code == 200
    assert client.post(f"/api/projects/{project.pk}/transfers/", body, content_type="application/json",
                       **leader).status_code == 403
    _, outsider = bearer(cast.outsider)
    assert client.get(f"/api/projects/{project.pk}/transfers/", **outsider).status_code == 404
    assert not Project.objects.filter(introducing_unit=cast.park_unit).exists()


# --- nodes


def test_the_responsible_clerk_completes_a_node_with_evidence_and_the_head_confirms(client, cast, project):
    land = project.nodes.get(key="land")
    day = timezone.localdate() - timedelta(days=5)
    _, clerk_b = bearer(cast.clerk_b)
    response = client.post(f"/api/nodes/{land.pk}/complete/", {"actual_date": day.isoformat(),
                                                              "evidence": [pdf_upload("出让合同.pdf")]}, **clerk_b)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["actual_date"] == day.isoformat() and body["actual_entered_by_name"] == "自然资源局经办人"
    assert [e["original_name"] for e in body["evidence"]] == ["出让合同.pdf"]
    evidence_id = body["evidence"][0]["id"]
    assert client.get(f"/api/evidence/{evidence_id}/", **clerk_b).status_code == 200
    _, outsider = bearer(cast.outsider)
    assert client.get(f"/api/evidence/{evidence_id}/", **outsider).status_code == 404

    head_b = unit_user(cast.unit_b, Role.UNIT_HEAD)
    login_as(client, head_b)
    response = client.post(f"/api/nodes/{land.pk}/confirm/")
    assert response.status_code == 200 and response.json()["confirmed_by_name"] == head_b.display_name
    assert list(AuditEvent.objects.filter(event__startswith="projects.node_").order_by("seq").values_list(
        "event", "channel")) == [
        ("projects.node_completed", "api"), ("projects.node_confirmed", "api")]
    assert Project.objects.get(pk=project.pk).reached_milestone == "land"


@pytest.mark.parametrize(("day", "reason"), [
    ("tomorrow", "不能填报将来的日期"),
    ("before_signing", "早于签约日期"),
    ("2025-02-30", "日期格式错误"),
])
def test_bad_dates_are_refused_with_the_reason(client, cast, project, day, reason):
    land = project.nodes.get(key="land")
    days = {"tomorrow": timezone.localdate() + timedelta(days=1), "before_signing": project.signed_on - timedelta(days=1)}
    written = days[day].isoformat() if day in days else day
    _, clerk_b = bearer(cast.clerk_b)
    response = client.post(f"/api/nodes/{land.pk}/complete/", {"actual_date": written,
                                                              "evidence": [pdf_upload()]}, **clerk_b)
    assert response.status_code == 400
    body = response.json()
    assert reason in (body.get("detail") or body["actual_date"][0])
    assert Node.objects.get(pk=land.pk).actual_date is None


def test_a_date_before_the_predecessor_s_is_refused(client, cast, project):
    land = project.nodes.get(key="land")
    land_day = timezone.localdate() - timedelta(days=20)
    _, clerk_b = bearer(cast.clerk_b)
    client.post(f"/api/nodes/{land.pk}/complete/", {"actual_date": land_day.isoformat(), "evidence": [pdf_upload()]},
                **clerk_b)
    start = project.nodes.get(key="start")
    _, clerk_a = bearer(cast.clerk_a)
    response = client.post(f"/api/nodes/{start.pk}/complete/", {
        "actual_date": (land_day - timedelta(days=1)).isoformat(), "evidence": [pdf_upload()]}, **clerk_a)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"实际完成日期 {land_day - timedelta(days=1):%Y-%m-%d} 早于前置节点“供地”")


def test_a_leader_reads_nodes_but_cannot_write_and_another_unit_cannot_enter(client, cast, project):
    land = project.nodes.get(key="land")
    _, leader = bearer(cast.leader)
    assert client.get(f"/api/nodes/{land.pk}/", **leader).json()["colour_reason"]
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert client.post(f"/api/nodes/{land.pk}/complete/", {"actual_date": day}, **leader).status_code == 403
    assert client.post(f"/api/nodes/{land.pk}/confirm/", **leader).status_code == 403
    _, clerk_a = bearer(cast.clerk_a)
    response = client.post(f"/api/nodes/{land.pk}/complete/", {"actual_date": day, "evidence": [pdf_upload()]},
                           **clerk_a)
    assert response.status_code == 403 and "责任单位是" in response.json()["detail"]
    assert not AuditEvent.objects.filter(event="projects.node_completed").exists()


def test_the_head_returns_an_entry_with_a_reason(client, cast, project):
    land = project.nodes.get(key="land")
    _, clerk_b = bearer(cast.clerk_b)
    client.post(f"/api/nodes/{land.pk}/complete/", {"actual_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
                                                   "evidence": [pdf_upload()]}, **clerk_b)
    _, head_b = bearer(unit_user(cast.unit_b, Role.UNIT_HEAD))
    response = client.post(f"/api/nodes/{land.pk}/return/", {"reason": "合同扫描件不清晰"},
                           content_type="application/json", **head_b)
    assert response.status_code == 200 and response.json()["actual_date"] is None
    assert AuditEvent.objects.get(event="projects.node_returned").note == "合同扫描件不清晰"


def test_node_filters(client, cast, project, other_unit_project):
    _, headers = bearer(cast.bureau)
    rows = client.get(f"/api/nodes/?project={project.pk}&open=false", **headers).json()["results"]
    assert [row["key"] for row in rows] == ["sign"]
    rows = client.get(f"/api/nodes/?unit={cast.unit_b.pk}&open=true", **headers).json()["results"]
    assert {row["project"] for row in rows} == {project.pk, other_unit_project.pk}
    assert all(row["responsible_unit"] == cast.unit_b.pk for row in rows)


def test_the_openapi_document_describes_the_project_endpoints(client, cast):
    _, headers = bearer(cast.bureau)
    document = client.get("/api/openapi.json", **headers).json()
    assert {"/api/projects/", "/api/projects/{id}/", "/api/projects/{id}/figures/", "/api/nodes/{id}/complete/",
            "/api/nodes/{id}/confirm/", "/api/evidence/{id}/", "/api/projects/{id}/transfers/"} <= set(document["paths"])
    complete = document["paths"]["/api/nodes/{id}/complete/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in complete
