"""The leader dashboard's figures: a handful of GROUP BY queries over the user's division scope, whatever
the number of projects (no loop over projects in Python).

What is compared: a county's scope (or one county chosen from a wider scope) compares its units — the
introducing unit, 谁引进、谁服务, as the monthly bulletin ranks them; a city's or the province's scope
compares its counties (the first six digits of the project's division code).

The year works on each figure as the bulletin reads it:
  - the pipeline funnel follows the projects *signed* in the year, each at the furthest milestone it has
    reached today (`Project.reached_milestone`);
  - the monthly trend and the ranking add up the year's monthly figures (到位资金, 完成投资) and the
    signing amounts by signing month;
  - the ranking's starts and the median days between milestones count the milestone nodes *reached* in
    the year, each measured from the same project's previous milestone;
  - the red list is today's, computed live by the supervision rules (not by year).

A project counts for the unit that introduces it now (a project handed to another unit moves with all
its figures); the monthly bulletin, which is frozen per month, attributes by the unit as of its month.
A city's or the province's comparison reads the counties' snapshots (snapshots.py) rather than running
these queries over every county on each page.

Ranking: as the monthly bulletin ranks (bulletins/compute.py), by the year's completed investment as a
share of the annual target the bureau set; without targets, nothing is ranked.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr, TruncMonth

from chengjie.bulletins.models import AnnualTarget, Indicator
from chengjie.core.scope import division_q
from chengjie.org.models import Division, IndustryGroup, Unit
from chengjie.parks.models import Park
from chengjie.projects.models import MILESTONE_ORDER, Milestone, MonthlyFigure, Node, Project
from chengjie.supervision import selectors as supervision
from chengjie.supervision.models import Colour

UNIT, COUNTY = "unit", "county"
STAGES: list[str] = list(Milestone.values)
# Each milestone after signing, measured from the one before it (DOMAIN.md: "21 days to sign, 30 to
# land, 40 to start" — days between nodes, as medians per unit).
STEPS: list[tuple[str, str]] = list(zip(STAGES[:-1], STAGES[1:]))
RED_LIST_LENGTH = 10


@dataclass(frozen=True)
class DashboardQuery:
    """What the dashboard is asked: the user's scope narrowed by the filters."""

    user: object
    year: int
    county: str = ""  # one county chosen within a city's or the province's scope
    unit: int | None = None
    park: int | None = None
    industry_group: int | None = None
    by: str = ""  # compare by this (UNIT or COUNTY) rather than by the area's level

    @property
    def area(self) -> str:
        return self.county or self.user.scope_prefix or ""

    @property
    def compare(self) -> str:
        return self.by or (UNIT if len(self.area) >= 6 else COUNTY)

    @property
    def filtered(self) -> bool:
        return bool(self.unit or self.park or self.industry_group)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    def projects_q(self, path: str = "") -> Q:
        """The live projects of the scope and filters, for a queryset of Project (`path=""`) or of a model
        that points at one (`path="project__"`)."""
        q = division_q(self.user, f"{path}division") & ~Q(**{f"{path}duplicate_state": Project.DuplicateState.MERGED})
        if self.county:
            q &= Q(**{f"{path}division__code__startswith": self.county})
        for name, value in (("introducing_unit_id", self.unit), ("park_id", self.park),
                            ("industry_group_id", self.industry_group)):
            if value:
                q &= Q(**{f"{path}{name}": value})
        return q

    def key(self, path: str = ""):
        """What a row is compared by: its introducing unit's id, or its county's code."""
        if self.compare == COUNTY:
            return Substr(f"{path}division", 1, 6)
        return F(f"{path}introducing_unit_id")


# --- the figures


@dataclass
class Pipeline:
    """Projects signed in the year by the furthest milestone reached, counted cumulatively (a project in
    production has also landed and started): total, per compared key, per park, per industry group."""

    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    by_key: dict = field(default_factory=dict)
    by_park: dict = field(default_factory=dict)
    by_group: dict = field(default_factory=dict)
    signed_amount: dict = field(default_factory=lambda: defaultdict(Decimal))  # per key, 万元


def pipeline(query: DashboardQuery) -> Pipeline:
    rows = (Project.objects.filter(query.projects_q(), signed_on__gte=query.start, signed_on__lte=query.end)
            .annotate(compared=query.key()).values("compared", "park_id", "industry_group_id", "reached_milestone")
            .annotate(count=Count("pk"), amount=Sum("contracted_investment")).order_by())
    result = Pipeline()
    for row in rows:
        reached = STAGES[: MILESTONE_ORDER[row["reached_milestone"]] + 1]
        targets = [result.total, _stages(result.by_key, row["compared"])]
        if row["park_id"]:
            targets.append(_stages(result.by_park, row["park_id"]))
        if row["industry_group_id"]:
            targets.append(_stages(result.by_group, row["industry_group_id"]))
        for counts in targets:
            for stage in reached:
                counts[stage] += row["count"]
        result.signed_amount[row["compared"]] += row["amount"] or Decimal(0)
    return result


def _stages(table: dict, key) -> dict[str, int]:
    if key not in table:
        table[key] = dict.fromkeys(STAGES, 0)
    return table[key]


