"""Signing through the form, approving the draft as the baseline, change requests decided by another
bureau member, and the duplicates page."""

from datetime import date, timedelta

import pytest

from chengjie.accounts.roles import Role
from chengjie.core.testing import login_as, make_user
from chengjie.leads.models import Referrer
from chengjie.projects.models import PlanVersion, Project
from chengjie.projects.testing import ensure_shipped_templates, make_project

pytestmark = pytest.mark.django_db


def _form(cast, **extra):
    data = {"name": "年产3000吨精细化工中间体项目", "investor_name": "浙江华联化工有限公司", "investor_origin": "浙江省台州市",
            "project_type": "industrial", "division": "340882400", "contracted_investment": "26000",
            "out_of_province_investment": "26000", "industry": "C2614", "park": cast.park_obj.pk,
            "introducing_unit": cast.unit_a.pk, "leader": cast.leader.pk, "contact_person": cast.clerk_a.pk,
            "task_force": [cast.clerk_a.pk, cast.head_a.pk], "signed_on": "2026-06-15"}
    data.update(extra)
    return data


@pytest.fixture
def templates(db):
    ensure_shipped_templates()


def test_bureau_signs_through_the_form_and_lands_on_the_draft_plan(client, cast, templates):
    login_as(client, cast.bureau)
    assert client.get("/projects/new/").status_code == 200
    response = client.post("/projects/new/", _form(cast))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/plan/"
    assert project.industry_id == "2614" and project.leader == cast.leader
    assert set(project.task_force.all()) == {cast.clerk_a, cast.head_a}
    body = client.get(response["Location"]).content.decode()
    assert "核对节点计划" in body and project.nodes.get(key="land").planned_date.isoformat() in body


def test_the_form_shows_the_services_refusal_on_its_field(client, cast, templates):
    login_as(client, cast.bureau)
    response = client.post("/projects/new/", _form(cast, out_of_province_investment="30000"))
    assert response.status_code == 200
    assert response.context["form"].errors["out_of_province_investment"] == [
        "其中省外资金 30,000.00 万元超过协议投资 26,000.00 万元。"]
    late = Referrer.objects.create(name="张引荐", kind="person", division_id="340882", id_number="R1",
                                   registered_on=date(2026, 7, 1), registered_by=cast.bureau)
    response = client.post("/projects/new/", _form(cast, referrer=late.pk))
    assert "晚于签约日期 2026-06-15" in response.context["form"].errors["referrer"][0]
    assert not Project.objects.exists()


def test_only_the_bureau_may_sign(client, cast, templates):
    for user in (cast.leader, cast.clerk_a, cast.head_a, cast.park):
        login_as(client, user)
        assert client.get("/projects/new/").status_code == 403
        assert client.post("/projects/new/", _form(cast)).status_code == 403
    assert not Project.objects.exists()


def test_bureau_adjusts_the_draft_and_approves_it_as_the_baseline(client, cast):
    project = make_project(cast=cast, stage="draft", signed_on=date(2026, 3, 2))
    land = project.nodes.get(key="land")
    moved = land.planned_date + timedelta(days=14)
    login_as(client, cast.bureau)
    form = client.get(f"/projects/{project.pk}/plan/").context["form"]
    data = {name: field.initial.isoformat() for name, field in form.fields.items() if not field.disabled}
    data[f"node_{land.pk}"] = moved.isoformat()
    data["approve"] = "1"
    response = client.post(f"/projects/{project.pk}/plan/", data)
    assert response.status_code == 302
    land.refresh_from_db()
    assert land.baseline_date == land.planned_date == moved
    assert project.plan_versions.get().status == PlanVersion.Status.APPROVED
    # Once approved the draft page sends people to the change request.
    assert client.get(f"/projects/{project.pk}/plan/")["Location"] == f"/projects/{project.pk}/"


def test_a_draft_date_before_its_predecessor_is_refused(client, cast):
    project = make_project(cast=cast, stage="draft", signed_on=date(2026, 3, 2))
    land, start = project.nodes.get(key="land"), project.nodes.get(key="start")
    login_as(client, cast.bureau)
    form = client.get(f"/projects/{project.pk}/plan/").context["form"]
    data = {name: field.initial.isoformat() for name, field in form.fields.items() if not field.disabled}
    data[f"node_{start.pk}"] = (land.planned_date - timedelta(days=1)).isoformat()
    response = client.post(f"/projects/{project.pk}/plan/", data)
    assert "早于其前置节点“供地”" in response.context["form"].errors[f"node_{start.pk}"][0]


def test_leaders_and_units_cannot_edit_the_draft(client, cast):
    project = make_project(cast=cast, stage="draft")
    for user in (cast.leader, cast.clerk_a):
        login_as(client, user)
        assert client.get(f"/projects/{project.pk}/plan/").status_code == 403
    login_as(client, cast.outsider)
    assert client.get(f"/projects/{project.pk}/plan/").status_code == 403


