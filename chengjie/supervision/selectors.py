"""Reads: colours computed live from the clock (correct whether or not the sweep has run), the colour
history the sweep keeps, the presets in force, and supervision notices scoped to the user.

For one project or node the rules of `rules.py` run in Python and give a reason; for lists the same
rules run in SQL (`expressions.py`) as an annotation, so a page costs a fixed number of queries and a
colour filter works before pagination at any scale.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import reduce

from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.lookups import Exact
from django.utils import timezone

from chengjie.core import request_context
from chengjie.core.access import get_for_user
from chengjie.core.scope import division_q
from chengjie.org.models import Unit
from chengjie.projects.models import MonthlyFigure, Node, Project

from . import expressions
from .models import COLOUR_SEVERITY, Colour, ColourRecord, SupervisionNotice, WarningPreset, WarningSetting
from .presets import SHIPPED_PRESETS
from .rules import ColourResult, Evaluator, NodeFacts, ProjectFacts, shift_months

WARNED = COLOUR_SEVERITY[Colour.YELLOW]


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- which preset applies where


def _shipped_default() -> WarningPreset:
    """The deadline rule as shipped, for a database whose preset rows are gone (a test that flushed
    tables); never saved from here."""
    entry = next(entry for entry in SHIPPED_PRESETS if entry["is_default"])
    return WarningPreset(**entry)


@dataclass
class PresetTable:
    """Every county's choice: a division code prefix maps to a preset, the longest prefix wins, and the
    default preset covers the rest."""

    default: WarningPreset
    settings: list[WarningSetting] = field(default_factory=list)  # longest division code first

    def for_division(self, code: str) -> WarningPreset:
        return next((s.preset for s in self.settings if code.startswith(s.division_id)), self.default)

    def setting_for(self, code: str) -> WarningSetting | None:
        return next((s for s in self.settings if code.startswith(s.division_id)), None)


_table_for: tuple[str, PresetTable] | None = None  # the last request's or job's table


def preset_table() -> PresetTable:
    """Read once per request or job (a page asks several selectors); services that write forget it."""
    global _table_for
    info = request_context.current()
    if info is not None and _table_for is not None and _table_for[0] == info.request_id:
        return _table_for[1]
    default = WarningPreset.objects.filter(is_default=True).first() or _shipped_default()
    settings = sorted(WarningSetting.objects.select_related("preset"), key=lambda s: (-len(s.division_id), s.division_id))
    table = PresetTable(default=default, settings=settings)
    if info is not None:
        _table_for = (info.request_id, table)
    return table


def forget_preset_table() -> None:
    global _table_for
    _table_for = None


def preset_for_division(code: str) -> WarningPreset:
    return preset_table().for_division(code)


def _by_division(table: PresetTable, today: date, build, field_name: str):
    """One expression per preset, chosen per row by the row's division code (longest prefix first)."""
    default = build(Evaluator.for_preset(table.default, today))
    if not table.settings:
        return default
    cache: dict[int | None, object] = {}

    def expression(preset):
        if preset.pk not in cache:
            cache[preset.pk] = build(Evaluator.for_preset(preset, today))
        return cache[preset.pk]

    whens = [When(Q(**{f"{field_name}__startswith": s.division_id}), then=expression(s.preset)) for s in table.settings]
    return Case(*whens, default=default)


# --- colours for lists


def projects_with_colour(queryset: QuerySet[Project], *, today: date | None = None) -> QuerySet[Project]:
    """The projects annotated with `colour_severity` (0 green … 3 red) and `colour` (a `Colour` value),
    each by its county's preset as of `today`. Adds no query of its own beyond two small reads of the
    presets in force."""
    if "colour_severity" in queryset.query.annotations:
        return queryset
    severity = _by_division(preset_table(), _today(today), expressions.project_severity, "division__code")
    return queryset.annotate(colour_severity=severity).annotate(colour=expressions.colour_of(F("colour_severity")))


def _division_conditions(table: PresetTable) -> list[tuple[Q, WarningPreset]]:
    """Where each preset applies, as conditions on the division code that do not overlap: a setting
    covers its prefix less the longer prefixes under it that have a setting of their own."""
    codes = [s.division_id for s in table.settings]
    conditions = []
    for setting in table.settings:
        covered = Q(division__code__startswith=setting.division_id)
        for longer in codes:
            if len(longer) > len(setting.division_id) and longer.startswith(setting.division_id):
                covered &= ~Q(division__code__startswith=longer)
        conditions.append((covered, setting.preset))
    rest = Q()
    for code in codes:
        rest &= ~Q(division__code__startswith=code)
    return [*conditions, (rest, table.default)]


