"""Checking every row of a 12345 export before anything is written: each cell read by its column's meaning,
units, categories and firms looked up in the county, the ticket's state made consistent, and every problem
placed by sheet, row and column. A ticket already imported is updated: a blank cell keeps what is stored."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.core.imports import Problem
from chengjie.org.models import Division, Unit
from chengjie.parks.models import Enterprise

from ..models import Appeal, AppealCategory
from . import values
from .columns import Kind
from .reader import Column, Export, Row, Sheet

Status = Appeal.Status
CLOSED_STATUSES = {Status.CLOSED, Status.FINISHED}
# What the import may set on an appeal, with the blank value a new ticket starts from.
IMPORTED_FIELDS = {
    "received_at": None, "source_channel": "", "caller_name": "", "caller_phone": "", "company_name": "",
    "enterprise": None, "kind": Appeal.Kind.HELP, "source_category": "", "category": None, "subject": "",
    "content": "", "unit": None, "routed_at": None, "platform_due_at": None, "platform_status": "",
    "closed_at": None, "result": "", "resolved": None, "return_count": 0, "extension_count": 0, "redo_count": 0,
}
_PARSERS = {"kind": values.kind, "platform_status": values.platform_status, "resolved": values.resolved,
            "satisfaction": values.satisfaction, "caller_phone": values.phone}
_ATTRIBUTE = {"dispatched_at": "routed_at"}


def _key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split())


@dataclass
class PlannedRow:
    sheet: Sheet
    row: Row
    ticket_no: str
    fields: dict  # the appeal's imported fields after this row, blank cells keeping what was stored
    status: str
    satisfaction: str | None  # None: the row says nothing about it
    existing: Appeal | None


@dataclass
class ImportPlan:
    export: Export
    county: Division
    rows: list[PlannedRow] = field(default_factory=list)
    rejected: list[tuple[Sheet, Row, list[Problem]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [problem for _sheet, _row, problems in self.rejected for problem in problems]

    @property
    def clean(self) -> bool:
        return not self.rejected

    @property
    def creates(self) -> int:
        return sum(1 for row in self.rows if row.existing is None)

    @property
    def updates(self) -> int:
        return sum(1 for row in self.rows if row.existing is not None)


class _Lookups:
    """The county's units, categories, firms and already imported tickets, each read once."""

    def __init__(self, county: Division, tickets: list[str]):
        self.units: dict[str, Unit | None] = {}
        for unit in Unit.objects.filter(division__code__startswith=county.code, is_active=True):
            for name in {unit.name, unit.short_name} - {""}:
                key = _key(name)
                # A short name two units share names neither.
                self.units[key] = None if key in self.units and self.units[key] != unit else unit
        rows = {c.pk: c for c in AppealCategory.objects.filter(county=county, is_active=True)}
        self.categories: dict[tuple[str, ...], AppealCategory] = {}
        for category in rows.values():
            path, node = [], category
            while node is not None:
                path.insert(0, _key(node.name))
                node = rows.get(node.parent_id)
            self.categories[tuple(path)] = category
        self.firms: dict[str, Enterprise] = {
            _key(firm.name): firm
            for firm in Enterprise.objects.filter(division__code__startswith=county.code, is_active=True)}
        self.existing: dict[str, Appeal] = {
            appeal.ticket_no: appeal for appeal in Appeal.objects.select_related("unit", "enterprise", "category")
            .filter(county=county, ticket_no__in=tickets)}

    def category(self, path: list[str]) -> tuple[AppealCategory | None, int]:
        """The deepest category the path reaches, and how many of its levels matched."""
        keys = [_key(part) for part in path]
        for depth in range(len(keys), 0, -1):
            if (found := self.categories.get(tuple(keys[:depth]))) is not None:
                return found, depth
        return None, 0


