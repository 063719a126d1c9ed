"""Reads: the facts a bulletin is computed from (a fixed number of queries at any scale), who sees which
published bulletin, targets and thresholds.

Who sees what: a published bulletin goes to every member of staff of its division (every unit sees the
whole county's bulletin, as the paper one is sent to all units) and of the divisions below it, and a
county's staff also see the bulletins of the city and province that rank their county. Nobody else: a
bulletin of another county is not found (404). The live preview is the bureau's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from chengjie.core.access import get_for_user
from chengjie.org.models import Division, Unit
from chengjie.projects.models import Milestone, MonthlyFigure, Node, Project
from chengjie.projects.selectors import introducing_units_on, node_units_on
from chengjie.supervision.models import Colour, ColourRecord, WarningPreset

from .compute import TOTAL, BulletinInput, WarningItem
from .facts import ProjectFact, Thresholds, is_relevant, month_end
from .models import AnnualTarget, Bulletin, BulletinFact, BulletinSetting, SigningThreshold

UNIT, COUNTY = "unit", "county"


# --- whose bulletin


def bulletin_division(user) -> str | None:
    """The division a user's bulletin covers: their scope, a county at the narrowest (a township's staff
    read their county's bulletin)."""
    prefix = user.scope_prefix if user.is_authenticated else None
    return prefix[:6] if prefix else None


def bulletins_for_user(*, user) -> QuerySet[Bulletin]:
    if not user.is_authenticated or not user.has_capability("bulletins.view") or not user.scope_prefix:
        return Bulletin.objects.none()
    prefix = user.scope_prefix
    above = [prefix[:length] for length in (2, 4, 6) if length <= len(prefix)]
    return Bulletin.objects.filter(Q(division__code__startswith=prefix) | Q(division_id__in=above))


def get_bulletin_for_user(user, pk) -> Bulletin:
    return get_for_user(user, bulletins_for_user(user=user).select_related("division", "published_by"), pk=pk)


def published_list(*, user) -> QuerySet[Bulletin]:
    return bulletins_for_user(user=user).select_related("division", "published_by").defer("content").order_by(
        "-period", "division_id", "-version")


def versions_of(bulletin: Bulletin) -> list[Bulletin]:
    return list(Bulletin.objects.filter(division_id=bulletin.division_id, period=bulletin.period)
                .defer("content").order_by("version"))


def latest_published(*, division_code: str, period: date) -> Bulletin | None:
    return Bulletin.objects.filter(division_id=division_code, period=period).order_by("-version").first()


def bulletin_facts(*, bulletin: Bulletin, row: str) -> list[ProjectFact]:
    """The project facts a published bulletin counted for one row (all rows for the total)."""
    facts = BulletinFact.objects.filter(bulletin=bulletin)
    if row != TOTAL:
        facts = facts.filter(row_key=row)
    return [ProjectFact.from_json(data) for data in facts.order_by("project_id").values_list("data", flat=True)]


# --- settings


def thresholds_for(*, division_code: str, year: int) -> Thresholds:
    row = SigningThreshold.objects.filter(division_id=division_code, year=year).first()
    return Thresholds(row.industrial, row.other) if row else Thresholds()


def default_setting(division: Division) -> BulletinSetting:
    """A division's document header until its bureau sets one: 潜山市 → 潜山市招商引资工作领导小组办公室, 潜招."""
    organ = f"{division.name}招商引资工作领导小组办公室"
    return BulletinSetting(division=division, organ=organ, number_prefix=f"{division.name[:1]}招", printer=organ)


def setting_for(division: Division) -> BulletinSetting:
    return BulletinSetting.objects.filter(division=division).first() or default_setting(division)


def county_units(*, division_code: str) -> QuerySet[Unit]:
    """The units whose targets a county's bureau sets: every active unit of the county."""
    return Unit.objects.filter(division__code__startswith=division_code, is_active=True).order_by("kind", "name")


def targets_grid(*, division_code: str, year: int) -> dict[int, dict[str, Decimal]]:
    grid: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, indicator, value in AnnualTarget.objects.filter(
            unit__division__code__startswith=division_code, year=year).values_list("unit_id", "indicator", "value"):
        grid[unit_id][indicator] = value
    return grid


# --- the facts behind a bulletin


def _first_nodes(projects) -> dict[tuple[int, str], tuple]:
    """(project, milestone) → (planned date of the approved plan, actual date) of its first node."""
    nodes = (Node.objects.filter(project__in=projects, milestone__in=[Milestone.STARTED, Milestone.PRODUCTION])
             .order_by("project_id", "milestone", "order")
             .values_list("project_id", "milestone", "planned_date", "baseline_date", "actual_date"))
    found: dict[tuple[int, str], tuple] = {}
    for project_id, milestone, planned, baseline, actual in nodes:
        # An unapproved draft (no baseline yet) plans nothing the bulletin can hold a unit to.
        found.setdefault((project_id, milestone), (planned if baseline else None, actual))
    return found


def _months(projects, period: date) -> dict[int, dict[str, tuple]]:
    months: dict[int, dict[str, tuple]] = defaultdict(dict)
    figures = MonthlyFigure.objects.filter(project__in=projects, period__gte=date(period.year - 1, 1, 1),
                                           period__lte=period).values_list(
        "project_id", "period", "funds_in_place", "out_of_province_funds", "completed_investment")
    for project_id, month, funds, outside, completed in figures:
        if month.year == period.year or month.month <= period.month:
            months[project_id][f"{month:%Y-%m}"] = (funds, outside, completed)
    return months