def filter_projects_by_colour(queryset: QuerySet[Project], colour: str, *, today: date | None = None) -> QuerySet[Project]:
    """Only the projects whose colour today is `colour`; the queryset comes back annotated as by
    `projects_with_colour`. An unknown colour leaves the queryset as it is.

    Under the deadline rules the condition is written as EXISTS over the nodes, which the database runs
    as a join; the progress rule's arithmetic is compared project by project."""
    if colour not in COLOUR_SEVERITY:
        return queryset
    table, day = preset_table(), _today(today)
    conditions = []
    for covered, preset in _division_conditions(table):
        ev = Evaluator.for_preset(preset, day)
        if ev.base_rule == WarningPreset.Rule.DEADLINE:
            conditions.append(covered & expressions.deadline_colour_q(ev, colour))
        else:
            conditions.append(covered & Q(Exact(expressions.project_severity(ev), COLOUR_SEVERITY[colour])))
    return projects_with_colour(queryset.filter(reduce(operator.or_, conditions)), today=day)


def nodes_with_colour(queryset: QuerySet[Node], *, today: date | None = None) -> QuerySet[Node]:
    """Nodes annotated with `colour_severity` and `colour` by their project's county preset."""
    if "colour_severity" in queryset.query.annotations:
        return queryset
    severity = _by_division(preset_table(), _today(today), expressions.node_severity, "project__division__code")
    return queryset.annotate(colour_severity=severity).annotate(colour=expressions.colour_of(F("colour_severity")))


def projects_with_clause_colour(queryset: QuerySet[Project], *, today: date | None = None) -> QuerySet[Project]:
    """Projects annotated with `clause_severity`: the progress rule's project-level findings (investment
    lag, 纳统) alone, without the nodes. Zero under the deadline rule."""
    severity = _by_division(preset_table(), _today(today), expressions.project_clause_severity, "division__code")
    return queryset.annotate(clause_severity=severity)


# --- colours for one project or node, with reasons


def node_facts(node: Node) -> NodeFacts:
    return NodeFacts(name=node.name, planned_date=node.planned_date, actual_date=node.actual_date,
                     milestone=node.milestone)


def completed_investment(*, project_id: int, period: date) -> Decimal:
    total = MonthlyFigure.objects.filter(project_id=project_id, period__lte=period).aggregate(
        total=Sum("completed_investment"))["total"]
    return total or Decimal(0)


def _project_facts(project: Project, nodes: Iterable[Node], ev: Evaluator) -> ProjectFacts:
    needs_figures = ev.base_rule == WarningPreset.Rule.PROGRESS
    return ProjectFacts(
        nodes=tuple(node_facts(node) for node in nodes),
        contracted_investment=project.contracted_investment,
        completed_investment=(completed_investment(project_id=project.pk, period=ev.period) if needs_figures
                              else Decimal(0)),
        stats_registered_on=project.stats_registered_on,
    )


def _project_nodes(project: Project) -> list[Node]:
    cached = getattr(project, "_prefetched_objects_cache", {}).get("nodes")
    nodes = list(cached) if cached is not None else list(project.nodes.all())
    return sorted(nodes, key=lambda node: node.order)


def evaluator_for(project: Project, *, today: date | None = None) -> Evaluator:
    return Evaluator.for_preset(preset_for_division(project.division_id), _today(today))


def node_colour(node: Node, *, today: date | None = None) -> ColourResult:
    ev = evaluator_for(node.project, today=today)
    previous = None
    if ev.sticky:
        previous = (ColourRecord.objects.filter(node=node, period=ev.previous_period)
                    .values_list("colour", flat=True).first())
    return ev.node(node_facts(node), previous=previous)


def project_colour(project: Project, *, today: date | None = None) -> ColourResult:
    return project_colours(project, today=today).project


@dataclass
class ProjectColours:
    project: ColourResult
    nodes: dict[int, ColourResult]
    evaluator: Evaluator


