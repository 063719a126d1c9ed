"""The figures of dashboards that compare counties (a city's or the province's scope, no county
chosen), read from the counties' snapshots (models.CountySnapshot) instead of computed over every
county's projects, nodes and monthly figures on each page.

Each snapshot holds one county's totals for one year, computed by the same selectors as that county's
own dashboard (grouped by county: one row), so the comparison shows every county with the figures its
own leader sees, as of the snapshot's time (the page says when). Medians stay per county: the city's
page shows each county's median, never a median of medians.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.db.models.functions import Substr

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.org.models import Division
from chengjie.projects.models import Node, Project
from chengjie.supervision import selectors as supervision
from chengjie.supervision.models import Colour

from . import selectors
from .models import CountySnapshot
from .selectors import COUNTY, STAGES, DashboardQuery, Milestones, Monthly, Pipeline, RedList

# The job refreshes every snapshot this often (tasks.py); a page finding one older than STALE_AFTER
# (no worker running) recomputes it before showing it.
REFRESH_MINUTES = 10
STALE_AFTER = timedelta(hours=1)


def county_reader(code: str) -> User:
    """A leader of the county, never saved: the scope whose figures the county's snapshot holds."""
    return User(role=Role.LEADER, division_id=code, is_active=True)


def counties_with_projects() -> list[str]:
    return sorted(Project.objects.annotate(county=Substr("division", 1, 6)).values_list("county", flat=True)
                  .distinct().order_by())


def counties_in(area: str) -> QuerySet[Division]:
    return Division.objects.filter(level=Division.Level.COUNTY, code__startswith=area)


def county_figures(*, county: str, year: int, today: date) -> dict:
    """One county's totals for the year, JSON-ready (amounts as strings: JSON has no decimal)."""
    query = DashboardQuery(user=county_reader(county), year=year, by=COUNTY)
    pipeline, monthly = selectors.pipeline(query), selectors.monthly(query)
    reached, red = selectors.milestones(query), selectors.red_list(query, today=today, worst=False)
    worst_nodes = selectors.red_nodes(query, today=today).values_list("planned_date", "pk")[:selectors.RED_LIST_LENGTH]
    worst_projects = selectors.red_projects(query, today=today).values_list("signed_on", "pk")[
        :selectors.RED_LIST_LENGTH]
    return {
        "stages": pipeline.total,
        "signed_amount": str(sum(pipeline.signed_amount.values(), Decimal(0))),
        "signed_count": monthly.signed_count, "signed_month_amount": _strings(monthly.signed_amount),
        "funds": _strings(monthly.funds), "completed": _strings(monthly.completed),
        "reached": dict(reached.reached_total),
        "timed": reached.timed.get(county, {}), "median": reached.median.get(county, {}),
        "red": red.total,
        "red_nodes": [[day.isoformat(), pk] for day, pk in worst_nodes],
        "red_projects": [[day.isoformat(), pk] for day, pk in worst_projects],
    }


def _strings(amounts: dict) -> dict:
    return {month: str(amount) for month, amount in amounts.items()}


def to_refresh(query: DashboardQuery, *, now: datetime) -> list[str]:
    """Counties of the comparison whose snapshot of the year is missing or stale."""
    fresh = set(CountySnapshot.objects.filter(county__code__startswith=query.area, year=query.year,
                                              computed_at__gte=now - STALE_AFTER).values_list("county_id", flat=True))
    return [code for code in counties_in(query.area).values_list("code", flat=True) if code not in fresh]


@dataclass
class Comparison:
    pipeline: Pipeline
    monthly: Monthly
    milestones: Milestones
    red: RedList
    computed_at: datetime | None


def comparison(query: DashboardQuery, *, today: date) -> Comparison:
    """The counties' figures as the selectors would give them grouped by county, from the snapshots.
    A county with nothing at all in the year (no signing, figure, milestone or red item) is left out,
    as a live GROUP BY would leave it out."""
    pipeline, monthly, reached, red = Pipeline(), Monthly(), Milestones(), RedList()
    snapshots = list(CountySnapshot.objects.filter(county__code__startswith=query.area, year=query.year))
    worst_nodes, worst_projects = [], []
    for snapshot in snapshots:
        figures, code = snapshot.figures, snapshot.county_id
        if not (figures["stages"]["signed"] or figures["funds"] or figures["completed"] or figures["reached"]
                or figures["red"]):
            continue
        pipeline.by_key[code] = figures["stages"]
        for stage in STAGES:
            pipeline.total[stage] += figures["stages"][stage]
        pipeline.signed_amount[code] = Decimal(figures["signed_amount"])
        for month, count in figures["signed_count"].items():
            monthly.signed_count[int(month)] += count
        for name, target, by_key in (("signed_month_amount", monthly.signed_amount, None),
                                     ("funds", monthly.funds, monthly.funds_by_key),
                                     ("completed", monthly.completed, monthly.completed_by_key)):
            for month, amount in figures[name].items():
                target[int(month)] += Decimal(amount)
                if by_key is not None:
                    by_key[code] += Decimal(amount)
        if figures["reached"]:
            reached.reached[code] = figures["reached"]
            reached.timed[code] = figures["timed"]
            reached.median[code] = figures["median"]
            for milestone, count in figures["reached"].items():
                reached.reached_total[milestone] += count
        if figures["red"]:
            red.counts[code] = figures["red"]
            red.total += figures["red"]
        worst_nodes += figures["red_nodes"]
        worst_projects += figures["red_projects"]
    red.nodes, red.projects = _worst(worst_nodes, worst_projects, today=today)
    return Comparison(pipeline=pipeline, monthly=monthly, milestones=reached, red=red,
                      computed_at=min((s.computed_at for s in snapshots), default=None))


def _worst(nodes: list, projects: list, *, today: date) -> tuple[list, list]:
    """The red list's first rows across the counties, in the supervision list's order, read again now
    (an item put right since the snapshot drops out)."""
    node_ids = [pk for _day, pk in sorted(nodes)[:selectors.RED_LIST_LENGTH]]
    found = Node.objects.filter(pk__in=node_ids).select_related("project", "project__division", "responsible_unit")
    ordered = sorted(found, key=lambda node: node_ids.index(node.pk))
    reasons = supervision.node_results(ordered, today=today)
    project_ids = [pk for _day, pk in sorted(projects)[:selectors.RED_LIST_LENGTH]]
    found_projects = Project.objects.filter(pk__in=project_ids).select_related("introducing_unit", "division")
    ordered_projects = sorted(found_projects, key=lambda project: project_ids.index(project.pk))
    clauses = supervision.clause_results(ordered_projects, today=today)
    return ([(node, reasons[node.pk]) for node in ordered if reasons[node.pk].colour == Colour.RED],
            [(project, finding) for project in ordered_projects for finding in clauses[project.pk]
             if finding.colour == Colour.RED])
