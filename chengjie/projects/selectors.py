"""Reads of projects and their nodes, scoped to the user.

Who sees what (issue 3): leaders and the bureau see every project in their division scope; a unit's
people see the projects their unit introduced or is responsible for a node of; a park committee also
sees the projects settled in its park. Without `projects.view` nothing is visible."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.core.access import get_for_user
from chengjie.core.scope import division_q
from chengjie.supervision import selectors as supervision
from chengjie.supervision.models import Colour
from chengjie.workcalendar.workdays import add_workdays

from .models import (
    MILESTONE_ORDER,
    Evidence,
    Milestone,
    MonthlyFigure,
    Node,
    NodeTemplate,
    PlanEntry,
    PlanVersion,
    Project,
    ProjectTransfer,
)
from .planning import PlanNode, ancestors

# A project merged into the one it duplicated stays readable by its address but leaves every list and
# count: counting it would be the inflated figure duplicate detection is there to stop.
LIVE = ~Q(duplicate_state=Project.DuplicateState.MERGED)


def projects_for_user(*, user) -> QuerySet[Project]:
    if not user.is_authenticated or not user.has_capability("projects.view"):
        return Project.objects.none()
    projects = Project.objects.filter(division_q(user))
    if user.binds_unit:
        units = user.unit_and_descendant_ids()
        visible = (Q(introducing_unit_id__in=units)
                   | Exists(Node.objects.filter(project_id=OuterRef("pk"), responsible_unit_id__in=units)))
        if user.role == Role.PARK:
            visible |= Q(park__committee_id__in=units)
        projects = projects.filter(visible)
    return projects


def get_project_for_user(user, pk, *, write: bool = False, write_capability: str = "projects.manage") -> Project:
    """The one access helper for a project: 404 outside the user's scope, 403 when they may only read."""
    projects = projects_for_user(user=user).select_related(
        "division", "introducing_unit", "park", "industry", "industry_group", "leader", "contact_person",
        "referrer", "investor", "template", "duplicate_of", "created_by")
    return get_for_user(user, projects, write=write, write_capability=write_capability, pk=pk)


def nodes_for_user(*, user) -> QuerySet[Node]:
    """Nodes of the projects the user sees (a unit sees the whole plan of a project it works on)."""
    return Node.objects.filter(project__in=projects_for_user(user=user).values("pk"))


def get_node_for_user(user, pk, *, write: bool = False, write_capability: str = "nodes.update") -> Node:
    nodes = nodes_for_user(user=user).select_related("project", "project__division", "responsible_unit",
                                                     "responsible_person", "actual_entered_by", "confirmed_by")
    return get_for_user(user, nodes, write=write, write_capability=write_capability, pk=pk)


def nodes_up_to(*, project: Project, milestone: str) -> list[Node]:
    """The project's nodes up to `milestone`: its node and every node before it, in plan order."""
    nodes = list(project.nodes.prefetch_related("predecessors").order_by("order"))
    graph = {n.key: PlanNode(key=n.key, name=n.name, predecessors=tuple(p.key for p in n.predecessors.all()),
                             duration_workdays=0) for n in nodes}
    target = next(n.key for n in nodes if n.milestone == milestone)
    wanted = ancestors(graph, target) | {target}
    return [n for n in nodes if n.key in wanted]


def plan_versions_for_user(*, user) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(project__in=projects_for_user(user=user).values("pk"))


# --- the project list, its filters and its export

# 协议投资 bands in 万元, as the bulletin's thresholds cut them (≥3000万 industrial, ≥1亿 others).
AMOUNT_BANDS = [
    ("lt1000", "1000万元以下", None, Decimal(1000)),
    ("1000-3000", "1000万～3000万元", Decimal(1000), Decimal(3000)),
    ("3000-10000", "3000万～1亿元", Decimal(3000), Decimal(10000)),
    ("10000-100000", "1亿～10亿元", Decimal(10000), Decimal(100000)),
    ("ge100000", "10亿元及以上", Decimal(100000), None),
]
COLOUR_CHOICES = Colour.choices
LIST_RELATED = ("introducing_unit", "park", "industry_group", "leader", "division")


