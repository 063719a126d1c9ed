"""Signing thousands of ledger rows at once, with the outcome `project_sign` gives row by row: the same
template choice, node plans in working days, responsible units, plan version 1 as a draft, project codes,
duplicate-signing flags and one `projects.signed` audit row per project (tests/test_import_bulk.py holds the
two paths to the same result). Row by row costs ~35 queries and a comparison with every project of the
county per row; here each step is one statement per batch.

The rows come checked by the import plan (scope, names, amounts, dates); this module checks only what the
plan cannot know: that the user may sign projects, and each division is in the user's scope."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record_many, snapshot
from chengjie.core.errors import DomainError
from chengjie.org.models import Unit

from ..models import Milestone, Node, NodeTemplate, PlanEntry, PlanVersion, Project
from ..planning import PlanNode, plan_dates
from ..services._common import clean_amount, in_scope, require_capability
from ..services.signing import PROJECT_AUDIT_FIELDS, _next_code, responsible_unit_for
from ..services.templates import template_for
from .duplicates import DuplicateFinder, Signing

# Rows written per round: bounds memory (a round's projects, nodes and entries) at 10,000 rows.
BATCH = 1000


@dataclass
class _Template:
    template: NodeTemplate
    items: list
    graph: list[PlanNode]
    predecessors: dict[str, list[str]]


class _Codes:
    """Project codes as `project_sign` numbers them (county-year-running number), one query per county
    and year instead of one per project."""

    def __init__(self):
        self.next: dict[tuple[str, int], tuple[str, int, int]] = {}

    def take(self, division, year: int) -> str:
        key = (division.code[:6], year)
        if key not in self.next:
            prefix, _dash, number = _next_code(division, year).rpartition("-")
            self.next[key] = (prefix, int(number), len(number))
        prefix, number, width = self.next[key]
        self.next[key] = (prefix, number + 1, width)
        return f"{prefix}-{number:0{width}d}"


class _Plans:
    """Templates, their node graphs and the planned dates per signing date, each worked out once."""

    def __init__(self):
        self.templates: dict[tuple[str, str], _Template] = {}
        self.dates: dict[tuple[int, date], dict[str, date]] = {}
        self.units: dict[str, list[Unit]] = {}

    def template(self, division_code: str, project_type: str) -> _Template:
        key = (division_code, project_type)
        if key not in self.templates:
            template = template_for(division_code=division_code, project_type=project_type)
            items = list(template.items.prefetch_related("predecessors").order_by("order"))
            predecessors = {item.key: [p.key for p in item.predecessors.all()] for item in items}
            graph = [PlanNode(key=i.key, name=i.name, predecessors=tuple(predecessors[i.key]),
                              duration_workdays=i.duration_workdays) for i in items]
            self.templates[key] = _Template(template, items, graph, predecessors)
        return self.templates[key]

    def planned(self, spec: _Template, signed_on: date) -> dict[str, date]:
        key = (spec.template.pk, signed_on)
        if key not in self.dates:
            self.dates[key] = plan_dates(spec.graph, start=signed_on)
        return self.dates[key]

    def county_units(self, county: str) -> list[Unit]:
        if county not in self.units:
            self.units[county] = list(Unit.objects.filter(division__code__startswith=county, is_active=True))
        return self.units[county]


def _batches(rows: list[dict]) -> Iterator[tuple[int, list[dict]]]:
    for start in range(0, len(rows), BATCH):
        yield start, rows[start:start + BATCH]


@transaction.atomic
def projects_sign_many(*, acting_user, signings: list[dict], notes: list[str] | None = None) -> list[int]:
    """Sign every row of `signings` (the keywords `project_sign` takes, without task force, lead or
    template), in order; `notes` says on each audit row where the row came from. Returns the new
    projects' ids."""
    require_capability(acting_user, "projects.manage", _("签约登记项目"))
    if not signings:
        return []
    signings = [row | {
        # Stored with two decimals; quantised here so the audit row equals what the database holds.
        "contracted_investment": clean_amount(row["contracted_investment"], label=_("协议投资"),
                                              field="contracted_investment"),
        "out_of_province_investment": clean_amount(row["out_of_province_investment"], label=_("省外资金"),
                                                   field="out_of_province_investment", required=False),
    } for row in signings]
    for row in signings:
        if not in_scope(acting_user, row["division"].code):
            raise DomainError(_("行政区划“%(name)s”不在您的数据范围内，未作任何修改。") % {"name": row["division"].name},
                              field="division")
    finder = DuplicateFinder(counties={row["division"].code[:6] for row in signings},
                             first=min(row["signed_on"] for row in signings),
                             last=max(row["signed_on"] for row in signings),
                             investor_names=[row["investor_name"] for row in signings])
    plans, codes, now = _Plans(), _Codes(), timezone.now()
    ids: list[int] = []
    for start, batch in _batches(signings):
        projects, duplicates, specs = [], [], []
        for position, row in enumerate(batch, start=start):
            division = row["division"]
            spec = plans.template(division.code, row["project_type"])
            found = finder.find(division.code[:6], Signing(row["name"], row["investor_name"],
                                                           row["investor"].pk if row["investor"] else None,
                                                           row["signed_on"], position=position))
            duplicates.append(found)
            specs.append(spec)
            projects.append(Project(
                code=codes.take(division, row["signed_on"].year), template=spec.template,
                reached_milestone=Milestone.SIGNED, created_by=acting_user,
                duplicate_state=Project.DuplicateState.SUSPECTED if found else "",
                duplicate_of_id=found[0].pk if found and found[0].pk is not None else None, **row))
        Project.objects.bulk_create(projects)
        ids.extend(project.pk for project in projects)
        # A row repeating an earlier row of the same file points at it once that row has an id.
        pointing = []
        for project, found in zip(projects, duplicates):
            if found and found[0].pk is None:
                project.duplicate_of_id = ids[found[0].position]
                pointing.append(project)
        Project.objects.bulk_update(pointing, ["duplicate_of"])
        plans_written = _write_nodes(projects, specs, plans, acting_user=acting_user, now=now)
        row_notes = notes[start:start + BATCH] if notes else [""] * len(batch)
        audit_record_many(event="projects.signed", acting_user=acting_user, entries=(
            {"obj": project,
             "after": snapshot(project, fields=PROJECT_AUDIT_FIELDS) | {"task_force": [], "plan": plan},
             "note": "；".join(filter(None, [_("疑似与 %(count)d 个项目重复签约") % {"count": len(found)} if found else "",
                                            row_note]))}
            for project, found, plan, row_note in zip(projects, duplicates, plans_written, row_notes)))
    return ids


