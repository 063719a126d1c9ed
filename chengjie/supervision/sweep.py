"""The daily warning sweep: for each county, the month's colours kept as history, a supervision notice for
each new red item, and escalation of notices left unanswered past their deadline.

Safe to run twice, or for a day already swept: records are compared before they are written, a notice
is issued only for a red item with no notice this month and none still open (the table's unique
constraints stand behind that), and an escalation is a conditional UPDATE on the level it saw. Messages
go out only for what this run changed, so a second run sends nothing.

Set-based for province scale: each county costs a fixed number of queries however many projects and
nodes it has, and runs in its own transaction (on PostgreSQL under a per-county advisory lock, so two
sweeps at once take turns rather than both issuing). On PostgreSQL counties are swept side by side in a
pool of processes (SWEEP_WORKERS), each county still one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from itertools import repeat

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record
from chengjie.core import request_context
from chengjie.core.bulk import insert_rows
from chengjie.core.errors import DomainError
from chengjie.core.pool import call, process_pool
from chengjie.org.models import Division
from chengjie.projects.models import MonthlyFigure, Node, Project
from chengjie.workcalendar import workdays

from . import messaging
from .models import DEFAULT_RESPONSE_WORKDAYS, Colour, ColourRecord, SupervisionNotice, WarningPreset
from .rules import ColourResult, Evaluator, NodeFacts, ProjectFacts
from .selectors import PresetTable, preset_table

_SWEEP_LOCK = 7_340_883  # names the advisory lock that serialises sweeps of one county on PostgreSQL
Tier = SupervisionNotice.Tier
Status = SupervisionNotice.Status
TIER_ORDER = [Tier.ON_SITE, Tier.JOINT, Tier.COUNTY]
# Escalation level → the tier it moves the notice to: unit head (on site) → 包保领导 (会商) → county.
ESCALATION_TIER = {1: Tier.ON_SITE, 2: Tier.JOINT, 3: Tier.COUNTY}
MAX_ESCALATION = 3
WARNED = (Colour.YELLOW, Colour.RED)


@dataclass
class SweepResult:
    day: date
    counties: int = 0
    projects: int = 0
    records_created: int = 0
    records_updated: int = 0
    records_removed: int = 0
    notices_issued: list[str] = field(default_factory=list)
    notices_escalated: list[str] = field(default_factory=list)

    def add(self, other: SweepResult) -> None:
        self.counties += other.counties
        self.projects += other.projects
        self.records_created += other.records_created
        self.records_updated += other.records_updated
        self.records_removed += other.records_removed
        self.notices_issued += other.notices_issued
        self.notices_escalated += other.notices_escalated


def county_codes(*, division: str = "") -> list[str]:
    """The counties (6-digit codes, or the project's own code when shorter) that have projects."""
    codes = (Project.objects.filter(division__code__startswith=division).annotate(county=Substr("division_id", 1, 6))
             .order_by("county").values_list("county", flat=True).distinct())
    return list(codes)


def warnings_sweep(*, today: date, division: str = "", workers: int | None = None) -> SweepResult:
    """Sweep every county under `division` (all when empty) as of `today`, in `workers` processes
    (settings.SWEEP_WORKERS by default) on PostgreSQL."""
    if request_context.current() is None:
        # The working-day calendar caches its tables per job; without a job every call would re-check them.
        with request_context.acting_as("job"):
            return warnings_sweep(today=today, division=division, workers=workers)
    table = preset_table()
    if table.default.pk is None:
        raise DomainError(_("没有默认预警规则：请先运行 chengjie migrate 安装预置的预警规则。"))
    codes = county_codes(division=division)
    workers = min(workers or settings.SWEEP_WORKERS, len(codes))
    # Side by side only where several writers can work at once, and only on committed data.
    if workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block:
        return _sweep_in_processes(codes, today=today, workers=workers)
    total = SweepResult(day=today)
    for county in codes:
        total.add(county_sweep(county=county, today=today, table=table))
    return total


def _sweep_in_processes(codes: list[str], *, today: date, workers: int) -> SweepResult:
    """Counties in a pool of processes, each with its own connection; a county's advisory lock still keeps
    two sweeps of it apart."""
    total = SweepResult(day=today)
    with process_pool(workers) as pool:
        for result in pool.map(partial(call, f"{__name__}.sweep_county_alone"), codes, repeat(today)):
            total.add(result)
    return total


def sweep_county_alone(county: str, today: date) -> SweepResult:
    with request_context.acting_as("job"):
        return county_sweep(county=county, today=today)


@transaction.atomic
def county_sweep(*, county: str, today: date, table: PresetTable | None = None) -> SweepResult:
    table = table or preset_table()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_SWEEP_LOCK, int(county)])
    state = _CountyState(county=county, today=today, table=table)
    result = SweepResult(day=today, counties=1, projects=len(state.projects))
    if state.projects:
        _write_records(state, result)
        _issue_notices(state, result)
    _escalate(state, result)
    if result.notices_issued or result.notices_escalated:
        audit_record(event="supervision.sweep", object_type="supervision.sweep", object_id=f"{county}:{today}",
                     object_repr=_("预警扫描 %(county)s %(day)s") % {"county": county, "day": today.isoformat()},
                     username="sweep", after={"period": state.period.isoformat(), "issued": result.notices_issued,
                                              "escalated": result.notices_escalated})
    return result


