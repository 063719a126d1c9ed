"""Moving a project to another introducing unit: the open nodes it held as the introducing unit go with it,
and its notices still waiting for a plan; the others stay; one audit row tells all; both units' people are
told; only the bureau in scope may."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import OTHER_COUNTY, make_user
from chengjie.notifications.models import Notification
from chengjie.projects.models import ProjectTransfer
from chengjie.projects.services import node_assign, project_transfer
from chengjie.projects.testing import complete_node, make_project
from chengjie.supervision.models import SupervisionNotice

pytestmark = pytest.mark.django_db


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def _units(project) -> dict[str, tuple]:
    return {node.key: (node.responsible_unit, node.responsible_person)
            for node in project.nodes.select_related("responsible_unit", "responsible_person")}


@pytest.fixture
def project(cast):
    """经信局's, 供地 done by 自然资源局; 开工 entered by 经信局 and not yet confirmed; 竣工投产 open with 经信局's
    clerk named; 达产达效 given by the bureau to 自然资源局."""
    project = make_project(cast=cast, stage="land", signed_on=_days_ago(200))
    complete_node(project.nodes.get(key="start"), actual_date=_days_ago(20), confirm=False)
    node_assign(acting_user=cast.bureau, node=project.nodes.get(key="production"), responsible_unit=cast.unit_a,
                responsible_person=cast.clerk_a)
    node_assign(acting_user=cast.bureau, node=project.nodes.get(key="capacity"), responsible_unit=cast.unit_b)
    return project


def test_open_nodes_of_the_introducing_unit_follow_the_project(cast, project):
    transfer = project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.park_unit,
                                moved_on=_days_ago(5), reason="项目落户开发区，由管委会服务")
    assert (transfer.from_unit, transfer.to_unit, transfer.recorded_by) == (cast.unit_a, cast.park_unit, cast.bureau)
    project.refresh_from_db()
    assert project.introducing_unit == cast.park_unit
    assert _units(project) == {
        "sign": (cast.unit_a, None),  # done
        "land": (cast.unit_b, None),  # 自然资源局's, done
        "start": (cast.unit_a, None),  # entered by 经信局: its head still confirms it
        "production": (cast.park_unit, None),  # the introducing unit's: moves, its person is for the new unit to name
        "capacity": (cast.unit_b, None),  # the bureau gave it to another unit
    }
    # Recorded with the transfer: the bulletin keeps the node's red items of earlier months with 经信局.
    assert list(transfer.nodes.values_list("key", flat=True)) == ["production"]


def test_a_department_that_brought_the_project_keeps_the_nodes_it_answers_for_as_department(cast):
    """自然资源局 introduced the project and answers for 供地 as 自然资源局: 供地 stays with it; 开工 and the rest,
    its as the introducing unit, move."""
    project = make_project(cast=cast, stage="signed", signed_on=_days_ago(200), introducing_unit=cast.unit_b,
                           contact_person=cast.clerk_b)
    assert {unit for unit, _person in _units(project).values()} == {cast.unit_b}
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.unit_a, moved_on=_days_ago(1),
                     reason="调整包联单位")
    project.refresh_from_db()
    assert {key: unit for key, (unit, _person) in _units(project).items()} == {
        "sign": cast.unit_b, "land": cast.unit_b, "start": cast.unit_a, "production": cast.unit_a,
        "capacity": cast.unit_a}


def test_a_keyword_no_unit_of_the_county_matches_falls_to_the_introducing_unit_and_moves(cast):
    """The finer template's 项目备案 is 发改's; a county without a 发改 unit gave it to the introducing unit."""
    project = make_project(cast=cast, stage="signed", signed_on=_days_ago(200), fine=True)
    assert project.nodes.get(key="filing").responsible_unit == cast.unit_a
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.park_unit, moved_on=_days_ago(1),
                     reason="调整包联单位")
    moved = set(project.nodes.filter(responsible_unit=cast.park_unit).values_list("key", flat=True))
    assert "filing" in moved and "start" in moved
    assert not {"sign", "land", "planning"} & moved


def test_the_transfer_and_the_nodes_it_moved_are_one_audit_row(cast, project):
    moved_on = _days_ago(5)
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.park_unit, moved_on=moved_on,
                     reason="项目落户开发区，由管委会服务")
    event = AuditEvent.objects.get(event="projects.transferred")
    assert (event.object_type, event.object_id, event.actor_id) == ("projects.project", str(project.pk), cast.bureau.pk)
    assert event.before == {"introducing_unit": cast.unit_a.pk,
                            "nodes": {"production": {"responsible_unit": cast.unit_a.pk,
                                                     "responsible_person": cast.clerk_a.pk}}}
    assert event.after == {"introducing_unit": cast.park_unit.pk, "moved_on": moved_on.isoformat(),
                           "nodes": {"production": {"responsible_unit": cast.park_unit.pk,
                                                    "responsible_person": None}}}
    assert event.note == "项目落户开发区，由管委会服务"


def test_the_new_units_people_are_told_which_nodes_are_now_theirs(cast, project):
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.park_unit, moved_on=_days_ago(5),
                     reason="项目落户开发区，由管委会服务")
    [message] = Notification.objects.filter(kind="projects.transferred")
    assert message.recipient == cast.park and message.actor == cast.bureau
    assert project.name in message.title and message.link == f"/projects/{project.pk}/"
    assert "竣工投产" in message.body and "开工" not in message.body and "项目落户开发区" in message.body
    # A unit without clerks, heads or park staff of its own hears nothing, and nothing fails.
    project.refresh_from_db()
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.bureau.unit, moved_on=_days_ago(1),
                     reason="收回招商局服务")
    assert Notification.objects.filter(kind="projects.transferred").count() == 1


def test_the_transfer_is_checked(cast, project):
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.unit_b, moved_on=_days_ago(10),
                     reason="项目转由自然资源局包联服务")
    project.refresh_from_db()
    refusals = [
        ({"to_unit": cast.unit_b, "moved_on": _days_ago(5)}, "已经是", "to_unit"),
        ({"to_unit": cast.unit_a, "moved_on": _days_ago(-1)}, "晚于今天", "moved_on"),
        ({"to_unit": cast.unit_a, "moved_on": _days_ago(11)}, "早于上一次移交", "moved_on"),
        ({"to_unit": cast.unit_a, "moved_on": _days_ago(300)}, "早于签约日期", "moved_on"),
        ({"to_unit": cast.outsider.unit, "moved_on": _days_ago(5)}, "不是项目所在县的单位", "to_unit"),
        ({"to_unit": cast.unit_a, "moved_on": _days_ago(5), "reason": " "}, "请填写移交原因", "reason"),
    ]
    for kwargs, message, field in refusals:
        with pytest.raises(DomainError, match=message) as refused:
            project_transfer(acting_user=cast.bureau, project=project, **{"reason": "调整"} | kwargs)
        assert refused.value.field == field
    assert ProjectTransfer.objects.count() == 1


def test_only_the_bureau_of_the_projects_county_may_move_it(cast, project):
    other_bureau = make_user("bureau_tc", role=Role.BUREAU, unit=cast.outsider.unit, division=OTHER_COUNTY,
                             full_name="桐城招商局干部")
    for user in (cast.clerk_a, cast.head_a, cast.leader, cast.outsider, other_bureau):
        with pytest.raises(DomainError) as refused:
            project_transfer(acting_user=user, project=project, to_unit=cast.unit_b, moved_on=_days_ago(5),
                             reason="调整")
        assert refused.value.code == "forbidden"
    project.refresh_from_db()
    assert project.introducing_unit == cast.unit_a and not ProjectTransfer.objects.exists()
    assert not AuditEvent.objects.filter(event="projects.transferred").exists()


def notice_row(project, node, unit, number, *, status=SupervisionNotice.Status.OPEN, months_ago=0):
    period = (timezone.localdate().replace(day=1) - timedelta(days=28 * months_ago)).replace(day=1)
    return SupervisionNotice.objects.create(
        code=f"潜督〔2026〕{number}号", division_id=project.division_id, year=2026, number=number, project=project,
        node=node, period=period, unit=unit, reason="逾期未完成", status=status,
        issued_at=timezone.now(), response_due=timezone.localdate() + timedelta(days=3))


def test_notices_waiting_for_a_plan_go_with_the_project_and_the_old_unit_is_told(cast, project):
    production, capacity = project.nodes.get(key="production"), project.nodes.get(key="capacity")
    waiting = notice_row(project, production, cast.unit_a, 1)
    on_project = notice_row(project, None, cast.unit_a, 2)
    answered = notice_row(project, production, cast.unit_a, 3, status=SupervisionNotice.Status.ANSWERED, months_ago=1)
    others = notice_row(project, capacity, cast.unit_b, 4)
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.park_unit, moved_on=_days_ago(5),
                     reason="项目落户开发区，由管委会服务")
    units = dict(SupervisionNotice.objects.values_list("pk", "unit"))
    assert (units[waiting.pk], units[on_project.pk]) == (cast.park_unit.pk, cast.park_unit.pk)
    # A plan already sent stays with whoever wrote it; another unit's notice is not the introducing unit's.
    assert (units[answered.pk], units[others.pk]) == (cast.unit_a.pk, cast.unit_b.pk)
    event = AuditEvent.objects.get(event="projects.transferred")
    assert event.before["notices"] == {waiting.code: cast.unit_a.pk, on_project.code: cast.unit_a.pk}
    assert event.after["notices"] == {waiting.code: cast.park_unit.pk, on_project.code: cast.park_unit.pk}
    told = Notification.objects.get(kind="projects.transferred")
    assert f"改由贵单位负责的待报整改方案的督办单：{waiting.code}、{on_project.code}" in told.body
    gone = Notification.objects.filter(kind="projects.transferred_away").order_by("recipient_id")
    assert {n.recipient for n in gone} == {cast.clerk_a, cast.head_a}
    assert "自" in gone[0].title and "安徽潜山经济开发区管委会" in gone[0].title
    assert "随项目移交的节点：竣工投产" in gone[0].body and waiting.code in gone[0].body