def test_change_request_by_the_introducing_unit_approved_by_the_bureau(client, cast):
    project = make_project(cast=cast, stage="land", signed_on=date(2026, 3, 2))
    start = project.nodes.get(key="start")
    baseline = start.baseline_date
    login_as(client, cast.clerk_a)
    form = client.get(f"/projects/{project.pk}/plan/change/").context["form"]
    assert form.fields[f"node_{project.nodes.get(key='land').pk}"].disabled
    data = {name: field.initial.isoformat() for name, field in form.fields.items()
            if name.startswith("node_") and not field.disabled}
    data[f"node_{start.pk}"] = (start.planned_date + timedelta(days=30)).isoformat()
    data["reason"] = "施工许可因规划调整延后"
    assert client.post(f"/projects/{project.pk}/plan/change/", data).status_code == 302
    version = project.plan_versions.get(number=2)
    assert version.status == PlanVersion.Status.PENDING and version.requested_by == cast.clerk_a
    start.refresh_from_db()
    assert start.planned_date == baseline  # nothing moves until the decision
    # A unit cannot decide; the bureau can.
    assert client.post(f"/projects/plans/{version.pk}/decide/", {"decision": "approve"}).status_code == 403
    login_as(client, cast.bureau)
    assert "施工许可因规划调整延后" in client.get(f"/projects/plans/{version.pk}/").content.decode()
    client.post(f"/projects/plans/{version.pk}/decide/", {"decision": "approve", "note": "同意"})
    start.refresh_from_db()
    assert start.planned_date == baseline + timedelta(days=30) and start.baseline_date == baseline
    body = client.get(f"/projects/{project.pk}/").content.decode()
    assert "第 2 版" in body and "施工许可因规划调整延后" in body and "同意" in body


def test_the_bureau_cannot_approve_its_own_change_request(client, cast):
    project = make_project(cast=cast, stage="signed", signed_on=date(2026, 3, 2))
    land = project.nodes.get(key="land")
    login_as(client, cast.bureau)
    form = client.get(f"/projects/{project.pk}/plan/change/").context["form"]
    data = {name: field.initial.isoformat() for name, field in form.fields.items()
            if name.startswith("node_") and not field.disabled}
    data[f"node_{land.pk}"] = (land.planned_date + timedelta(days=10)).isoformat()
    data["reason"] = "土地挂牌推迟"
    client.post(f"/projects/{project.pk}/plan/change/", data)
    version = project.plan_versions.get(number=2)
    assert "须由招商主管部门的其他人员审批" in client.get(f"/projects/plans/{version.pk}/").content.decode()
    client.post(f"/projects/plans/{version.pk}/decide/", {"decision": "approve"})
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.PENDING
    colleague = make_user("bureau2", role=Role.BUREAU, unit=cast.bureau.unit)
    login_as(client, colleague)
    client.post(f"/projects/plans/{version.pk}/decide/", {"decision": "reject", "note": "理由不充分"})
    version.refresh_from_db()
    assert version.status == PlanVersion.Status.REJECTED and version.decision_note == "理由不充分"
    land.refresh_from_db()
    assert land.planned_date == land.baseline_date


def test_other_units_cannot_request_changes(client, cast):
    project = make_project(cast=cast, stage="signed")
    login_as(client, cast.clerk_b)
    assert client.get(f"/projects/{project.pk}/plan/change/").status_code == 403
    login_as(client, cast.leader)
    assert client.get(f"/projects/{project.pk}/plan/change/").status_code == 403
    login_as(client, cast.outsider)
    assert client.get(f"/projects/{project.pk}/plan/change/").status_code == 404


def test_duplicates_page_lists_suspects_and_merging_takes_a_project_out_of_the_list(client, cast):
    first = make_project(cast=cast, name="年产5000万支牙刷项目", investor_name="苏州恒丰刷业有限公司",
                         signed_on=date(2026, 3, 2))
    again = make_project(cast=cast, name="年产5000万支牙刷生产线项目", investor_name="恒丰刷业（苏州）有限公司",
                         signed_on=date(2026, 9, 1))
    login_as(client, cast.bureau)
    body = client.get("/projects/duplicates/").content.decode()
    assert again.name in body and first.name in body
    response = client.post(f"/projects/{again.pk}/duplicate/", {"decision": "merged", "note": "", "next": "duplicates"})
    assert response.status_code == 400  # merging needs a note
    client.post(f"/projects/{again.pk}/duplicate/", {"decision": "merged", "note": "同一协议在两次活动中签约",
                                                     "next": "duplicates"})
    again.refresh_from_db()
    assert again.duplicate_state == Project.DuplicateState.MERGED
    names = {p.name for p in client.get("/projects/").context["page"].object_list}
    assert again.name not in names and first.name in names
    assert "没有待核查" in client.get("/projects/duplicates/").content.decode()
    login_as(client, cast.leader)
    assert client.get("/projects/duplicates/").status_code == 403
