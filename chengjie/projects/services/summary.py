"""What a project keeps of its nodes: the furthest milestone reached, and the facts the deadline warning
rule reads (how many nodes are open, done, done after their planned date; the earliest planned date among
the open ones).

Every write that adds nodes or changes a node's planned or actual date calls `keep_node_summary` in its own
transaction, so the project list filters by stage and by colour at province scale from project columns.
The summary is written from the nodes themselves in one UPDATE, never incremented: calling it again is
harmless, and a project's summary is whatever its nodes say."""

from __future__ import annotations

from django.db.models import Case, Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from ..models import MILESTONE_ORDER, Milestone, Node, Project

SUMMARY_FIELDS = ["reached_milestone", "open_nodes", "done_nodes", "late_nodes", "next_due_on"]

_RANK = Case(*(When(milestone=milestone, then=Value(rank)) for milestone, rank in MILESTONE_ORDER.items()),
             default=Value(-1), output_field=IntegerField())


def _count(nodes: QuerySet[Node]) -> Coalesce:
    counted = nodes.values("project_id").annotate(number=Count("pk")).values("number")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def keep_node_summary(projects: QuerySet[Project]) -> int:
    """Write the summary of each project in `projects` from its nodes; the number of projects written."""
    nodes = Node.objects.filter(project_id=OuterRef("pk")).order_by()
    done, open_ = nodes.filter(actual_date__isnull=False), nodes.filter(actual_date__isnull=True)
    reached = done.exclude(milestone="").annotate(rank=_RANK).order_by("-rank").values("milestone")[:1]
    return projects.order_by().update(
        reached_milestone=Coalesce(Subquery(reached), Value(Milestone.SIGNED.value)),
        open_nodes=_count(open_),
        done_nodes=_count(done),
        late_nodes=_count(done.filter(actual_date__gt=F("planned_date"))),
        next_due_on=Subquery(open_.filter(planned_date__isnull=False).order_by("planned_date")
                             .values("planned_date")[:1]))


def keep_project_summary(project: Project) -> None:
    """`keep_node_summary` for one project, and the instance brought up to date with what was written."""
    keep_node_summary(Project.objects.filter(pk=project.pk))
    project.refresh_from_db(fields=SUMMARY_FIELDS)