def gather(*, division_code: str, period: date) -> BulletinInput:
    """Everything the bulletin of `division_code` for `period` counts, read in a fixed number of queries."""
    division = Division.objects.get(code=division_code)
    group_by = UNIT if len(division_code) >= 6 else COUNTY
    end = month_end(period)
    projects = (Project.objects.filter(division__code__startswith=division_code, signed_on__lte=end)
                .exclude(duplicate_state=Project.DuplicateState.MERGED))
    ids = projects.values("pk")
    nodes, months = _first_nodes(ids), _months(ids, period)
    units_then = introducing_units_on(projects=ids, day=end)
    thresholds = {(county, year): Thresholds(industrial, other) for county, year, industrial, other in
                  SigningThreshold.objects.filter(division__code__startswith=division_code,
                                                  year__in=[period.year, period.year - 1])
                  .values_list("division_id", "year", "industrial", "other")}
    inp = BulletinInput(division_code=division_code, division_name=division.name, group_by=group_by,
                        period=period, facts=[], rows=[], thresholds=thresholds)

    def row_of(unit_id: int, division_id: str) -> str:
        return f"u{unit_id}" if group_by == UNIT else f"c{division_id[:6]}"

    project_rows: dict[int, tuple] = {}
    for (pk, code, name, project_type, contracted, signed_on, stats_on, unit_id,
         division_id) in projects.values_list("pk", "code", "name", "project_type", "contracted_investment",
                                              "signed_on", "stats_registered_on", "introducing_unit_id",
                                              "division_id"):
        row = row_of(units_then.get(pk, unit_id), division_id)
        project_rows[pk] = (row, code, name)
        start_planned, started_on = nodes.get((pk, Milestone.STARTED), (None, None))
        production_planned, production_on = nodes.get((pk, Milestone.PRODUCTION), (None, None))
        fact = ProjectFact(id=pk, code=code, name=name, row=row, county=division_id[:6], project_type=project_type,
                           contracted=contracted, signed_on=signed_on, started_on=started_on,
                           production_on=production_on, start_planned=start_planned,
                           production_planned=production_planned, stats_on=stats_on, months=months.get(pk, {}))
        if is_relevant(fact, period, inp.thresholds_for):
            inp.facts.append(fact)
    targets: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, unit_division, indicator, value in AnnualTarget.objects.filter(
            unit__division__code__startswith=division_code, year=period.year).values_list(
            "unit_id", "unit__division_id", "indicator", "value"):
        key = row_of(unit_id, unit_division)
        targets[key][indicator] = targets[key].get(indicator, Decimal(0)) + value
    inp.targets = dict(targets)
    _warnings(inp, ids, project_rows, row_of)
    _name_rows(inp, {fact.row for fact in inp.facts} | set(inp.targets))
    return inp


def _warnings(inp: BulletinInput, ids, project_rows: dict[int, tuple], row_of) -> None:
    """The month's red and yellow records. A node's item is the unit's that answered for it at the month's
    end (a node handed over with its project later was still the old unit's). A project's own record is
    listed only when it is a project-level finding: under a progress rule (investment lag, 纳统) and with no
    warned node of the project behind it; under the deadline rule a project's colour is only its nodes'."""
    warned = ColourRecord.objects.filter(period=inp.period, colour__in=[Colour.RED, Colour.YELLOW], project__in=ids)
    records = list(warned.order_by("project_id", "node__order")
                   .values_list("project_id", "node_id", "colour", "reason", "node__name", "node__responsible_unit_id",
                                "project__division_id", "preset__rule", "preset__parameters"))
    with_nodes = {record[0] for record in records if record[1] is not None}
    units_then = node_units_on(nodes=warned.filter(node__isnull=False).values("node_id"), day=month_end(inp.period))
    for project_id, node_id, colour, reason, node_name, unit_id, division_id, rule, parameters in records:
        row, code, name = project_rows[project_id]
        if node_id is not None:
            row = row_of(units_then.get(node_id, unit_id), division_id)
        else:
            base = (parameters or {}).get("base") if rule == WarningPreset.Rule.STICKY else rule
            if base != WarningPreset.Rule.PROGRESS or project_id in with_nodes:
                continue
        inp.warnings.append(WarningItem(row=row, colour=colour, project_id=project_id, code=code, project=name,
                                        node=node_name or "", reason=reason))


def _name_rows(inp: BulletinInput, keys: set[str]) -> None:
    """Name and order the rows (units as the unit list orders them; counties by code), and the rows that
    only a warning names."""
    warned = {item.row for item in inp.warnings}
    if inp.group_by == UNIT:
        ids = {int(key[1:]) for key in keys | warned}
        units = Unit.objects.filter(pk__in=ids).order_by("division_id", "kind", "name").values_list(
            "pk", "name", "short_name")
        names = [(f"u{pk}", short or name) for pk, name, short in units]
        inp.county_names = {inp.division_code: inp.division_name}
    else:
        codes = {key[1:] for key in keys | warned} | {county for county, _year in inp.thresholds}
        names = [(f"c{code}", name) for code, name in
                 Division.objects.filter(code__in=codes).order_by("code").values_list("code", "name")]
        inp.county_names = {key[1:]: name for key, name in names}
    inp.rows = [(key, name) for key, name in names if key in keys]
    inp.warning_rows = {key: name for key, name in names if key in warned and key not in keys}