def _write_nodes(projects: list[Project], specs: list[_Template], plans: _Plans, *, acting_user,
                 now) -> list[dict[str, date]]:
    """Nodes, their predecessor links, plan version 1 and its entries for a batch of new projects."""
    nodes: list[Node] = []
    written: list[dict[str, date]] = []
    for project, spec in zip(projects, specs):
        county = project.division_id[:6]
        dates = plans.planned(spec, project.signed_on)
        written.append(dates)
        for item in spec.items:
            done = item.milestone == Milestone.SIGNED
            nodes.append(Node(
                project=project, template_item=item, key=item.key, name=item.name, order=item.order,
                milestone=item.milestone, required_evidence=list(item.required_evidence),
                responsible_unit=responsible_unit_for(item.responsible_unit_kind, county=county,
                                                      introducing_unit=project.introducing_unit, park=project.park,
                                                      units=plans.county_units(county)),
                planned_date=dates[item.key],
                actual_date=project.signed_on if done else None, actual_entered_at=now if done else None,
                actual_entered_by=acting_user if done else None, confirmed_at=now if done else None,
                confirmed_by=acting_user if done else None))
    Node.objects.bulk_create(nodes)
    by_project: dict[int, dict[str, Node]] = {}
    for node in nodes:
        by_project.setdefault(node.project_id, {})[node.key] = node
    Link = Node.predecessors.through
    Link.objects.bulk_create([
        Link(from_node_id=by_key[key].pk, to_node_id=by_key[predecessor].pk)
        for project, spec in zip(projects, specs) for by_key in [by_project[project.pk]]
        for key, predecessors in spec.predecessors.items() for predecessor in predecessors])
    versions = PlanVersion.objects.bulk_create([
        PlanVersion(project=project, number=1, status=PlanVersion.Status.DRAFT, requested_by=acting_user,
                    reason="签约时按节点模板生成") for project in projects])
    version_of = {version.project_id: version for version in versions}
    PlanEntry.objects.bulk_create([PlanEntry(version=version_of[node.project_id], node=node,
                                             planned_date=node.planned_date) for node in nodes])
    return written
