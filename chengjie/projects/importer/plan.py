"""The whole file checked before anything is written: each data row becomes the keywords of a signing
(`project_sign`) or a list of problems, each naming its sheet, row, column and reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.core.imports import Problem
from chengjie.core.scope import division_q
from chengjie.parks.selectors import enterprises_for_user

from ..models import Project, ProjectType
from . import values
from .bulk import Progress
from .columns import FIELDS, FIELDS_BY_KEY, MILESTONE_DATES, Kind
from .reader import Column, Ledger, LedgerRow, Sheet
from .resolve import Directory, fold

# SQLite allows 999 parameters in old builds; the existing-project check reads names in chunks below that.
CHUNK = 500


@dataclass
class ProjectRow:
    """A row that passed every check: where it came from, the keywords `project_sign` takes, and the
    progress the ledger records."""

    row: LedgerRow
    sign: dict
    code: str = ""
    progress: Progress = field(default_factory=Progress)


@dataclass
class ImportPlan:
    ledger: Ledger
    rows: list[ProjectRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Rows refused, with their problems, in file order: the rejects workbook lists them.
    rejected: list[tuple[Sheet, LedgerRow, list[Problem]]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems


def _project_type(written: str) -> str:
    key = fold(written)
    for value, label in ProjectType.choices:
        if key in {value, fold(str(label)), fold(str(label)).removesuffix("项目")}:
            return value
    raise values.CellError(_("项目类型“%(written)s”应为%(choices)s之一") % {
        "written": written, "choices": "、".join(str(label) for _value, label in ProjectType.choices)})


class _RowChecker:
    def __init__(self, directory: Directory, today: date):
        self.directory = directory
        self.today = today
        self.firms = {fold(firm.name): firm for firm in enterprises_for_user(user=directory.user).filter(is_active=True)}

    def parse(self, sheet: Sheet, row: LedgerRow) -> tuple[dict, list[Problem]]:
        """The row's fields as the service takes them, and its problems (all of them, not the first)."""
        parsed: dict = {}
        problems: list[Problem] = []

        def problem(column: Column | None, reason: str) -> None:
            problems.append(Problem(sheet.title, row.number, column.letter if column else "",
                                    column.header if column else "", reason))

        for spec in FIELDS:
            column = sheet.columns.get(spec.key)
            if column is None:
                continue
            raw = row.value(column)
            if values.is_blank(raw):
                if spec.required:
                    problem(column, _("请填写%(label)s") % {"label": spec.label})
                continue
            try:
                parsed[spec.key] = self._value(spec, raw, column, row)
            except values.CellError as exc:
                problem(column, exc.reason)
                continue
            if spec.max_length and len(parsed[spec.key]) > spec.max_length:
                problem(column, _("%(label)s不能超过 %(max)d 个字（现为 %(count)d 个）") % {
                    "label": spec.label, "max": spec.max_length, "count": len(parsed[spec.key])})
        if not problems:
            for key, reason in _cross_checks(parsed):
                problem(sheet.columns[key], reason)
        return parsed, problems

    def _value(self, spec, raw, column: Column, row: LedgerRow):
        key = spec.key
        if spec.kind is Kind.AMOUNT:
            return values.amount(raw, unit=column.unit)
        if spec.kind is Kind.DATE:
            day = values.ledger_date(raw, number_format=row.number_format(column))
            if day > self.today:
                raise values.CellError(_("%(label)s %(day)s 晚于今天，不能登记将来的日期") % {
                    "label": spec.label, "day": day.isoformat()})
            return day
        written = values.text(raw)
        directory = self.directory
        lookups = {"introducing_unit": directory.units.find, "park": directory.parks.find,
                   "industry_group": directory.industry_groups.find, "division": directory.divisions.find,
                   "industry": directory.industry, "leader": directory.leaders.find,
                   "contact_person": directory.people.find, "referrer": directory.referrers.find,
                   "project_type": _project_type}
        return lookups[key](written) if key in lookups else written