class _RowCheck:
    def __init__(self, sheet: Sheet, row: Row):
        self.sheet, self.row = sheet, row
        self.problems: list[Problem] = []
        self.parsed: dict = {}

    def fail(self, key: str | None, reason: str) -> None:
        """One problem per cell: the first reason found is the one to fix (a unit not found need not also
        be reported as missing)."""
        column: Column | None = self.sheet.columns.get(key) if key else None
        if column is not None and any(problem.column == column.letter for problem in self.problems):
            return
        self.problems.append(Problem(self.sheet.title, self.row.number, column.letter if column else "",
                                     column.header if column else "", reason))

    def read(self, lookups: _Lookups) -> None:
        columns = self.sheet.columns
        for key, column in columns.items():
            raw = self.row.value(column)
            if values.is_blank(raw) or key == "platform_due_at":
                continue
            try:
                self.parsed[key] = self._parse(key, column, raw, lookups)
            except values.CellError as error:
                self.fail(key, error.reason)
        if "received_at" in self.parsed and (raw := self.row.value(columns.get("platform_due_at"))) is not None \
                and not values.is_blank(raw):
            try:
                self.parsed["platform_due_at"] = values.deadline(raw, received_at=self.parsed["received_at"])
            except values.CellError as error:
                self.fail("platform_due_at", error.reason)

    def _parse(self, key: str, column: Column, raw, lookups: _Lookups):
        if key in _PARSERS:
            return _PARSERS[key](raw)
        if column.field.kind is Kind.MOMENT:
            return values.moment(raw)
        if column.field.kind is Kind.COUNT:
            return values.count(raw)
        written = values.text(raw)
        if key == "unit":
            unit = lookups.units.get(_key(written))
            if unit is None:
                reason = (_("承办单位简称“%(value)s”对应多个单位，请写全称") if _key(written) in lookups.units
                          else _("承办单位“%(value)s”不在本县单位名录中（按全称或简称查找）"))
                raise values.CellError(reason % {"value": written})
            return unit
        limit = column.field.max_length
        if limit is not None and len(written) > limit:
            raise values.CellError(_("不能超过 %(max)d 个字（现为 %(length)d 个）") % {"max": limit, "length": len(written)})
        return written


def _merge(check: _RowCheck, existing: Appeal | None, lookups: _Lookups, notices: set[str]) -> dict:
    """The appeal's imported fields after this row: the stored ones (or the blanks of a new ticket),
    overwritten by every cell that holds a value."""
    merged = ({name: getattr(existing, name) for name in IMPORTED_FIELDS} if existing is not None
              else dict(IMPORTED_FIELDS))
    for key, value in check.parsed.items():
        if key in ("ticket_no", "satisfaction", "platform_status"):
            continue
        if key == "category":
            path = values.category_path(value)
            category, depth = lookups.category(path)
            merged["source_category"], merged["category"] = value, category
            if depth < len(path):
                notices.add(_("问题分类“%(path)s”在本县诉求分类中%(found)s，时限按%(used)s计算；可在“诉求分类与时限”中补充。")
                            % {"path": value, "found": _("只找到“%(name)s”") % {"name": category.name} if category
                               else _("没有对应分类"), "used": _("该分类") if category else _("默认时限")})
            continue
        merged[_ATTRIBUTE.get(key, key)] = value
    if "platform_status" in check.parsed:
        merged["platform_status"] = values.text(check.row.value(check.sheet.columns["platform_status"]))[:20]
    if "company_name" in check.parsed:
        merged["enterprise"] = lookups.firms.get(_key(merged["company_name"]))
    if not merged["subject"] and merged["content"]:
        merged["subject"] = merged["content"][:40] + ("…" if len(merged["content"]) > 40 else "")
    if not merged["content"]:
        merged["content"] = merged["subject"]
    return merged


def _status(check: _RowCheck, merged: dict, existing: Appeal | None) -> str:
    """The ticket's state here: the platform's when the row states one, else what its other cells say."""
    if "platform_status" in check.parsed:
        status = check.parsed["platform_status"]
    elif existing is not None:
        status = existing.status
    elif merged["closed_at"] is not None:
        status = Status.CLOSED
    else:
        status = Status.ASSIGNED if merged["unit"] is not None else Status.NEW
    if status == Status.NEW:
        merged["unit"] = merged["routed_at"] = None
    if status == Status.CLOSED and check.parsed.get("satisfaction"):
        status = Status.FINISHED
    return status


