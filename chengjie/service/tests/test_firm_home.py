"""The firm's home page: its inspections and the service team of its projects, nothing of another firm."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.core.testing import login_as
from chengjie.inspections.services import inspection_cancel
from chengjie.inspections.testing import register, report
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def projects(cast, firm_b):
    cast.leader.title = "副市长"
    cast.leader.save(update_fields=["title"])
    cast.clerk_a.phone = "13855550001"
    cast.clerk_a.save(update_fields=["phone"])
    mine = make_project(cast=cast, stage="draft", name="年产5000万支刷具扩建项目", investor=cast.firm,
                        investor_name=cast.firm.name, task_force=[cast.head_a, cast.clerk_b])
    theirs = make_project(cast=cast, stage="draft", name="毛刷厂新厂区项目", investor=firm_b.firm,
                          investor_name=firm_b.firm.name, introducing_unit=cast.unit_b, contact_person=cast.clerk_b)
    return mine, theirs


def test_the_firm_sees_its_inspections_by_what_it_has_to_do(client, cast, firm_b, today, frozen_past_plan):
    upcoming = register(cast, planned_on=today + timedelta(days=3), purpose="消防安全检查")
    cancelled = register(cast, planned_on=today + timedelta(days=4), purpose="环保检查")
    inspection_cancel(acting_user=cast.clerk_a, inspection=cancelled, reason="改期")
    reported = report(cast, occurred_on=today - timedelta(days=1))
    to_confirm = frozen_past_plan
    register(cast, planned_on=today + timedelta(days=3), enterprise=firm_b.firm, purpose="毛刷厂粉尘检查")
    login_as(client, cast.enterprise)
    response = client.get("/")
    overview = response.context["overview"]
    assert [i.pk for i in overview.upcoming_inspections] == [upcoming.pk]
    assert [i.pk for i in overview.to_confirm] == [to_confirm.pk]
    assert {i.pk for i in overview.recent_inspections} == {cancelled.pk, reported.pk}
    body = response.content.decode()
    assert "消防安全检查" in body and "请确认是否已实施" in body and "未登记" in body
    assert "毛刷厂粉尘检查" not in body


def test_the_firm_sees_the_service_team_of_its_own_projects_only(client, cast, projects):
    login_as(client, cast.enterprise)
    response = client.get("/")
    assert [p.name for p in response.context["overview"].projects] == ["年产5000万支刷具扩建项目"]
    team = response.content.decode().split('id="firm-team"')[1]
    assert "潜山市经济和信息化局" in team  # the introducing unit is the 安商小组
    assert "县领导" in team and "副市长" in team  # 包保领导
    assert "经信局经办人" in team and "13855550001" in team  # the contact person, to be called
    assert "经信局负责人（经信局）" in team and "自然资源局经办人（自然资源局）" in team
    assert "毛刷厂新厂区项目" not in team


def test_another_firm_sees_its_own_team_not_ours(client, cast, firm_b, projects):
    login_as(client, firm_b.user)
    body = client.get("/").content.decode()
    assert "毛刷厂新厂区项目" in body and "年产5000万支刷具扩建项目" not in body
    assert "安徽潜山示例刷业有限公司" not in body


def test_a_firm_without_projects_or_inspections_is_told_so(client, cast):
    login_as(client, cast.enterprise)
    body = client.get("/").content.decode()
    assert "目前没有单位登记对本企业的检查" in body and "本企业还没有登记在册的招商项目" in body


def test_the_home_query_count_does_not_grow_with_rows(client, cast, today, projects, django_assert_max_num_queries):
    for n in range(8):
        register(cast, planned_on=today + timedelta(days=n + 1))
    make_project(cast=cast, stage="draft", investor=cast.firm, investor_name=cast.firm.name,
                 task_force=[cast.head_a])
    login_as(client, cast.enterprise)
    with django_assert_max_num_queries(20):
        response = client.get("/")
    assert len(response.context["overview"].upcoming_inspections) == 8
    assert len(response.context["overview"].projects) == 2


@pytest.fixture
def paperwork(cast, firm_b):
    """A request and an appeal of each firm."""
    from chengjie.appeals.services.appeals import appeal_file
    from chengjie.approvals.services import matter_create, request_accept, request_file
    from chengjie.core.testing import COUNTY
    from chengjie.projects.testing import pdf_upload

    matter = matter_create(acting_user=cast.sys_admin, division_code=COUNTY, name="食品经营许可",
                           handling_unit=cast.unit_a, time_limit_workdays=10, required_documents=["申请书"])
    mine = request_file(acting_user=cast.enterprise, matter=matter, enterprise=cast.firm, subject="刷具车间食堂",
                        documents={"申请书": pdf_upload()})
    mine = request_accept(acting_user=cast.clerk_a, request=mine)
    request_file(acting_user=firm_b.user, matter=matter, enterprise=firm_b.firm, subject="毛刷厂食堂",
                 documents={"申请书": pdf_upload()})
    appeal_file(acting_user=cast.enterprise, kind="help", subject="厂区门前道路积水影响出货", content="请协调修复排水管网。")
    appeal_file(acting_user=firm_b.user, kind="help", subject="毛刷厂用电增容", content="请协调供电公司。")
    return mine


def test_the_firm_sees_its_requests_and_appeals_with_their_clocks(client, cast, paperwork):
    login_as(client, cast.enterprise)
    response = client.get("/")
    overview = response.context["overview"]
    assert [r.subject for r in overview.requests] == ["刷具车间食堂"]
    assert overview.requests[0].clock.deadline is not None and overview.requests[0].status_label == "办理中"
    assert [a.subject for a in overview.appeals] == ["厂区门前道路积水影响出货"]
    requests = response.content.decode().split('id="firm-requests"')[1].split("</section>")[0]
    assert "刷具车间食堂" in requests and f"{overview.requests[0].clock.deadline:%Y-%m-%d}" in requests
    assert "0 / 10" in requests
    appeals = response.content.decode().split('id="firm-appeals"')[1].split("</section>")[0]
    clock = overview.appeals[0].clock
    assert "厂区门前道路积水影响出货" in appeals and f"待{clock.label}，{clock.due_on:%Y-%m-%d} 前" in appeals
    body = response.content.decode()
    assert "毛刷厂食堂" not in body and "毛刷厂用电增容" not in body


def test_the_other_firm_sees_only_its_own_paperwork(client, cast, firm_b, paperwork):
    login_as(client, firm_b.user)
    body = client.get("/").content.decode()
    assert "毛刷厂食堂" in body and "毛刷厂用电增容" in body
    assert "刷具车间食堂" not in body and "厂区门前道路积水影响出货" not in body
    assert client.get(f"/approvals/{paperwork.pk}/").status_code == 404