def _division(parsed: dict):
    """Where the project is: the column when the ledger has one, else its park's, else the introducing
    unit's division."""
    park = parsed.get("park")
    return parsed.get("division") or (park.division if park else parsed["introducing_unit"].division)


def _cross_checks(parsed: dict) -> Iterable[tuple[str, str]]:
    """What `project_sign` refuses beyond a single cell, checked here so that a refused row is reported
    with its place in the file instead of failing the whole import."""
    total, out = parsed["contracted_investment"], parsed.get("out_of_province_investment")
    if total <= 0:
        yield "contracted_investment", _("总投资应大于 0 万元")
    if out is not None and out > total:
        yield "out_of_province_investment", _("其中省外资金 %(out)s 万元超过总投资 %(total)s 万元") % {
            "out": f"{out:,}", "total": f"{total:,}"}
    county = _division(parsed).code[:6]
    for key in ("introducing_unit", "park", "industry_group", "referrer"):
        if (found := parsed.get(key)) is not None and not found.division_id.startswith(county):
            yield key, _("“%(name)s”不在项目所在县（市、区）") % {"name": found.name}
    for key in ("leader", "contact_person"):
        person = parsed.get(key)
        # A county's own people, or a city or province leader whose scope takes the county in.
        if person is not None and not (county.startswith(person.division_id) or person.division_id.startswith(county)):
            yield key, _("“%(name)s”不在项目所在县（市、区）") % {"name": person.display_name}
    yield from _progress_checks(parsed)
    if (referrer := parsed.get("referrer")) is not None:
        # 引荐奖励办法: only a referrer registered (备案) before the signing may be named.
        if referrer.registered_on > parsed["signed_on"]:
            yield "referrer", _("引荐人“%(name)s”于 %(registered)s 备案，晚于签约时间 %(signed)s：引荐人须在签约前备案") % {
                "name": referrer.name, "registered": referrer.registered_on.isoformat(),
                "signed": parsed["signed_on"].isoformat()}
        elif fold(referrer.name) == fold(parsed["investor_name"]):
            yield "referrer", _("投资方不能作为本项目的引荐人")


def _progress_checks(parsed: dict) -> Iterable[tuple[str, str]]:
    """Progress dates as node entry takes them: none before the signing, none before an earlier handover
    (a month written alone counts as its first day)."""
    signed_on, before = parsed["signed_on"], ("signed_on", parsed["signed_on"])
    for key in (*MILESTONE_DATES, "stats_registered_on"):
        if (day := parsed.get(key)) is None:
            continue
        if day < signed_on:
            yield key, _("%(label)s %(day)s 早于签约时间 %(signed)s（只写年月的按当月 1 日计）") % {
                "label": FIELDS_BY_KEY[key].label, "day": day.isoformat(), "signed": signed_on.isoformat()}
        elif key in MILESTONE_DATES and day < before[1]:
            yield key, _("%(label)s %(day)s 早于%(earlier)s %(before)s") % {
                "label": FIELDS_BY_KEY[key].label, "day": day.isoformat(),
                "earlier": FIELDS_BY_KEY[before[0]].label, "before": before[1].isoformat()}
        elif key in MILESTONE_DATES:
            before = (key, day)


def _progress(parsed: dict) -> Progress:
    return Progress(done={milestone: parsed[key] for key, milestone in MILESTONE_DATES.items() if key in parsed},
                    stats_registered_on=parsed.get("stats_registered_on"))


def _sign_keywords(parsed: dict, firms: dict) -> dict:
    park = parsed.get("park")
    unit = parsed["introducing_unit"]
    division = _division(parsed)
    return {
        "name": parsed["name"],
        "investor_name": parsed["investor_name"],
        "investor": firms.get(fold(parsed["investor_name"])),
        "investor_origin": parsed.get("investor_origin", ""),
        "project_type": parsed.get("project_type", ProjectType.INDUSTRIAL),
        "division": division,
        "contracted_investment": parsed["contracted_investment"],
        "out_of_province_investment": parsed.get("out_of_province_investment", Decimal(0)),
        "introducing_unit": unit,
        "signed_on": parsed["signed_on"],
        "industry": parsed.get("industry"),
        "industry_group": parsed.get("industry_group"),
        "park": park,
        "leader": parsed.get("leader"),
        "contact_person": parsed.get("contact_person"),
        "referrer": parsed.get("referrer"),
    }


