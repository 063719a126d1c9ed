"""The rows behind a dashboard figure, for the figures no shared list can show exactly (see links.py).

Each function returns the rows and the total they add up to, computed the way the dashboard computed the
figure (same scope, same filters, same reading of the year), so the page a figure leads to shows that
figure again above its rows.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, QuerySet, Sum

from chengjie.projects.models import MILESTONE_ORDER, Milestone, MonthlyFigure, Project
from chengjie.projects.selectors import LIST_RELATED

from .selectors import STAGES, DashboardQuery, previous_milestone_date, red_nodes, red_projects


@dataclass
class Rows:
    rows: QuerySet
    count: int
    amount: Decimal | None = None  # 万元, where the figure is an amount


def period(query: DashboardQuery, month: int | None) -> tuple[date, date]:
    if month is None:
        return query.start, query.end
    return date(query.year, month, 1), date(query.year, month, calendar.monthrange(query.year, month)[1])


def pipeline_rows(query: DashboardQuery, *, stage: str, month: int | None = None) -> Rows:
    """Projects signed in the period that have reached `stage` or beyond, newest signing first."""
    first, last = period(query, month)
    beyond = [s for s in STAGES if MILESTONE_ORDER[s] >= MILESTONE_ORDER[stage]]
    projects = Project.objects.filter(query.projects_q(), signed_on__gte=first, signed_on__lte=last,
                                      reached_milestone__in=beyond)
    totals = projects.aggregate(count=Count("pk"), amount=Sum("contracted_investment"))
    return Rows(rows=projects.select_related(*LIST_RELATED).order_by("-signed_on", "-id"), count=totals["count"],
                amount=totals["amount"] or Decimal(0))


FIGURE_FIELDS = {"funds": "funds_in_place", "completed": "completed_investment"}


def figure_rows(query: DashboardQuery, *, measure: str, month: int | None = None) -> Rows:
    """Projects with monthly figures in the period, each with its sum of `measure` there, largest first."""
    first, last = period(query, month)
    name = FIGURE_FIELDS[measure]
    figures = MonthlyFigure.objects.filter(query.projects_q("project__"), period__gte=first, period__lte=last)
    total = figures.aggregate(amount=Sum(name))["amount"] or Decimal(0)
    projects = (Project.objects.filter(query.projects_q(), monthly_figures__period__gte=first,
                                       monthly_figures__period__lte=last)
                .annotate(value=Sum(f"monthly_figures__{name}")).select_related(*LIST_RELATED)
                .order_by("-value", "-id"))
    return Rows(rows=projects, count=figures.values("project_id").distinct().count(), amount=total)


def reached_rows(query: DashboardQuery, *, stage: str) -> Rows:
    """Projects that reached `stage` in the year, each with the date and the previous milestone's date
    (the days between them are what the medians are taken over), in the order they reached it."""
    if stage == Milestone.SIGNED:
        raise ValueError("signing is not reached: it starts the pipeline")
    projects = (Project.objects.filter(query.projects_q(), nodes__milestone=stage, nodes__actual_date__gte=query.start,
                                       nodes__actual_date__lte=query.end)
                .annotate(reached_on=Min("nodes__actual_date"), previous_on=previous_milestone_date(stage))
                .select_related(*LIST_RELATED).order_by("reached_on", "id"))
    return Rows(rows=projects, count=projects.count())


def red_rows(query: DashboardQuery, *, today: date | None = None) -> tuple[Rows, list[Project]]:
    """Today's red nodes (paged) and the red project-level findings, as the dashboard counted them."""
    nodes = red_nodes(query, today=today)
    projects = list(red_projects(query, today=today))
    return Rows(rows=nodes, count=nodes.count() + len(projects)), projects