@dataclass
class _Item:
    kind: str  # "project" (its overall colour), "clause" (a project-level finding) or "node"
    project_id: int
    node_id: int | None
    unit_id: int
    result: ColourResult
    keep: bool  # stored as this month's record

    @property
    def answerable(self) -> bool:
        """A red node or finding gets a notice; a project's overall red is made of those."""
        return self.kind != "project" and self.result.colour == Colour.RED


class _CountyState:
    """Everything one county's sweep reads, in a fixed number of queries, and the colours worked out."""

    def __init__(self, *, county: str, today: date, table: PresetTable):
        self.county, self.today, self.table = county, today, table
        self.period = today.replace(day=1)
        # A project merged into the one it duplicated is not supervised twice.
        supervised = Project.objects.filter(division__code__startswith=county).exclude(
            duplicate_state=Project.DuplicateState.MERGED)
        self.projects = {row["id"]: row for row in supervised.values(
            "id", "division_id", "contracted_investment", "stats_registered_on", "introducing_unit_id", "leader_id")}
        self.evaluators: dict[int, Evaluator] = {}
        self.presets: dict[int, WarningPreset] = {}
        by_preset: dict[object, Evaluator] = {}
        for pk, row in self.projects.items():
            preset = table.for_division(row["division_id"])
            if preset.pk not in by_preset:
                by_preset[preset.pk] = Evaluator.for_preset(preset, today)
            self.evaluators[pk], self.presets[pk] = by_preset[preset.pk], preset
        evaluators = list(by_preset.values())
        # Plain tuples, not model instances or dicts: a county can have tens of thousands of nodes.
        self.nodes: dict[int, list[tuple]] = defaultdict(list)
        self.node_names: dict[int, str] = {}
        # The county's projects by id, not by a join on the division code: each table is then read through
        # its project index, never scanned whole (the province holds 1.2 million nodes, 36 months of figures).
        self.ids = list(self.projects)
        project_nodes = Node.objects.filter(project_id__in=self.ids).order_by("project_id", "order")
        for node_id, project_id, name, milestone, planned, actual, unit_id in project_nodes.values_list(
                "id", "project_id", "name", "milestone", "planned_date", "actual_date", "responsible_unit_id"):
            self.nodes[project_id].append((node_id, unit_id, NodeFacts(name, planned, actual, milestone)))
            self.node_names[node_id] = name
        self.completed: dict[int, Decimal] = {}
        if any(ev.base_rule == WarningPreset.Rule.PROGRESS for ev in evaluators):
            self.completed = dict(MonthlyFigure.objects.filter(project_id__in=self.ids, period__lte=self.period)
                                  .values("project_id").annotate(total=Sum("completed_investment"))
                                  .values_list("project_id", "total"))
        self.previous_red: set[tuple[int, int | None]] = set()
        if any(ev.sticky for ev in evaluators):
            self.previous_red = set(ColourRecord.objects.filter(
                project_id__in=self.ids, period=evaluators[0].previous_period, colour=Colour.RED,
            ).values_list("project_id", "node_id"))
        self.items = list(self._evaluate())

    def _previous(self, project_id: int, node_id: int | None) -> str | None:
        return Colour.RED if (project_id, node_id) in self.previous_red else None

    def _evaluate(self):
        for pk, row in self.projects.items():
            ev, nodes = self.evaluators[pk], self.nodes.get(pk, [])
            facts = ProjectFacts(nodes=tuple(facts for _id, _unit, facts in nodes),
                                 contracted_investment=row["contracted_investment"],
                                 completed_investment=self.completed.get(pk) or Decimal(0),
                                 stats_registered_on=row["stats_registered_on"])
            previous_nodes = [self._previous(pk, node_id) for node_id, _unit, _facts in nodes] if ev.sticky else None
            result = ev.evaluate(facts, previous=self._previous(pk, None), previous_nodes=previous_nodes,
                                 all_reasons=False)
            yield _Item("project", pk, None, row["introducing_unit_id"], result.project, keep=True)
            for clause in result.clauses:
                # A project-level finding (investment lag, 纳统) is the introducing unit's to answer.
                yield _Item("clause", pk, None, row["introducing_unit_id"], clause, keep=False)
            for (node_id, unit_id, node_facts), node_result in zip(nodes, result.nodes):
                if node_result.colour not in WARNED:
                    continue
                # A node's record is kept while it is in play: open, or finished this month.
                in_play = not ev.done(node_facts) or node_facts.actual_date >= self.period
                yield _Item("node", pk, node_id, unit_id, node_result, keep=in_play)

    def setting_workdays(self, division_code: str) -> int:
        setting = self.table.setting_for(division_code)
        return setting.response_workdays if setting else DEFAULT_RESPONSE_WORKDAYS