@dataclass
class Monthly:
    """The year month by month (1..12): signings (count, 万元) and the monthly figures (万元); and the
    year's figures per compared key."""

    signed_count: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    signed_amount: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    funds: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    completed: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    funds_by_key: dict = field(default_factory=lambda: defaultdict(Decimal))
    completed_by_key: dict = field(default_factory=lambda: defaultdict(Decimal))


def monthly(query: DashboardQuery) -> Monthly:
    result = Monthly()
    signings = (Project.objects.filter(query.projects_q(), signed_on__gte=query.start, signed_on__lte=query.end)
                .annotate(month=TruncMonth("signed_on")).values("month")
                .annotate(count=Count("pk"), amount=Sum("contracted_investment")).order_by())
    for row in signings:
        result.signed_count[row["month"].month] = row["count"]
        result.signed_amount[row["month"].month] = row["amount"] or Decimal(0)
    figures = (MonthlyFigure.objects.filter(query.projects_q("project__"), period__gte=query.start,
                                            period__lte=query.end)
               .annotate(compared=query.key("project__")).values("compared", "period")
               .annotate(funds=Sum("funds_in_place"), completed=Sum("completed_investment")).order_by())
    for row in figures:
        month = row["period"].month
        result.funds[month] += row["funds"]
        result.completed[month] += row["completed"]
        result.funds_by_key[row["compared"]] += row["funds"]
        result.completed_by_key[row["compared"]] += row["completed"]
    return result


@dataclass
class Milestones:
    """Milestones reached in the year per compared key: how many projects reached each, and the median
    days since the same project's previous milestone, with how many projects that median is over."""

    reached: dict = field(default_factory=dict)  # key -> milestone -> projects
    median: dict = field(default_factory=dict)  # key -> milestone -> days (float)
    timed: dict = field(default_factory=dict)  # key -> milestone -> projects with both dates
    reached_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def previous_milestone_date(milestone: str):
    """For a Project queryset: the date the project reached the milestone before `milestone` (signing:
    the signing date), as `_milestone_dates` reads it."""
    before = STAGES[MILESTONE_ORDER[milestone] - 1]
    if before == Milestone.SIGNED:
        return F("signed_on")
    nodes = Node.objects.filter(project_id=OuterRef("pk"), milestone=before, actual_date__isnull=False)
    return Subquery(nodes.order_by("actual_date").values("actual_date")[:1])


def _milestone_dates(query: DashboardQuery):
    """One row per project of the scope that reached a milestone after signing, with the date it
    reached each (a template has one node per milestone). A project that reached none has no row."""
    dates = {milestone: Min("nodes__actual_date", filter=Q(nodes__milestone=milestone)) for milestone in STAGES[1:]}
    return (Project.objects.filter(query.projects_q(), nodes__milestone__in=STAGES[1:],
                                   nodes__actual_date__isnull=False)
            .annotate(compared=query.key()).values("pk", "compared", "signed_on").annotate(**dates).order_by())


def milestones(query: DashboardQuery) -> Milestones:
    """Milestones reached in the year, from one pass over the scope's milestone nodes (each project's
    dates side by side), grouped by key. PostgreSQL counts and takes the medians in SQL around that pass
    (percentile_cont); SQLite, which has no median, returns the narrow per-project rows and Python
    counts them and takes the medians — fine at a county's scale, and SQLite is the single-county
    embedded install."""
    if connection.vendor == "postgresql":
        grouped = _milestones_postgresql(query)
    else:
        grouped = _milestones_python(query)
    result = Milestones()
    for key, milestone, projects, timed, median in grouped:
        if not projects:
            continue
        result.reached.setdefault(key, {})[milestone] = projects
        result.timed.setdefault(key, {})[milestone] = timed
        if median is not None:
            result.median.setdefault(key, {})[milestone] = float(median)
        result.reached_total[milestone] += projects
    return result


def _milestones_postgresql(query: DashboardQuery) -> list[tuple]:
    # Counts and medians over the per-project rows: an aggregate over an aggregate, which the ORM cannot
    # say, so the outer query is written out; its names are the module's constants, its values bound.
    inner, params = _milestone_dates(query).query.sql_with_params()
    columns = []
    for before, after in STEPS:
        reached = f'"{after}" BETWEEN %s AND %s'
        days = f'"{after}" - "{before}"' if before != Milestone.SIGNED else f'"{after}" - "signed_on"'
        columns.append(f"COUNT(*) FILTER (WHERE {reached}), COUNT({days}) FILTER (WHERE {reached}), "
                       f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {days}) FILTER (WHERE {reached})")
    sql = f'SELECT "compared", {", ".join(columns)} FROM ({inner}) AS reached GROUP BY "compared"'
    with connection.cursor() as cursor:
        cursor.execute(sql, [query.start, query.end] * (3 * len(STEPS)) + list(params))
        rows = cursor.fetchall()
    return [(row[0], after, *row[1 + 3 * index: 4 + 3 * index]) for row in rows
            for index, (_before, after) in enumerate(STEPS)]


