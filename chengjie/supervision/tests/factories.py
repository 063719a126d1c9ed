"""Projects and nodes for supervision tests, built as rows (the warning rules read only dates, amounts and
the 纳统 date, so a project's signing flow is not needed here)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from chengjie.projects.models import Milestone, MonthlyFigure, Node, NodeTemplate, Project
from chengjie.projects.services.summary import keep_project_summary

_numbers = itertools.count(1)
FIVE_NODES = [("signed", "签约", Milestone.SIGNED), ("land", "供地", Milestone.LAND), ("started", "开工", Milestone.STARTED),
              ("production", "竣工投产", Milestone.PRODUCTION), ("capacity", "达产达效", Milestone.CAPACITY)]


def template() -> NodeTemplate:
    return NodeTemplate.objects.get_or_create(name="督办测试模板", division=None, version=1)[0]


def make_project(*, cast, signed_on: date = date(2026, 1, 5), plan: dict | None = None, done: dict | None = None,
                 units: dict | None = None, division: str = "340882", contracted: Decimal | int = 10000,
                 introducing_unit=None, leader=None, stats_registered_on: date | None = None, name: str = "",
                 nodes=FIVE_NODES) -> Project:
    """A signed project with the five default nodes. `plan` and `done` map node keys to planned and actual
    dates (签约 is planned and done on `signed_on` unless given); `units` maps keys to responsible units
    (default: unit A)."""
    number = next(_numbers)
    plan = {"signed": signed_on, **(plan or {})}
    done = {"signed": signed_on, **(done or {})}
    units = units or {}
    project = Project.objects.create(
        code=f"T{number:05d}", name=name or f"测试项目{number}", investor_name=f"测试投资方{number}",
        division_id=division, contracted_investment=Decimal(contracted), signed_on=signed_on,
        introducing_unit=introducing_unit or cast.unit_a, leader=leader if leader is not None else cast.leader,
        template=template(), created_by=cast.bureau, stats_registered_on=stats_registered_on)
    Node.objects.bulk_create([
        Node(project=project, key=key, name=label, order=order, milestone=milestone,
             responsible_unit=units.get(key, cast.unit_a), planned_date=plan.get(key), actual_date=done.get(key))
        for order, (key, label, milestone) in enumerate(nodes, start=1)
    ])
    keep_project_summary(project)
    return project


def node(project: Project, key: str) -> Node:
    return project.nodes.get(key=key)


def finish(node: Node, on: date) -> None:
    """Give a node an actual date as a row (no evidence, no predecessor checks), keeping its project's summary."""
    node.actual_date = on
    node.save(update_fields=["actual_date"])
    keep_project_summary(node.project)


def add_figures(project: Project, *, by, **months: Decimal | int) -> None:
    """add_figures(project, by=user, m2026_03=500): 完成投资 per month."""
    for name, amount in months.items():
        year, month = int(name[1:5]), int(name[6:8])
        MonthlyFigure.objects.create(project=project, period=date(year, month, 1), completed_investment=Decimal(amount),
                                     entered_by=by)