def project_list(*, user, q: str = "", county: str = "", unit: int | None = None, park: int | None = None,
                 industry_group: int | None = None, reached: str = "", colour: str = "", amount: str = "",
                 signed_from: date | None = None, signed_to: date | None = None,
                 today: date | None = None) -> QuerySet[Project]:
    """The project list as the page, its export and the API show it: live projects in scope, filtered,
    each annotated with today's `colour` (a supervision `Colour` value) and `colour_severity`."""
    projects = projects_for_user(user=user).filter(LIVE).select_related(*LIST_RELATED)
    if q:
        q = q.strip()
        projects = projects.filter(Q(name__contains=q) | Q(investor_name__contains=q) | Q(code__startswith=q))
    if county:
        projects = projects.filter(division__code__startswith=county)
    if unit:
        projects = projects.filter(introducing_unit_id=unit)
    if park:
        projects = projects.filter(park_id=park)
    if industry_group:
        projects = projects.filter(industry_group_id=industry_group)
    if reached in MILESTONE_ORDER:
        projects = projects.filter(reached_milestone=reached)
    for key, _label, low, high in AMOUNT_BANDS:
        if amount == key:
            if low is not None:
                projects = projects.filter(contracted_investment__gte=low)
            if high is not None:
                projects = projects.filter(contracted_investment__lt=high)
    if signed_from:
        projects = projects.filter(signed_on__gte=signed_from)
    if signed_to:
        projects = projects.filter(signed_on__lte=signed_to)
    # Today's colour by the county's warning preset, computed in the same query (pages are right even
    # when the daily sweep did not run).
    if colour:
        projects = supervision.filter_projects_by_colour(projects, colour, today=today)
    return supervision.projects_with_colour(projects, today=today).order_by("-signed_on", "-id")


def project_totals(projects: QuerySet[Project]) -> dict:
    return projects.aggregate(count=Count("pk"), investment=Sum("contracted_investment"),
                              out_of_province=Sum("out_of_province_investment"))


# --- one project's page

@dataclass(frozen=True)
class NodeRow:
    node: Node
    evidence: list[Evidence]
    slip_days: int | None  # current plan against baseline, in calendar days
    late_days: int | None  # actual against current plan