def _milestones_python(query: DashboardQuery) -> list[tuple]:
    projects: dict = defaultdict(int)
    days: dict = defaultdict(list)
    for row in _milestone_dates(query):
        for before, after in STEPS:
            reached = row[after]
            if reached is None or not query.start <= reached <= query.end:
                continue
            projects[row["compared"], after] += 1
            previous = row["signed_on"] if before == Milestone.SIGNED else row[before]
            if previous is not None:
                days[row["compared"], after].append((reached - previous).days)
    return [(key, milestone, count, len(days[key, milestone]),
             statistics.median(days[key, milestone]) if days[key, milestone] else None)
            for (key, milestone), count in projects.items()]


@dataclass
class RedList:
    """Today's red items by the supervision rules: nodes (by the unit responsible for them) and the
    progress rule's project-level findings (by the introducing unit), counted per compared key, and the
    worst of them listed."""

    counts: dict = field(default_factory=lambda: defaultdict(int))
    total: int = 0
    nodes: list = field(default_factory=list)  # (node, ColourResult)
    projects: list = field(default_factory=list)  # (project, ColourResult)


def _narrowed(queryset, query: DashboardQuery, path: str):
    if query.county:
        queryset = queryset.filter(**{f"{path}division__code__startswith": query.county})
    if query.park:
        queryset = queryset.filter(**{f"{path}park_id": query.park})
    if query.industry_group:
        queryset = queryset.filter(**{f"{path}industry_group_id": query.industry_group})
    return queryset


def red_nodes(query: DashboardQuery, *, today: date | None = None):
    nodes = supervision.warned_nodes(user=query.user, today=today, colour=Colour.RED, unit=query.unit)
    return _narrowed(nodes, query, "project__")


def red_projects(query: DashboardQuery, *, today: date | None = None):
    projects = supervision.warned_projects(user=query.user, today=today, colour=Colour.RED, unit=query.unit)
    return _narrowed(projects, query, "")


def red_list(query: DashboardQuery, *, today: date | None = None, worst: bool = True) -> RedList:
    """The counts, and unless `worst` is off the first rows of the list."""
    result = RedList()
    nodes, projects = red_nodes(query, today=today), red_projects(query, today=today)
    node_key = query.key("project__") if query.compare == COUNTY else F("responsible_unit_id")
    for source, key in ((nodes, node_key), (projects, query.key())):
        for row in source.order_by().annotate(compared=key).values("compared").annotate(count=Count("pk")):
            result.counts[row["compared"]] += row["count"]
            result.total += row["count"]
    if not worst:
        return result
    worst_nodes = list(nodes[:RED_LIST_LENGTH])
    reasons = supervision.node_results(worst_nodes, today=today)
    result.nodes = [(node, reasons[node.pk]) for node in worst_nodes]
    worst_projects = list(projects[:RED_LIST_LENGTH])
    clauses = supervision.clause_results(worst_projects, today=today)
    result.projects = [(project, finding) for project in worst_projects for finding in clauses[project.pk]
                       if finding.colour == Colour.RED]
    return result


def investment_targets(query: DashboardQuery) -> dict:
    """The year's completed-investment target per compared key, as the bureau set it for the monthly
    bulletin (a county's is the sum of its units'; bulletins/compute.py). A target belongs to a unit,
    not to a park or an industry group: narrowed to one of those, there is none to compare against."""
    if query.park or query.industry_group:
        return {}
    targets = AnnualTarget.objects.filter(division_q(query.user, "unit__division"), year=query.year,
                                          indicator=Indicator.COMPLETED_INVESTMENT,
                                          unit__division__code__startswith=query.area)
    if query.unit:
        targets = targets.filter(unit_id=query.unit)
    key = Substr("unit__division", 1, 6) if query.compare == COUNTY else F("unit_id")
    rows = targets.annotate(compared=key).values("compared").annotate(total=Sum("value")).order_by()
    return {row["compared"]: row["total"] for row in rows}


# --- names of what is compared


@dataclass
class Names:
    """Display names (and whether still active) of the keys, parks and groups the figures mention."""

    keys: dict = field(default_factory=dict)  # key -> (short name, full name)
    parks: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    inactive: set = field(default_factory=set)  # ("unit"|"park"|"group", id) no longer active


def names(query: DashboardQuery, *, keys: set, parks: set, groups: set) -> Names:
    result = Names()
    if query.compare == COUNTY:
        result.keys = {code: (name, name) for code, name in Division.objects.filter(code__in=keys)
                       .values_list("code", "name")}
    else:
        for pk, name, short_name, active in Unit.objects.filter(pk__in=keys).values_list(
                "pk", "name", "short_name", "is_active"):
            result.keys[pk] = (short_name or name, name)
            if not active:
                result.inactive.add((UNIT, pk))
    for pk, name, active in Park.objects.filter(pk__in=parks).values_list("pk", "name", "is_active"):
        result.parks[pk] = name
        if not active:
            result.inactive.add(("park", pk))
    for pk, name, active in IndustryGroup.objects.filter(pk__in=groups).values_list("pk", "name", "is_active"):
        result.groups[pk] = name
        if not active:
            result.inactive.add(("group", pk))
    return result