RECORD_FIELDS = ["project_id", "node_id", "period", "colour", "reason", "preset_id", "recorded_at"]


def _write_records(state: _CountyState, result: SweepResult) -> None:
    wanted = {(item.project_id, item.node_id): item for item in state.items if item.keep}
    existing = {(project_id, node_id): (pk, colour, reason, preset_id)
                for pk, project_id, node_id, colour, reason, preset_id in ColourRecord.objects.filter(
                    project_id__in=state.ids, period=state.period,
                ).values_list("id", "project_id", "node_id", "colour", "reason", "preset_id")}
    now = timezone.now()
    create, update = [], []
    for key, item in wanted.items():
        preset_id, colour, reason = state.presets[item.project_id].pk, item.result.colour, item.result.reason[:200]
        old = existing.get(key)
        if old is None:
            create.append((item.project_id, item.node_id, state.period, colour, reason, preset_id, now))
        elif old[1:] != (colour, reason, preset_id):
            update.append(ColourRecord(pk=old[0], colour=colour, reason=reason, preset_id=preset_id, recorded_at=now))
    stale = [row[0] for key, row in existing.items() if key not in wanted]
    insert_rows(ColourRecord, RECORD_FIELDS, create)
    ColourRecord.objects.bulk_update(update, ["colour", "reason", "preset", "recorded_at"], batch_size=1000)
    if stale:
        ColourRecord.objects.filter(pk__in=stale).delete()
    result.records_created += len(create)
    result.records_updated += len(update)
    result.records_removed += len(stale)


NOTICE_FIELDS = ["code", "division_id", "year", "number", "project_id", "node_id", "period", "unit_id", "reason",
                 "issued_at", "response_due", "status", "tier", "response", "escalation_level", "closing_note"]


def _issue_notices(state: _CountyState, result: SweepResult) -> None:
    reds = {}
    for item in state.items:
        if item.answerable:
            reds.setdefault((item.project_id, item.node_id), item)
    if not reds:
        return
    blocked = set(SupervisionNotice.objects.filter(division_id=state.county).filter(
        Q(period=state.period) | ~Q(status=Status.CLOSED)).values_list("project_id", "node_id"))
    # Numbered in the order projects were registered, then plan order within a project.
    new = sorted((item for key, item in reds.items() if key not in blocked), key=lambda item: item.project_id)
    if not new:
        return
    division = Division.objects.get(code=state.county)
    year = state.today.year
    last = SupervisionNotice.objects.filter(division=division, year=year).aggregate(last=Max("number"))["last"] or 0
    now, code = timezone.now(), _("%(short)s督〔%(year)d〕%(number)d号")
    due_after: dict[int, date] = {}
    rows = []
    for number, item in enumerate(new, start=last + 1):
        allowed = state.setting_workdays(state.projects[item.project_id]["division_id"])
        if allowed not in due_after:
            due_after[allowed] = workdays.add_workdays(state.today, allowed)
        reason = f"{state.node_names[item.node_id]}：{item.result.reason}" if item.node_id else item.result.reason
        rows.append((code % {"short": division.name[:1], "year": year, "number": number}, division.pk, year, number,
                     item.project_id, item.node_id, state.period, item.unit_id, reason, now, due_after[allowed],
                     Status.OPEN, Tier.ON_SITE, "", 0, ""))
    insert_rows(SupervisionNotice, NOTICE_FIELDS, rows)
    # Only what the messages say: a county's first sweep can issue a thousand notices.
    notices = list(SupervisionNotice.objects.filter(division=division, year=year, number__gt=last)
                   .select_related("project", "unit").order_by("number")
                   .only("code", "reason", "response_due", "project_id", "unit_id", "project__name", "unit__name",
                         "unit__short_name"))
    result.notices_issued += [notice.code for notice in notices]
    _tell_issued(state, notices)


