"""Per-unit enterprise-service statistics for unit assessment: approvals (on-time rate, deemed approvals,
average working days), appeals (satisfaction, overdue and the 12345 hotline metrics) and inspections, for
one month, quarter or year. The figures are the approvals' and appeals' own selectors; this module only
chooses the units a user may see and lays out one table for the page and the Excel export.

A rate whose denominator is 0 is None and shows as "—": a unit with no decided requests has no on-time
rate, not 0% nor 100%."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.appeals.selectors import AppealStats, unit_appeal_stats
from chengjie.approvals.selectors import ApprovalStats, unit_approval_stats
from chengjie.inspections.periods import Period, PeriodKind
from chengjie.inspections.selectors import unit_inspection_counts
from chengjie.org.models import Unit
from chengjie.org.selectors import units_for_user

# The page offers these periods (DOMAIN.md: monthly bulletin, quarterly dispatch, yearly assessment).
PERIOD_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)
_KIND_LETTERS = {PeriodKind.MONTH: "m", PeriodKind.QUARTER: "q", PeriodKind.YEAR: "y"}


def period_code(period: Period) -> str:
    """2026-m03, 2026-q1, 2026-y: the value of the page's period selector."""
    kind = PeriodKind(period.kind)
    if kind == PeriodKind.YEAR:
        return f"{period.year}-y"
    if kind == PeriodKind.MONTH:
        return f"{period.year}-m{period.number:02d}"
    return f"{period.year}-q{period.number}"


def parse_period(code: str) -> Period | None:
    year, _sep, rest = (code or "").partition("-")
    if not year.isdigit() or not rest:
        return None
    kinds = {letter: kind for kind, letter in _KIND_LETTERS.items()}
    kind = kinds.get(rest[0])
    number = rest[1:] or "1"
    if kind is None or not number.isdigit() or not 2000 <= int(year) <= 2100:
        return None
    if not 1 <= int(number) <= Period.count_in_year(kind) or (kind == PeriodKind.YEAR and rest != "y"):
        return None
    return Period(kind=kind, year=int(year), number=int(number))


def default_period(today: date | None = None) -> Period:
    return Period.of(PeriodKind.QUARTER, today or timezone.localdate())


def period_choices(today: date | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The selector's options, grouped by year: this year and the two before it, newest first, each year
    then its quarters then its months, none after today's period."""
    today = today or timezone.localdate()
    groups = []
    for year in (today.year, today.year - 1, today.year - 2):
        periods = [Period(kind=PeriodKind.YEAR, year=year, number=1)]
        periods += [Period(kind=PeriodKind.QUARTER, year=year, number=n) for n in range(1, 5)]
        periods += [Period(kind=PeriodKind.MONTH, year=year, number=n) for n in range(1, 13)]
        options = [(period_code(p), p.label) for p in periods if p.start <= today]
        groups.append((str(year), options))
    return groups


def statistics_units(*, user) -> QuerySet[Unit]:
    """The rows a user sees: the bureau and leaders every active unit of their scope; a unit's people their
    own unit only."""
    if not user.is_authenticated or not user.has_capability("service.stats"):
        return Unit.objects.none()
    if user.binds_unit:
        return Unit.objects.filter(pk=user.unit_id, is_active=True).select_related("division")
    return units_for_user(user=user).filter(is_active=True).order_by("division_id", "kind", "name")


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    approvals: ApprovalStats
    appeals: AppealStats
    inspections: int
    unregistered_inspections: int

    @property
    def has_activity(self) -> bool:
        return bool(self.approvals.decided or self.appeals.received or self.appeals.overdue or self.inspections)


def unit_statistics(*, user, period: Period, active_only: bool = False) -> list[UnitRow]:
    units = list(statistics_units(user=user))
    if not units:
        return []
    today = timezone.localdate()
    approvals = unit_approval_stats(units=units, start=period.start, end=period.end, today=today)
    appeals = unit_appeal_stats(units=units, start=period.start, end=period.end, today=today)
    inspections = unit_inspection_counts(units=units, start=period.start, end=period.end)
    rows = [UnitRow(unit=unit, approvals=approvals.get(unit.pk) or ApprovalStats(),
                    appeals=appeals.get(unit.pk) or AppealStats(),
                    inspections=inspections.get(unit.pk, {}).get("total", 0),
                    unregistered_inspections=inspections.get(unit.pk, {}).get("unregistered", 0))
            for unit in units]
    return [row for row in rows if row.has_activity] if active_only else rows


# --- the table the page and the export share


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[UnitRow], int | Decimal | None]
    kind: str  # "count", "rate" (a percentage) or "days"
    link: Callable[[UnitRow, Period], str] | None = None
    group: str = ""