def _existing(user, rows: list[ProjectRow]) -> tuple[dict[tuple, str], set[str]]:
    """Projects already registered in the user's scope with a name in the file: (name, investor, signing
    date) → code; and which of the file's project codes are taken."""
    names = sorted({row.sign["name"] for row in rows})
    codes = sorted({row.code for row in rows if row.code})
    found: dict[tuple, str] = {}
    scoped = Project.objects.filter(division_q(user))
    for start in range(0, len(names), CHUNK):
        for name, investor, signed_on, code in scoped.filter(name__in=names[start:start + CHUNK]).values_list(
                "name", "investor_name", "signed_on", "code"):
            found[(fold(name), fold(investor), signed_on)] = code
    taken: set[str] = set()
    for start in range(0, len(codes), CHUNK):
        taken.update(Project.objects.filter(code__in=codes[start:start + CHUNK]).values_list("code", flat=True))
    return found, taken


def build_plan(ledger: Ledger, *, user, today: date | None = None) -> ImportPlan:
    plan = ImportPlan(ledger)
    checker = _RowChecker(Directory(user), today or timezone.localdate())
    candidates: list[tuple[Sheet, ProjectRow]] = []
    refused: dict[tuple[str, int], tuple[Sheet, LedgerRow, list[Problem]]] = {}

    def refuse(sheet: Sheet, row: LedgerRow, problems: list[Problem]) -> None:
        refused.setdefault((sheet.title, row.number), (sheet, row, []))[2].extend(problems)

    for sheet in ledger.sheets:
        missing = [spec for spec in FIELDS if spec.required and spec.key not in sheet.columns]
        if missing:
            # One problem for the sheet; its rows still come back in the rejects workbook, each saying why.
            reason = _("缺少必填列：%(columns)s") % {"columns": "、".join(spec.label for spec in missing)}
            plan.problems.append(Problem(sheet.title, None, "", "", reason))
            plan.rejected.extend((sheet, row, [Problem(sheet.title, row.number, "", "", reason)]) for row in sheet.rows)
            continue
        for row in sheet.rows:
            parsed, problems = checker.parse(sheet, row)
            if problems:
                refuse(sheet, row, problems)
            else:
                candidates.append((sheet, ProjectRow(row, _sign_keywords(parsed, checker.firms), parsed.get("code", ""),
                                                     _progress(parsed))))

    existing, taken = _existing(user, [row for _sheet, row in candidates])
    seen: dict[tuple[str, str], LedgerRow] = {}
    for sheet, candidate in candidates:
        sign, row = candidate.sign, candidate.row
        key = (fold(sign["name"]), fold(sign["investor_name"]))
        name_column = sheet.columns["name"]
        reason = None
        if candidate.code in taken:
            reason = _("项目编号 %(code)s 已被使用，不能重复导入") % {"code": candidate.code}
        elif (code := existing.get((*key, sign["signed_on"]))) is not None:
            reason = _("该项目已登记（项目编号 %(code)s，项目名称、投资方和签约时间相同），不能重复导入") % {"code": code}
        elif (first := seen.get(key)) is not None:
            reason = _("与工作表“%(sheet)s”第 %(row)d 行是同一项目（项目名称和投资方相同）") % {
                "sheet": first.sheet, "row": first.number}
        if reason:
            refuse(sheet, row, [Problem(sheet.title, row.number, name_column.letter, name_column.header, reason)])
        else:
            seen[key] = row
            plan.rows.append(candidate)

    for _sheet, _row, problems in refused.values():
        plan.problems.extend(problems)
    plan.rejected.extend(refused.values())
    order = {sheet.title: position for position, sheet in enumerate(ledger.sheets)}
    plan.rejected.sort(key=lambda rejected: (order[rejected[0].title], rejected[1].number))
    plan.problems.sort(key=lambda found: (order[found.sheet], found.row or 0, len(found.column), found.column))
    return plan