def _check_row(check: _RowCheck, merged: dict, status: str) -> None:
    now = timezone.now()
    if merged["received_at"] is not None and merged["received_at"] > now:
        check.fail("received_at", _("来电时间晚于现在"))
    for key, attribute in (("dispatched_at", "routed_at"), ("closed_at", "closed_at")):
        moment: datetime | None = merged[attribute]
        if moment is not None and merged["received_at"] is not None and moment < merged["received_at"]:
            check.fail(key, _("早于来电时间（%(received)s）")
                       % {"received": timezone.localtime(merged["received_at"]).strftime("%Y-%m-%d %H:%M")})
    label = Status(status).label
    if status != Status.NEW and merged["unit"] is None:
        check.fail("unit" if "unit" in check.sheet.columns else "platform_status",
                   _("办件状态为“%(status)s”，但没有承办单位") % {"status": label})
    if status in CLOSED_STATUSES:
        if merged["closed_at"] is None:
            check.fail("closed_at" if "closed_at" in check.sheet.columns else "platform_status",
                       _("办件状态为“%(status)s”，但没有办结时间") % {"status": label})
        if not merged["result"]:
            check.fail("result" if "result" in check.sheet.columns else "platform_status",
                       _("已办结的工单须有处理结果（即对企业的答复）"))
    else:
        merged["closed_at"], merged["resolved"] = None, None
        if check.parsed.get("satisfaction"):
            check.fail("satisfaction", _("工单尚未办结（%(status)s），不能有满意度评价") % {"status": label})


def build_plan(export: Export, *, county: Division) -> ImportPlan:
    plan = ImportPlan(export=export, county=county)
    tickets = [values.text(row.value(sheet.columns["ticket_no"])) for sheet in export.sheets for row in sheet.rows]
    lookups = _Lookups(county, [ticket for ticket in tickets if ticket])
    seen: dict[str, Row] = {}
    notices: set[str] = set()
    defaulted_kind = 0
    for sheet in export.sheets:
        for row in sheet.rows:
            check = _RowCheck(sheet, row)
            check.read(lookups)
            ticket = check.parsed.get("ticket_no", "")
            if not ticket:
                check.fail("ticket_no", _("工单编号为空"))
            if "received_at" not in check.parsed:
                check.fail("received_at", _("来电时间为空"))
            if not check.parsed.get("content") and not check.parsed.get("subject"):
                check.fail("content" if "content" in sheet.columns else "subject", _("诉求内容和诉求主题都为空"))
            if ticket in seen:
                first = seen[ticket]
                check.fail("ticket_no", _("与工作表“%(sheet)s”第 %(row)d 行的工单编号相同")
                           % {"sheet": first.sheet, "row": first.number})
            elif ticket:
                seen[ticket] = row
            existing = lookups.existing.get(ticket)
            if existing is not None and not existing.is_mirror:
                check.fail("ticket_no", _("该编号已被本系统登记的诉求使用"))
            merged = _merge(check, existing, lookups, notices)
            status = _status(check, merged, existing)
            _check_row(check, merged, status)
            if check.problems:
                plan.rejected.append((sheet, row, check.problems))
                continue
            if existing is None and "kind" not in check.parsed:
                defaulted_kind += 1
            plan.rows.append(PlannedRow(sheet=sheet, row=row, ticket_no=ticket, fields=merged, status=status,
                                        satisfaction=check.parsed.get("satisfaction"), existing=existing))
    plan.notices = [*export.notices, *sorted(notices)]
    if defaulted_kind:
        plan.notices.append(_("%(count)d 行没有工单类型，按“求助”导入。") % {"count": defaulted_kind})
    return plan