def _list_link(url_name: str, **params) -> Callable[[UnitRow, Period], str]:
    def link(row: UnitRow, period: Period) -> str:
        query = {key: (value(row, period) if callable(value) else value) for key, value in params.items()}
        return f"{reverse(url_name)}?{urlencode(query)}"

    return link


def _unit(row, period):
    return row.unit.pk


def _start(row, period):
    return period.start.isoformat()


def _end(row, period):
    return period.end.isoformat()


_INSPECTIONS = _list_link("inspections:inspection_list", unit=_unit, start=_start, end=_end, state="counted")
# The appeal list filters by unit and "late today", which is exactly this figure; the approval and appeal
# lists have no date filter, so the period's other figures link nowhere rather than to rows that differ.
_OVERDUE_APPEALS = _list_link("appeals:appeal_list", unit=_unit, overdue="on")
_UNREGISTERED = _list_link("inspections:inspection_list", unit=_unit, start=_start, end=_end, state="unregistered")

COLUMNS: list[Column] = [
    Column(_("审批办结件数"), lambda r: r.approvals.decided, "count", group=_("审批")),
    Column(_("按时办结率（%）"), lambda r: r.approvals.on_time_rate, "rate", group=_("审批")),
    Column(_("超时默认件数"), lambda r: r.approvals.deemed_approvals, "count", group=_("审批")),
    Column(_("平均办理时间（工作日）"), lambda r: r.approvals.average_workdays, "days", group=_("审批")),
    Column(_("诉求受理件数"), lambda r: r.appeals.received, "count", group=_("诉求")),
    Column(_("诉求办结件数"), lambda r: r.appeals.closed, "count", group=_("诉求")),
    Column(_("诉求按时办结率（%）"), lambda r: r.appeals.on_time_rate, "rate", group=_("诉求")),
    Column(_("满意率（%）"), lambda r: r.appeals.satisfaction_rate, "rate", group=_("诉求")),
    Column(_("逾期未办诉求"), lambda r: r.appeals.overdue, "count", _OVERDUE_APPEALS, group=_("诉求")),
    Column(_("平均办结时长（工作日）"), lambda r: r.appeals.average_workdays_to_close, "days", group=_("诉求")),
    Column(_("响应率（%）"), lambda r: r.appeals.response_rate, "rate", group=_("12345 考核指标")),
    Column(_("解决率（%）"), lambda r: r.appeals.resolution_rate, "rate", group=_("12345 考核指标")),
    Column(_("退回率（%）"), lambda r: r.appeals.return_rate, "rate", group=_("12345 考核指标")),
    Column(_("重办率（%）"), lambda r: r.appeals.redo_rate, "rate", group=_("12345 考核指标")),
    Column(_("平均办结时长（自然日）"), lambda r: r.appeals.average_days_to_close, "days", group=_("12345 考核指标")),
    Column(_("涉企检查次数"), lambda r: r.inspections, "count", _INSPECTIONS, group=_("检查")),
    Column(_("未登记检查次数"), lambda r: r.unregistered_inspections, "count", _UNREGISTERED, group=_("检查")),
]
NO_FIGURE = "—"


def column_groups() -> list[tuple[str, int]]:
    """The header's top row: each group of adjacent columns and how many columns it spans."""
    groups: list[tuple[str, int]] = []
    for column in COLUMNS:
        if groups and groups[-1][0] == column.group:
            groups[-1] = (column.group, groups[-1][1] + 1)
        else:
            groups.append((column.group, 1))
    return groups


def display(value, kind: str) -> str:
    """How a figure reads on the page: counts as they are, rates with %, "—" when there is no figure."""
    if value is None:
        return NO_FIGURE
    if kind == "rate":
        return f"{value}%"
    return str(value)


def table_rows(rows: list[UnitRow], period: Period) -> list[dict]:
    """Each unit's cells for the page: text, and the link to the rows behind a non-zero figure."""
    table = []
    for row in rows:
        cells = []
        for column in COLUMNS:
            value = column.value(row)
            link = column.link(row, period) if column.link and value else ""
            cells.append({"text": display(value, column.kind), "link": link, "kind": column.kind,
                          "header": column.header})
        table.append({"unit": row.unit, "cells": cells})
    return table


def export_rows(rows: list[UnitRow]):
    """The export's rows: numbers stay numbers for the assessment sheet, a missing rate is "—"."""
    for row in rows:
        yield [row.unit.name, *(NO_FIGURE if (value := column.value(row)) is None else value for column in COLUMNS)]


def export_headers() -> list[str]:
    return [str(_("单位")), *(str(column.header) for column in COLUMNS)]