def project_colours(project: Project, *, today: date | None = None) -> ProjectColours:
    """The project's colour and each node's, with reasons, for the project page (a fixed number of
    queries: presets, nodes unless prefetched, figures under the progress rule, last month's records
    under the sticky one)."""
    ev = evaluator_for(project, today=today)
    nodes = _project_nodes(project)
    previous: dict[int | None, str] = {}
    if ev.sticky:
        previous = dict(ColourRecord.objects.filter(project=project, period=ev.previous_period)
                        .values_list("node_id", "colour"))
    result = ev.evaluate(_project_facts(project, nodes, ev), previous=previous.get(None),
                         previous_nodes=[previous.get(node.pk) for node in nodes])
    return ProjectColours(project=result.project, nodes={node.pk: r for node, r in zip(nodes, result.nodes)},
                          evaluator=ev)


def project_colour_history(project: Project, *, months: int = 12) -> list[ColourRecord]:
    """The project's recorded colour per month, newest first (what the sweep kept)."""
    return list(ColourRecord.objects.filter(project=project, node__isnull=True).select_related("preset")
                .order_by("-period")[:months])


# --- supervision notices


def notices_for_user(*, user) -> QuerySet[SupervisionNotice]:
    """The bureau and leaders see the notices of their division scope; a unit's people see only the
    notices issued to their unit (and its sub-units)."""
    if not user.is_authenticated or not user.has_capability("supervision.view"):
        return SupervisionNotice.objects.none()
    notices = SupervisionNotice.objects.filter(division_q(user, "project__division"))
    if user.binds_unit:
        notices = notices.filter(unit_id__in=user.unit_and_descendant_ids())
    return notices


def notice_list(*, user, status: str = "", tier: str = "", unit: int | None = None,
                q: str = "") -> QuerySet[SupervisionNotice]:
    """The notice list as the page and the API show it, newest first."""
    notices = notices_for_user(user=user).select_related("project", "node", "unit")
    if status:
        notices = notices.filter(status=status)
    if tier:
        notices = notices.filter(tier=tier)
    if unit:
        notices = notices.filter(unit_id=unit)
    if q := q.strip():
        notices = notices.filter(Q(project__name__contains=q) | Q(code__contains=q))
    return notices.order_by("-issued_at", "-id")


def get_notice_for_user(user, pk, *, write: bool = False,
                        write_capability: str = "supervision.manage") -> SupervisionNotice:
    notices = notices_for_user(user=user).select_related(
        "project", "project__leader", "project__introducing_unit", "node", "unit", "division", "responded_by",
        "closed_by", "issued_by")
    return get_for_user(user, notices, write=write, write_capability=write_capability, pk=pk)


def notices_to_answer(*, user) -> QuerySet[SupervisionNotice]:
    """Open notices of the user's unit that wait for a rectification plan, soonest deadline first ("my
    tasks")."""
    if not user.has_capability("supervision.answer"):
        return SupervisionNotice.objects.none()
    return (notices_for_user(user=user).filter(status=SupervisionNotice.Status.OPEN)
            .select_related("project", "node", "unit").order_by("response_due", "id"))


# --- the red and yellow list by unit


def _live(queryset: QuerySet, prefix: str = "") -> QuerySet:
    # A project merged into the one it duplicated is not supervised twice.
    return queryset.exclude(**{f"{prefix}duplicate_state": Project.DuplicateState.MERGED})


def warned_nodes(*, user, today: date | None = None, colour: str = "", unit: int | None = None) -> QuerySet[Node]:
    """Yellow and red nodes in the user's scope (a unit's people: the nodes their unit is responsible
    for), worst first, annotated as by `nodes_with_colour`."""
    if not user.is_authenticated or not user.has_capability("supervision.view"):
        return Node.objects.none()
    nodes = _live(Node.objects.filter(division_q(user, "project__division")), "project__")
    if user.binds_unit:
        nodes = nodes.filter(responsible_unit_id__in=user.unit_and_descendant_ids())
    if unit:
        nodes = nodes.filter(responsible_unit_id=unit)
    nodes = nodes_with_colour(nodes, today=today)
    nodes = nodes.filter(colour_severity=COLOUR_SEVERITY[colour]) if colour in COLOUR_SEVERITY else nodes.filter(
        colour_severity__gte=WARNED)
    return nodes.select_related("project", "project__division", "responsible_unit").order_by(
        "-colour_severity", "planned_date", "pk")


