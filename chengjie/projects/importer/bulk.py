"""Signing thousands of ledger rows at once, with the outcome `project_sign` gives row by row: the same
template choice, node plans in working days, responsible units, plan version 1 as a draft, project codes,
duplicate-signing flags and one `projects.signed` audit row per project (tests/test_import_bulk.py holds the
two paths to the same result). Row by row costs ~35 queries and a comparison with every project of the
county per row; here each step is one statement per batch.

The rows come checked by the import plan (scope, names, amounts, dates); this module checks only what the
plan cannot know: that the user may sign projects, and each division is in the user's scope."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record_many, snapshot
from chengjie.core.bulk import insert_rows, reserve_ids
from chengjie.core.errors import DomainError
from chengjie.org.models import Unit

from ..models import Milestone, Node, NodeTemplate, NodeTemplateItem, PlanEntry, PlanVersion, Project
from ..planning import PlanNode, plan_dates
from ..services._common import clean_amount, in_scope, require_capability
from ..services.signing import PROJECT_AUDIT_FIELDS, _next_code, responsible_unit_for
from ..services.summary import keep_node_summary
from ..services.templates import template_for
from .duplicates import DuplicateFinder, Signing

# Rows written per round: bounds memory (a round's projects, nodes and entries) at 10,000 rows.
BATCH = 1000


@dataclass(frozen=True)
class Progress:
    """What a ledger says already happened: the actual date of a milestone after signing, and the 纳统
    date. Such dates come without evidence: entered by the importing user and not confirmed, so the unit
    adds its evidence and its head confirms, as node entry allows until a node is confirmed."""

    done: dict[str, date] = field(default_factory=dict)
    stats_registered_on: date | None = None


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
def projects_sign_many(*, acting_user, signings: list[dict], notes: list[str] | None = None,
                       progress: list[Progress] | None = None) -> list[int]:
    """Sign every row of `signings` (the keywords `project_sign` takes, without task force, lead or
    template), in order; `notes` says on each audit row where the row came from, `progress` what each
    project's ledger row says already happened. Returns the new projects' ids."""
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
    progress = progress or [Progress()] * len(signings)
    for start, batch in _batches(signings):
        projects, duplicates, specs = [], [], []
        batch_progress = progress[start:start + BATCH]
        for position, (row, ledger) in enumerate(zip(batch, batch_progress), start=start):
            division = row["division"]
            spec = plans.template(division.code, row["project_type"])
            found = finder.find(division.code[:6], Signing(row["name"], row["investor_name"],
                                                           row["investor"].pk if row["investor"] else None,
                                                           row["signed_on"], position=position))
            duplicates.append(found)
            specs.append(spec)
            projects.append(Project(
                code=codes.take(division, row["signed_on"].year), template=spec.template, created_by=acting_user,
                duplicate_state=Project.DuplicateState.SUSPECTED if found else "",
                duplicate_of_id=found[0].pk if found and found[0].pk is not None else None,
                stats_registered_on=ledger.stats_registered_on, **row))
        for project, pk in zip(projects, reserve_ids(Project, len(projects))):
            project.pk, project.created_at = pk, now
            ids.append(pk)
        # A row repeating an earlier row of the same file points at it: its id is known before it is written.
        for project, found in zip(projects, duplicates):
            if found and found[0].pk is None:
                project.duplicate_of_id = ids[found[0].position]
        insert_rows(Project, _PROJECT_FIELDS, ([getattr(project, name) for name in _PROJECT_FIELDS]
                                               for project in projects))
        plans_written, done_written = _write_nodes(projects, specs, batch_progress, plans, acting_user=acting_user,
                                                   now=now)
        keep_node_summary(Project.objects.filter(pk__in=[project.pk for project in projects]))
        row_notes = notes[start:start + BATCH] if notes else [""] * len(batch)
        audit_record_many(event="projects.signed", acting_user=acting_user, entries=(
            {"obj": project,
             "after": snapshot(project, fields=PROJECT_AUDIT_FIELDS) | {"task_force": [], "plan": plan} | (
                 {"done": done, "stats_registered_on": project.stats_registered_on}
                 if done or project.stats_registered_on else {}),
             "note": "；".join(filter(None, [_("疑似与 %(count)d 个项目重复签约") % {"count": len(found)} if found else "",
                                            row_note]))}
            for project, found, plan, done, row_note in zip(projects, duplicates, plans_written, done_written,
                                                            row_notes)))
    return ids


def _actual_dates(spec: _Template, progress: Progress, signed_on: date) -> dict[str, date]:
    """The ledger's dates on the nodes after signing: a milestone's date on its first node, and on every
    node a dated node depends on (the template's links, followed back) that the ledger leaves undated, the
    earliest date of a node depending on it — node entry never puts a node after its successor."""
    dated: dict[str, date] = {}
    signing, seen = set(), set()
    for item in spec.items:  # in template order: a milestone's first node takes its date
        if item.milestone == Milestone.SIGNED:
            dated[item.key] = signed_on
            signing.add(item.key)
        elif item.milestone in progress.done and item.milestone not in seen:
            dated[item.key] = progress.done[item.milestone]
            seen.add(item.milestone)
    actual = dict(dated)
    changed = bool(actual)
    while changed:
        changed = False
        for key, day in list(actual.items()):
            for before in spec.predecessors[key]:
                if before not in dated and (before not in actual or actual[before] > day):
                    actual[before], changed = day, True
    return {key: day for key, day in actual.items() if key not in signing}


def _write_nodes(projects: list[Project], specs: list[_Template], progress: list[Progress], plans: _Plans, *,
                 acting_user, now) -> tuple[list[dict[str, date]], list[dict[str, date]]]:
    """Nodes, their predecessor links, plan version 1 and its entries for a batch of new projects; the
    plans written and the actual dates taken from the ledger."""
    rows: list[tuple] = []
    written: list[dict[str, date]] = []
    taken: list[dict[str, date]] = []
    signed_by = acting_user.pk
    for project, spec, ledger in zip(projects, specs, progress):
        county = project.division_id[:6]
        dates = plans.planned(spec, project.signed_on)
        written.append(dates)
        actual = _actual_dates(spec, ledger, project.signed_on) if ledger.done else {}
        taken.append(actual)
        for item in spec.items:
            unit = responsible_unit_for(item.responsible_unit_kind, county=county,
                                        introducing_unit=project.introducing_unit, park=project.park,
                                        units=plans.county_units(county))
            # create_nodes: the signing node is done, entered and confirmed by whoever signs. A node the
            # ledger dates is entered by the same person and waits for its unit's evidence.
            signing = item.milestone == Milestone.SIGNED
            day = project.signed_on if signing else actual.get(item.key)
            rows.append((project.pk, item.pk, item.key, item.name, item.order, item.milestone, unit.pk,
                         list(item.required_evidence), dates[item.key], day,
                         now if day else None, signed_by if day else None,
                         now if signing else None, signed_by if signing else None))
    insert_rows(Node, _NODE_FIELDS, rows)
    # Plan version 1 of each project, the predecessor links and the plan entries follow from rows already
    # written (the projects, the template's links, the nodes' planned dates): one INSERT … SELECT each,
    # with no row passing through Python.
    version = [PlanVersion.Status.DRAFT, "签约时按节点模板生成", acting_user.pk,
               _db_value(PlanVersion, "requested_at", now)]
    ids = [project.pk for project in projects]
    for start in range(0, len(ids), _IDS_PER_STATEMENT):
        chunk = ids[start:start + _IDS_PER_STATEMENT]
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(_VERSIONS_SQL.format(ids=marks), [*version, *chunk])
            cursor.execute(_LINKS_SQL.format(ids=marks), chunk)
            cursor.execute(_ENTRIES_SQL.format(ids=marks), chunk)
    return written, taken


# Every column of a project: its model instance, built as `project_sign` builds it, gives the values.
_PROJECT_FIELDS = [field.attname for field in Project._meta.concrete_fields]
# The columns `_write_nodes` fills, in its rows' order; the others keep their defaults (empty).
_NODE_FIELDS = ["project", "template_item", "key", "name", "order", "milestone", "responsible_unit",
                "required_evidence", "planned_date", "actual_date", "actual_entered_at", "actual_entered_by",
                "confirmed_at", "confirmed_by"]


def _db_value(model, field: str, value):
    """A date or time as the backend stores it (SQLite keeps text, in UTC for times)."""
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


# Old SQLite builds allow 999 parameters per statement.
_IDS_PER_STATEMENT = 500
_NodeLink, _ItemLink = Node.predecessors.through, NodeTemplateItem.predecessors.through
_VERSIONS_SQL = (
    f"INSERT INTO {_table(PlanVersion)} ({_column(PlanVersion, 'project')}, {_column(PlanVersion, 'number')}, "
    f"{_column(PlanVersion, 'status')}, {_column(PlanVersion, 'reason')}, {_column(PlanVersion, 'requested_by')}, "
    f"{_column(PlanVersion, 'requested_at')}, {_column(PlanVersion, 'decision_note')}) "
    f"SELECT id, 1, %s, %s, %s, %s, '' FROM {_table(Project)} WHERE id IN ({{ids}})")
_LINKS_SQL = (
    f"INSERT INTO {_table(_NodeLink)} ({_column(_NodeLink, 'from_node')}, {_column(_NodeLink, 'to_node')}) "
    f"SELECT node.id, predecessor.id FROM {_table(Node)} node "
    f"JOIN {_table(_ItemLink)} link ON link.{_column(_ItemLink, 'from_nodetemplateitem')} = node.template_item_id "
    f"JOIN {_table(Node)} predecessor ON predecessor.project_id = node.project_id "
    f"AND predecessor.template_item_id = link.{_column(_ItemLink, 'to_nodetemplateitem')} "
    "WHERE node.project_id IN ({ids})")
_ENTRIES_SQL = (
    f"INSERT INTO {_table(PlanEntry)} ({_column(PlanEntry, 'version')}, {_column(PlanEntry, 'node')}, "
    f"{_column(PlanEntry, 'planned_date')}) "
    f"SELECT version.id, node.id, node.planned_date FROM {_table(Node)} node "
    f"JOIN {_table(PlanVersion)} version ON version.project_id = node.project_id "
    "WHERE node.project_id IN ({ids})")
