"""Each project keeps a summary of its nodes (services/summary.py): every write that changes nodes keeps it in
the same transaction, and the suite's check after each database test (conftest.py) catches one that does not."""

from datetime import date, timedelta

from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.core.testing import make_user
from chengjie.projects.models import Milestone, Node, Project
from chengjie.projects.services import node_return, plan_approve, plan_change_request
from chengjie.projects.services.summary import keep_node_summary
from chengjie.projects.testing import complete_node, make_project, summaries_out_of_step, unit_user


def summary(project: Project) -> tuple:
    project.refresh_from_db()
    return (project.reached_milestone, project.open_nodes, project.done_nodes, project.late_nodes,
            project.next_due_on)


def test_signing_completing_returning_and_replanning_keep_the_summary(cast):
    today = timezone.localdate()
    project = make_project(cast=cast, signed_on=today - timedelta(days=300))
    nodes = list(project.nodes.order_by("order"))
    land, started = (project.nodes.get(milestone=m) for m in (Milestone.LAND, Milestone.STARTED))
    assert summary(project) == ("signed", len(nodes) - 1, 1, 0, min(n.planned_date for n in nodes[1:]))

    # 供地 five days after its planned date, entered but not yet confirmed: done late.
    complete_node(land, actual_date=land.planned_date + timedelta(days=5), confirm=False)
    assert summary(project) == ("land", len(nodes) - 2, 2, 1, started.planned_date)

    # The head returns it: open again, as planned.
    node_return(acting_user=unit_user(land.responsible_unit, Role.UNIT_HEAD), node=land, reason="佐证材料不清晰")
    assert summary(project) == ("signed", len(nodes) - 1, 1, 0, land.planned_date)

    # A change request moves 供地 later; nothing changes until it is approved.
    later = land.planned_date + timedelta(days=10)
    version = plan_change_request(acting_user=cast.bureau, project=project, planned_dates={land.pk: later},
                                  reason="用地报批延后")
    assert summary(project)[4] == land.planned_date
    second = make_user("bureau_2", role=Role.BUREAU, unit=cast.bureau.unit, full_name="招商局审批人")
    plan_approve(acting_user=second, version=version)
    assert summary(project)[4] == later
    assert summaries_out_of_step() == []


def test_the_check_names_a_project_whose_nodes_were_written_around_the_summary(cast):
    project = make_project(cast=cast, signed_on=date(2026, 1, 5))
    node = project.nodes.get(milestone=Milestone.LAND)
    Node.objects.filter(pk=node.pk).update(planned_date=date(2025, 12, 31))
    assert summaries_out_of_step() == [f"{project.code} next_due_on: kept {project.next_due_on!r}, "
                                       f"nodes say {date(2025, 12, 31)!r}"]
    assert keep_node_summary(Project.objects.filter(pk=project.pk)) == 1
    assert summaries_out_of_step() == []