def warned_projects(*, user, today: date | None = None, colour: str = "", unit: int | None = None) -> QuerySet[Project]:
    """Projects with a yellow or red project-level finding (progress rule: investment lag, 纳统), the
    introducing unit's to answer; annotated with `clause_severity`."""
    if not user.is_authenticated or not user.has_capability("supervision.view"):
        return Project.objects.none()
    projects = _live(Project.objects.filter(division_q(user)))
    if user.binds_unit:
        projects = projects.filter(introducing_unit_id__in=user.unit_and_descendant_ids())
    if unit:
        projects = projects.filter(introducing_unit_id=unit)
    projects = projects_with_clause_colour(projects, today=today)
    projects = (projects.filter(clause_severity=COLOUR_SEVERITY[colour]) if colour in COLOUR_SEVERITY
                else projects.filter(clause_severity__gte=WARNED))
    return projects.select_related("division", "introducing_unit").order_by("-clause_severity", "signed_on", "pk")


def warned_counts_by_unit(*, user, today: date | None = None) -> list[dict]:
    """Per unit: how many red and yellow items it has (nodes it is responsible for, project-level findings
    of projects it introduced), most reds first."""
    counts: dict[int, dict] = {}
    for source, unit_field, severity in (
        (warned_nodes(user=user, today=today), "responsible_unit_id", "colour_severity"),
        (warned_projects(user=user, today=today), "introducing_unit_id", "clause_severity"),
    ):
        rows = source.order_by().values(unit_field).annotate(
            red=Count("pk", filter=Q(**{severity: COLOUR_SEVERITY[Colour.RED]})),
            yellow=Count("pk", filter=Q(**{severity: COLOUR_SEVERITY[Colour.YELLOW]})))
        for row in rows:
            entry = counts.setdefault(row[unit_field], {"unit_id": row[unit_field], "red": 0, "yellow": 0})
            entry["red"] += row["red"]
            entry["yellow"] += row["yellow"]
    names = dict(Unit.objects.filter(pk__in=counts).values_list("pk", "name"))
    for entry in counts.values():
        entry["unit_name"] = names.get(entry["unit_id"], "")
    return sorted(counts.values(), key=lambda e: (-e["red"], -e["yellow"], e["unit_name"]))


def node_results(nodes: Iterable[Node], *, today: date | None = None) -> dict[int, ColourResult]:
    """Colour and reason of each node of a page (the nodes carry their project): one query for the
    presets, one for last month's records under the sticky rule."""
    nodes, table, day = list(nodes), preset_table(), _today(today)
    evaluators: dict[object, Evaluator] = {}

    def evaluator(node):
        preset = table.for_division(node.project.division_id)
        if preset.pk not in evaluators:
            evaluators[preset.pk] = Evaluator.for_preset(preset, day)
        return evaluators[preset.pk]

    previous: dict[int, str] = {}
    if any(evaluator(node).sticky for node in nodes):
        previous = dict(ColourRecord.objects.filter(node__in=nodes, period=shift_months(day.replace(day=1), -1))
                        .values_list("node_id", "colour"))
    return {node.pk: evaluator(node).node(node_facts(node), previous=previous.get(node.pk)) for node in nodes}


def clause_results(projects: Iterable[Project], *, today: date | None = None) -> dict[int, list[ColourResult]]:
    """The project-level findings of each project of a page: its nodes and figures in one query each."""
    projects, table, day = list(projects), preset_table(), _today(today)
    period = day.replace(day=1)
    nodes: dict[int, list[Node]] = {}
    for node in Node.objects.filter(project__in=projects).order_by("project_id", "order"):
        nodes.setdefault(node.project_id, []).append(node)
    completed = dict(MonthlyFigure.objects.filter(project__in=projects, period__lte=period).values("project_id")
                     .annotate(total=Sum("completed_investment")).values_list("project_id", "total"))
    results = {}
    for project in projects:
        ev = Evaluator.for_preset(table.for_division(project.division_id), day)
        facts = ProjectFacts(nodes=tuple(node_facts(n) for n in nodes.get(project.pk, [])),
                             contracted_investment=project.contracted_investment,
                             completed_investment=completed.get(project.pk) or Decimal(0),
                             stats_registered_on=project.stats_registered_on)
        results[project.pk] = ev.project_clauses(facts)
    return results
