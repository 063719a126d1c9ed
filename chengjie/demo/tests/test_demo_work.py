"""The demo county's projects — forty signings at every stage — and the work around them — targets, the
last dispatch meeting and site appraisal, approvals and appeals — show on the pages people open first,
each made through its app's services."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.appeals.models import Appeal, AppealEscalation
from chengjie.appraisal.demo import appraisal_half
from chengjie.appraisal.models import Appraisal
from chengjie.appraisal.selectors import progress, results
from chengjie.approvals.clock import Status, request_clock, status_of
from chengjie.approvals.models import ApprovalRequest, DeemedApproval
from chengjie.audit.models import AuditEvent
from chengjie.bulletins import arithmetic as ar
from chengjie.bulletins.compute import figure, target
from chengjie.bulletins.facts import COMPLETED, YTD
from chengjie.bulletins.models import Bulletin
from chengjie.core.testing import login_as
from chengjie.dispatch.clock import with_colours
from chengjie.dispatch.demo import meeting_quarter
from chengjie.dispatch.models import ActionItem, Meeting
from chengjie.inspections.models import Inspection
from chengjie.projects.models import Evidence, MonthlyFigure, Node, PlanVersion, Project
from chengjie.supervision.models import SupervisionNotice
from chengjie.supervision.selectors import projects_with_colour

pytestmark = pytest.mark.django_db


def test_the_demo_county_gets_forty_projects_at_every_stage(client, demo):
    _projects_at_every_stage_and_colour()
    _done_nodes_carry_evidence_and_figures_cover_2026()
    _demo_people_have_tasks(client)


def test_the_demo_county_has_a_year_of_work_around_its_projects(client, demo):
    people = {user.username: user for user in User.objects.all()}
    _bulletin_measures_units_against_their_targets(client, people)
    _last_quarters_dispatch_meeting_with_its_decisions(client, people)
    _last_half_years_appraisal_closed_and_ranked(client, people)
    _approvals_in_hand(client, people)
    _appeals_in_hand(client, people)
    _inspections_of_firms(client, people)
    _last_months_bulletin_published_from_the_month_end_sweep(client, people)
    _every_step_went_through_a_service()


def _projects_at_every_stage_and_colour():
    projects = list(projects_with_colour(Project.objects.all()))
    assert len(projects) == 40
    colours = Counter(p.colour for p in projects)
    assert colours["red"] >= 10 and colours["blue"] >= 10 and colours["green"] >= 1 and colours["yellow"] >= 1
    assert set(Counter(p.reached_milestone for p in projects)) == {"signed", "land", "started", "production",
                                                                   "capacity"}
    assert PlanVersion.objects.filter(status="draft").count() == 2
    assert PlanVersion.objects.filter(status="pending").count() == 1
    assert PlanVersion.objects.filter(status="approved", number=2).count() == 1
    assert Project.objects.filter(duplicate_state="suspected").count() == 1
    assert Project.objects.filter(template__name="工业项目细化节点计划").count() == 5


def _done_nodes_carry_evidence_and_figures_cover_2026():
    done = Node.objects.filter(actual_date__isnull=False).exclude(milestone="signed").exclude(required_evidence=[])
    assert done.exists() and not done.filter(evidence__isnull=True).exists()
    assert Evidence.objects.count() >= done.count()
    periods = set(MonthlyFigure.objects.values_list("period__year", flat=True))
    assert periods == {2026}
    assert Project.objects.filter(stats_registered_on__isnull=False).count() >= 10
    # Everything went through the services: each signing and each node entry has its audit row.
    assert AuditEvent.objects.filter(event="projects.signed").count() == 40
    assert AuditEvent.objects.filter(event="projects.node_completed").count() == Node.objects.filter(
        actual_date__isnull=False).exclude(milestone="signed").count()


def _demo_people_have_tasks(client):
    login_as(client, User.objects.get(username="clerk"))
    tasks = client.get("/projects/tasks/").context["tasks"]
    assert tasks["nodes_due"]
    login_as(client, User.objects.get(username="head"))
    assert client.get("/projects/tasks/").context["tasks"]["nodes_to_confirm"]
    login_as(client, User.objects.get(username="bureau"))
    assert len(client.get("/projects/tasks/").context["tasks"]["plans_to_approve"]) == 3


def _get(client, user, url: str) -> str:
    client.logout()
    login_as(client, user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _bulletin_measures_units_against_their_targets(client, people):
    period = timezone.localdate().replace(day=1)
    response_text = _get(client, people["bureau"], f"/bulletins/preview/{period:%Y-%m}/")
    assert re.search(r"累计完成投资[\d.]+亿元，占年度计划的\d+\.\d%", response_text)
    assert "本期不排名" not in response_text
    content = client.get(f"/bulletins/preview/{period:%Y-%m}/").context["content"]
    done = [ar.percent(figure(row, COMPLETED.key, YTD), target(row, COMPLETED.key)) for row in content["rows"]]
    assert any(percent is not None and percent > 0 for percent in done)
    assert [row["name"] for row in content["rows"] if row["rank"] == 1] == ["经信局"]


def _last_quarters_dispatch_meeting_with_its_decisions(client, people):
    meeting = Meeting.objects.get()
    year, quarter, held_on = meeting_quarter(timezone.localdate())
    assert (meeting.year, meeting.quarter, meeting.held_on, meeting.status) == (year, quarter, held_on, "held")
    assert meeting.title in _get(client, people["leader"], "/dispatch/")
    page = _get(client, people["bureau"], f"/dispatch/{meeting.pk}/")
    items = list(meeting.agenda_items.all())
    assert len([i for i in items if i.removed_at is None]) >= 5
    assert {"red", "manual"} <= {i.source for i in items} and any(i.removed_at for i in items)
    assert all(i.title in page for i in items if i.removed_at is None)
    assert [i.title for i in items if i.tier == "county"] == ["电子化学品项目"]
    actions = with_colours(ActionItem.objects.select_related("meeting"))
    statuses = sorted(a.status for a in actions)
    assert statuses == ["closed", "closed", "closed", "open", "open", "open", "reported"]
    assert {a.colour for a in actions if a.status == "open"} == {"red", "yellow", "blue"}
    # The 经信局's clerk finds the unit's own items on the list it reports from.
    own = _get(client, people["clerk"], "/dispatch/actions/")
    assert "组织在建工业项目申报省级制造业技改专项资金" in own and "污水处理厂扩容方案" not in own


def _last_half_years_appraisal_closed_and_ranked(client, people):
    appraisal = Appraisal.objects.get()
    year, half, _visit = appraisal_half(timezone.localdate())
    assert (appraisal.year, appraisal.half, appraisal.status) == (year, half, Appraisal.Status.CLOSED)
    assert appraisal.title in _get(client, people["bureau"], "/appraisal/")
    assert all(entry.complete for entry in progress(appraisal)) and len(progress(appraisal)) == 5
    ranked = results(appraisal).rows
    assert len(ranked) >= 4 and [row.rank for _pick, row in ranked] == list(range(1, len(ranked) + 1))
    assert any(not pick.by_rule and pick.reason for pick, _row in ranked)
    page = _get(client, people["leader"], f"/appraisal/{appraisal.pk}/results/")
    assert ranked[0][0].project.name in page and str(ranked[0][1].shown_score) in page


def _approvals_in_hand(client, people):
    today = timezone.localdate()
    requests = list(ApprovalRequest.objects.select_related("matter").prefetch_related("stops"))
    states = [status_of(r, request_clock(r, today=today)) for r in requests]
    assert sorted(states) == sorted([Status.APPROVED, Status.RUNNING, Status.DEEMED, Status.RETURNED,
                                              Status.SUBMITTED])
    running = next(r for r in requests if status_of(r, request_clock(r, today=today)) == Status.RUNNING)
    assert request_clock(running, today=today).left == 2
    assert DeemedApproval.objects.get().unit.name == "潜山市住房和城乡建设局"
    # The 自然资源局's clerk sees the three requests the unit handles, the one running out among them.
    page = _get(client, people["clerk2"], "/approvals/")
    handled = [r for r in requests if r.handling_unit_id == people["clerk2"].unit_id]
    assert len(handled) == 3 and running in handled and all(r.reference in page for r in handled)
    assert "住房和城乡建设局" in _get(client, people["leader"], "/approvals/defaults/")


def _appeals_in_hand(client, people):
    appeals = {a.subject: a for a in Appeal.objects.select_related("unit")}
    assert sorted(a.status for a in appeals.values()) == ["accepted", "assigned", "finished", "finished"]
    assert appeals["技改设备补助资金迟迟未兑现"].kind == Appeal.Kind.COMPLAINT
    assert AppealEscalation.objects.get().appeal.unit.name == "潜山市住房和城乡建设局"
    page = _get(client, people["enterprise"], "/appeals/")
    assert "技改设备补助资金迟迟未兑现" in page and "厂区门前道路积水影响出货" not in page


def _inspections_of_firms(client, people):
    states = Counter((i.source, i.is_confirmed, i.is_cancelled) for i in Inspection.objects.all())
    assert states == {("registered", True, False): 1, ("registered", False, False): 1, ("registered", False, True): 1,
                      ("reported", False, False): 1}
    page = _get(client, people["enterprise"], "/inspections/")
    assert "安全生产专项检查（粉尘涉爆）" in page and "工业用地开发利用情况核查" in page and "工业企业节能监察" not in page
    assert "未事先告知" in _get(client, people["bureau"], f"/inspections/{Inspection.objects.get(source='reported').pk}/")


def _last_months_bulletin_published_from_the_month_end_sweep(client, people):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    bulletin = Bulletin.objects.get()
    assert (bulletin.period, bulletin.version, bulletin.published_by) == (last_month, 1, people["bureau"])
    assert bulletin.document and bulletin.annex
    assert bulletin.title in _get(client, people["leader"], "/bulletins/")
    response = client.get(f"/bulletins/{bulletin.pk}/document/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    # Its red and yellow cards are the month-end sweep's: units with a clerk answered their notices, the
    # others' escalated in the sweep of the day the demo was loaded.
    month_end = SupervisionNotice.objects.filter(period=last_month)
    assert month_end.filter(status="answered").exists()
    assert month_end.filter(status="open", escalation_level__gt=0).exists()
    assert not month_end.filter(status="answered").exclude(unit__name__in=["潜山市经济和信息化局",
                                                                          "潜山市自然资源和规划局"]).exists()


def _every_step_went_through_a_service():
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {"bulletins.targets_set", "dispatch.agenda_generated", "dispatch.action_closed", "appraisal.scoring_closed",
            "appraisal.scored", "approval.filed", "approval.deemed", "appeal.rated", "appeal.escalated",
            "inspection.confirmed", "inspection.reported", "inspection.cancelled", "supervision.notice_answered",
            "bulletins.published"} <= events
    # The replayed steps carry their moments: the meeting's audit row is dated the day it was held.
    recorded = AuditEvent.objects.get(event="dispatch.meeting_recorded")
    assert timezone.localdate(recorded.occurred_at) == Meeting.objects.get().held_on
    assert not AuditEvent.objects.exclude(channel="cli").exists()
    assert not AuditEvent.objects.filter(occurred_at__gt=timezone.now()).exists()