def node_rows(*, project: Project) -> list[NodeRow]:
    """The plan side by side: baseline, current plan and actual per node, with its evidence."""
    nodes = (project.nodes.select_related("responsible_unit", "responsible_person", "actual_entered_by",
                                          "confirmed_by")
             .prefetch_related("predecessors", Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")))
             .order_by("order"))
    rows = []
    for node in nodes:
        slip = (node.planned_date - node.baseline_date).days if node.planned_date and node.baseline_date else None
        late = (node.actual_date - node.planned_date).days if node.actual_date and node.planned_date else None
        rows.append(NodeRow(node=node, evidence=list(node.evidence.all()), slip_days=slip, late_days=late))
    return rows


@dataclass(frozen=True)
class Speed:
    milestone: str
    label: str
    baseline_days: int | None  # from signing, by the baseline
    actual_days: int | None  # from signing, by the actual dates
    step_days: int | None  # actual days since the previous milestone


def speed_figures(rows: list[NodeRow], *, signed_on: date) -> list[Speed]:
    """Days to land, to start, to production, to capacity (DOMAIN.md: speed is a headline figure)."""
    by_milestone = {row.node.milestone: row.node for row in rows if row.node.milestone}
    figures, previous = [], signed_on
    for milestone in list(Milestone)[1:]:
        node = by_milestone.get(milestone.value)
        if node is None:
            continue
        actual = (node.actual_date - signed_on).days if node.actual_date else None
        step = (node.actual_date - previous).days if node.actual_date and previous else None
        figures.append(Speed(milestone=milestone.value, label=milestone.label,
                             baseline_days=(node.baseline_date - signed_on).days if node.baseline_date else None,
                             actual_days=actual, step_days=step))
        previous = node.actual_date
    return figures


def plan_history(*, project: Project) -> list[dict]:
    """Every plan version, oldest first, with the dates it moved against the version before it."""
    versions = list(project.plan_versions.select_related("requested_by", "decided_by").prefetch_related(
        Prefetch("entries", queryset=PlanEntry.objects.select_related("node").order_by("node__order"))).order_by(
        "number"))
    history, approved = [], {}
    for version in versions:
        entries = list(version.entries.all())
        moved = [{"node": e.node.name, "from": approved.get(e.node_id), "to": e.planned_date} for e in entries
                 if version.number > 1 and approved.get(e.node_id) != e.planned_date]
        history.append({"version": version, "moved": moved})
        if version.status == PlanVersion.Status.APPROVED:
            approved.update({e.node_id: e.planned_date for e in entries})
    return history


def open_plan_version(*, project: Project) -> PlanVersion | None:
    return project.plan_versions.filter(status__in=[PlanVersion.Status.DRAFT, PlanVersion.Status.PENDING]).select_related(
        "requested_by").first()


def monthly_figures(*, project: Project) -> list[MonthlyFigure]:
    return list(project.monthly_figures.select_related("entered_by").order_by("-period"))


def figures_to_date(figures: list[MonthlyFigure]) -> dict:
    return {"funds_in_place": sum((f.funds_in_place for f in figures), Decimal(0)),
            "out_of_province_funds": sum((f.out_of_province_funds for f in figures), Decimal(0)),
            "completed_investment": sum((f.completed_investment for f in figures), Decimal(0))}


def evidence_for_user(*, user) -> QuerySet[Evidence]:
    return Evidence.objects.filter(node__project__in=projects_for_user(user=user).values("pk"))


# --- transfers between introducing units

def transfers_for_user(*, user) -> QuerySet[ProjectTransfer]:
    """The transfers of the projects the user sees, latest first."""
    return (ProjectTransfer.objects.filter(project__in=projects_for_user(user=user).values("pk"))
            .select_related("project", "from_unit", "to_unit", "recorded_by").order_by("-moved_on", "-id"))


def project_transfers(*, project: Project) -> list[ProjectTransfer]:
    return list(project.transfers.select_related("from_unit", "to_unit", "recorded_by").prefetch_related("nodes")
                .order_by("moved_on", "id"))


def introducing_units_on(*, projects, day: date) -> dict[int, int]:
    """Project id → the unit that was its introducing unit at the end of `day`, for those of `projects` (ids,
    or a query of them) ever handed over; any other project's is its current one. One query at any scale."""
    units: dict[int, int] = {}
    for project_id, from_unit, to_unit, moved_on in ProjectTransfer.objects.filter(project__in=projects).order_by(
            "project_id", "moved_on", "id").values_list("project_id", "from_unit_id", "to_unit_id", "moved_on"):
        # Oldest first: the last transfer by `day` names the unit; with none by then, the first one's giver.
        if moved_on <= day:
            units[project_id] = to_unit
        else:
            units.setdefault(project_id, from_unit)
    return units


def node_units_on(*, nodes, day: date) -> dict[int, int]:
    """Node id → the unit that answered for it at the end of `day`, for those of `nodes` (ids, or a query of
    them) a transfer handed over after `day`: the transfer's old unit. Any other node's is its current one."""
    units: dict[int, int] = {}
    handed_over = ProjectTransfer.nodes.through.objects.filter(node__in=nodes, projecttransfer__moved_on__gt=day)
    for node_id, from_unit in handed_over.order_by("projecttransfer__moved_on", "projecttransfer_id").values_list(
            "node_id", "projecttransfer__from_unit_id"):
        # The first transfer after `day` took the node from the unit that held it then.
        units.setdefault(node_id, from_unit)
    return units


# --- duplicates and templates

def suspected_duplicates(*, user) -> QuerySet[Project]:
    return (projects_for_user(user=user).filter(duplicate_state=Project.DuplicateState.SUSPECTED)
            .select_related("introducing_unit", "duplicate_of", "duplicate_of__introducing_unit", "created_by")
            .order_by("-signed_on", "-id"))


def templates_for_user(*, user) -> QuerySet[NodeTemplate]:
    """Every template version the user may read: the shipped ones and those of divisions in scope."""
    prefix = user.scope_prefix
    if prefix is None:
        return NodeTemplate.objects.none()
    return NodeTemplate.objects.filter(Q(division__isnull=True) | Q(division__code__startswith=prefix)).select_related(
        "division", "created_by")


def template_choices(*, user) -> list[NodeTemplate]:
    """The active templates a user's signings may use: a division's own version hides the shipped one of
    the same name."""
    active = list(templates_for_user(user=user).filter(is_active=True).annotate(item_count=Count("items")))
    own = {t.name for t in active if t.division_id is not None}
    return sorted((t for t in active if t.division_id is not None or t.name not in own),
                  key=lambda t: (not t.is_default, t.name))


def template_versions(*, user, template: NodeTemplate) -> list[NodeTemplate]:
    """The template's lineage as the user sees it: the shipped versions and the user's division's own."""
    return list(templates_for_user(user=user).filter(name=template.name).order_by("-version", "-id"))


# --- my tasks

# How far ahead "due soon" looks, in working days: the deadline rule's yellow window is 3 (DOMAIN.md);
# a clerk plans the fortnight.
DUE_SOON_WORKDAYS = 10


def my_tasks(*, user, today: date | None = None) -> dict:
    """What a person has to do today: a unit's nodes due or overdue to enter, dates taken from a ledger
    that still need their evidence, entries to confirm, the supervision notices to answer; the bureau's
    plans to approve and duplicates to check."""
    today = today or timezone.localdate()
    live = projects_for_user(user=user).filter(LIVE).values("pk")
    units = sorted(user.unit_and_descendant_ids()) if user.is_authenticated and user.binds_unit else []
    ours = Node.objects.filter(project__in=live, responsible_unit_id__in=units).select_related(
        "project", "responsible_unit", "actual_entered_by")
    tasks: dict = {"today": today, "horizon": add_workdays(today, DUE_SOON_WORKDAYS),
                   "project_count": projects_for_user(user=user).filter(LIVE).count()}
    entered = ours.filter(actual_date__isnull=False, confirmed_at__isnull=True)
    # A date taken from a ledger comes without files; node entry always brings every required one.
    unproven = ~Q(required_evidence=[]) & ~Exists(Evidence.objects.filter(node_id=OuterRef("pk")))
    if user.has_capability("nodes.update") and units:
        # Nodes of an approved plan only (the baseline is set at the first approval).
        due = ours.filter(actual_date__isnull=True, baseline_date__isnull=False, planned_date__lte=tasks["horizon"])
        tasks["nodes_due"] = list(due.order_by("planned_date", "project_id", "order"))
        tasks["nodes_to_prove"] = list(entered.filter(unproven, baseline_date__isnull=False)
                                       .order_by("actual_date", "project_id", "order"))
    if user.has_capability("nodes.confirm") and units:
        tasks["nodes_to_confirm"] = list(entered.exclude(unproven).order_by("actual_entered_at"))
    if units and user.has_capability("supervision.answer"):
        tasks["notices"] = list(supervision.notices_to_answer(user=user))
    if user.has_capability("projects.manage"):
        versions = PlanVersion.objects.filter(project__in=live).select_related("project", "requested_by")
        tasks["plans_to_approve"] = list(versions.filter(
            Q(status=PlanVersion.Status.DRAFT)
            | Q(status=PlanVersion.Status.PENDING) & ~Q(requested_by=user)).order_by("requested_at"))
        tasks["duplicates"] = suspected_duplicates(user=user).count()
    return tasks