def _tell_issued(state: _CountyState, notices: list[SupervisionNotice]) -> None:
    people = messaging.unit_people(n.unit_id for n in notices)
    leaders = messaging.users_by_id(state.projects[n.project_id]["leader_id"] for n in notices)
    for recipients, batch in messaging.group_by_recipients((people.get(n.unit_id, []), n) for n in notices):
        messaging.announce(
            recipients=recipients, notices=batch, kind="supervision.notice_issued",
            title_one=lambda n: _("督办单 %(code)s：%(project)s") % {"code": n.code, "project": n.project.name},
            title_many=lambda count: _("本单位收到 %(count)d 份督办单") % {"count": count},
            body_one=lambda n: _("%(reason)s。请于 %(due)s 前报送整改方案。") % {"reason": n.reason,
                                                                          "due": n.response_due.isoformat()})

    def leader_of(notice):
        leader = leaders.get(state.projects[notice.project_id]["leader_id"])
        return [leader] if leader else []

    for recipients, batch in messaging.group_by_recipients((leader_of(n), n) for n in notices):
        messaging.announce(
            recipients=recipients, notices=batch, kind="supervision.notice_copied",
            title_one=lambda n: _("抄送督办单 %(code)s：%(project)s") % {"code": n.code, "project": n.project.name},
            title_many=lambda count: _("您包保的项目新增 %(count)d 份督办单") % {"count": count},
            body_one=lambda n: _("%(reason)s。责任单位：%(unit)s，整改方案报送期限 %(due)s。") % {
                "reason": n.reason, "unit": n.unit, "due": n.response_due.isoformat()})


def _escalation_due(response_due: date, level: int, allowed: int) -> date:
    """The last day before level `level` escalates to the next: the plan's deadline, then `allowed` more
    working days at each level."""
    return workdays.add_workdays(response_due, level * allowed)


def _escalate(state: _CountyState, result: SweepResult) -> None:
    candidates = list(SupervisionNotice.objects.filter(
        division_id=state.county, status=Status.OPEN, escalation_level__lt=MAX_ESCALATION,
        response_due__lt=state.today).values("id", "response_due", "escalation_level", "tier", "project__division_id"))
    due: dict[tuple[int, str], list[int]] = defaultdict(list)
    thresholds: dict[tuple[date, int, int], date] = {}
    for row in candidates:
        allowed = state.setting_workdays(row["project__division_id"])
        key = (row["response_due"], row["escalation_level"], allowed)
        if key not in thresholds:
            thresholds[key] = _escalation_due(*key)
        if state.today > thresholds[key]:
            level = row["escalation_level"]
            tier = max(row["tier"], ESCALATION_TIER[level + 1], key=TIER_ORDER.index)
            due[(level, tier)].append(row["id"])
    if not due:
        return
    now = timezone.now()
    for (level, tier), ids in due.items():
        # Conditional on the level seen: a notice answered or escalated meanwhile is left alone.
        SupervisionNotice.objects.filter(pk__in=ids, status=Status.OPEN, escalation_level=level).update(
            escalation_level=level + 1, escalated_at=now, tier=tier)
    # What this run escalated carries this run's time stamp.
    ids = [pk for group in due.values() for pk in group]
    notices = list(SupervisionNotice.objects.filter(pk__in=ids, escalated_at=now).select_related("project", "unit"))
    result.notices_escalated += [f"{n.code}→{n.escalation_level}" for n in notices]
    _tell_escalated(state, notices)


def _tell_escalated(state: _CountyState, notices: list[SupervisionNotice]) -> None:
    heads = messaging.unit_people((n.unit_id for n in notices if n.escalation_level == 1), roles=("unit_head",))
    leaders = messaging.users_by_id(n.project.leader_id for n in notices if n.escalation_level == 2)
    bureau = messaging.bureau_people([state.county]).get(state.county, [])

    def recipients(notice):
        if notice.escalation_level == 1:
            return heads.get(notice.unit_id, [])
        if notice.escalation_level == 2 and notice.project.leader_id in leaders:
            return [leaders[notice.project.leader_id]]
        return bureau

    for people, batch in messaging.group_by_recipients((recipients(n), n) for n in notices):
        messaging.announce(
            recipients=people, notices=batch, kind="supervision.notice_escalated",
            title_one=lambda n: _("督办单 %(code)s 逾期未报整改方案，已升级（%(tier)s）") % {
                "code": n.code, "tier": n.get_tier_display()},
            title_many=lambda count: _("%(count)d 份督办单逾期未报整改方案，已升级") % {"count": count},
            body_one=lambda n: _("%(project)s：%(reason)s。责任单位 %(unit)s 未在 %(due)s 前报送整改方案。") % {
                "project": n.project.name, "reason": n.reason, "unit": n.unit, "due": n.response_due.isoformat()})
