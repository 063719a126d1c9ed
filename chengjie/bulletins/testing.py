"""Pipelines for bulletin tests, built through the project services (signing, plan approval, node entry with
evidence, monthly figures, 纳统), so every figure a test works out by hand comes from rows a person could
have entered.

    project = pipeline(cast, unit=cast.unit_a, signed_on=date(2026, 2, 10), contracted=12000,
                       start_plan=date(2026, 5, 1), production_plan=date(2027, 3, 1),
                       started_on=date(2026, 5, 20), figures={"2026-03": (3000, 2000, 1000)})
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from chengjie.projects.models import PlanVersion, Project
from chengjie.projects.services import monthly_figure_set, plan_approve, plan_draft_update, stats_registration_set
from chengjie.projects.testing import complete_node, make_project

from .facts import parse_period
from .services import annual_targets_set


def pipeline(cast, *, unit, signed_on: date, start_plan: date, production_plan: date, contracted=12000,
             project_type: str = "industrial", started_on: date | None = None, produced_on: date | None = None,
             figures: dict[str, tuple] | None = None, stats_on: date | None = None, **overrides) -> Project:
    """A project of `unit` signed on `signed_on` whose approved plan puts 供地 on the signing day, 开工 on
    `start_plan` and 竣工投产 on `production_plan`; started / in production on the dates given; with month
    figures "YYYY-MM" → (funds in place, of which out of province, completed investment) in 万元. `overrides`
    go to `make_project` (name, park, leader, …); `cast` needs only the attributes `make_project` reads, so a
    namespace with another county's bureau signs there."""
    project = make_project(cast=cast, stage="draft", signed_on=signed_on, introducing_unit=unit,
                           contracted_investment=Decimal(contracted), project_type=project_type, **overrides)
    nodes = {node.key: node for node in project.nodes.all()}
    plan = {"land": signed_on, "start": start_plan, "production": production_plan,
            "capacity": production_plan + timedelta(days=365)}
    draft = project.plan_versions.get(status=PlanVersion.Status.DRAFT)
    plan_draft_update(acting_user=cast.bureau, version=draft,
                      planned_dates={nodes[key].pk: day for key, day in plan.items()})
    plan_approve(acting_user=cast.bureau, version=draft)
    if started_on or produced_on:
        complete_node(project.nodes.get(key="land"), actual_date=signed_on)
        complete_node(project.nodes.get(key="start"), actual_date=started_on)
    if produced_on:
        complete_node(project.nodes.get(key="production"), actual_date=produced_on)
    for month, (funds, outside, completed) in (figures or {}).items():
        monthly_figure_set(acting_user=cast.bureau, project=project, period=parse_period(month),
                           funds_in_place=Decimal(funds), out_of_province_funds=Decimal(outside),
                           completed_investment=Decimal(completed))
    if stats_on:
        stats_registration_set(acting_user=cast.bureau, project=project, registered_on=stats_on)
    project.refresh_from_db()
    return project


def targets(cast, values: dict[tuple[int, str], object], *, year: int = 2026, division: str = "340882") -> int:
    """Set annual targets as the county's bureau: (unit id, indicator) → value."""
    return annual_targets_set(acting_user=cast.bureau, division_code=division, year=year, values=values)
