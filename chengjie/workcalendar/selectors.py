"""Reads for the calendar pages: which years are covered and from where, and a year laid out by month.
The calendar is county-independent reference data, so nothing here is scoped to a division."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from . import workdays
from .models import DayOverride, HolidayNotice
from .notices import FIRST_YEAR, LAST_YEAR


def calendar_years_status() -> list[dict]:
    """Last year, this year, next year and every later year with a notice: what the system administrator
    must keep an eye on. Next year is the one most likely to be missing."""
    this_year = timezone.localdate().year
    later = HolidayNotice.objects.filter(is_active=True, year__gt=this_year + 1).values_list("year", flat=True)
    rows = []
    for year in sorted({*range(this_year - 1, this_year + 2), *later}):
        status = workdays.year_status(year)
        rows.append({"year": year, "source": status.source, "missing": status.missing, "source_label": status.label})
    return rows


@dataclass(frozen=True)
class DayCell:
    date: date | None  # None pads the first and last week of the month
    is_workday: bool = False
    special: workdays.SpecialDay | None = None

    @property
    def css(self) -> str:
        if self.date is None:
            return "pad"
        if self.special is not None and self.special.is_adjusted_workday:
            return "adjusted"
        if not self.is_workday:
            return "holiday" if self.special is not None and self.special.is_off_day else "weekend"
        return "workday"


def year_months(year: int) -> list[dict]:
    """Twelve months as weeks of Monday–Sunday cells."""
    special = {entry.date: entry for entry in workdays.special_days(year)}
    months = []
    for month in range(1, 13):
        weeks = [
            [DayCell(day, workdays.is_workday(day), special.get(day)) if day.month == month else DayCell(None)
             for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]
        last_day = date(year, month, calendar.monthrange(year, month)[1])
        months.append({"month": month, "weeks": weeks,
                       "workday_count": workdays.workdays_between(date(year, month, 1), last_day)})
    return months


def year_overview(year: int) -> dict:
    """Everything the year page shows besides the month grids."""
    status = workdays.year_status(year)
    notices = list(HolidayNotice.objects.filter(year=year).select_related("imported_by")
                   .defer("raw", "days").order_by("-imported_at"))
    return {
        "year": year,
        "status": status,
        "missing_message": workdays.missing_years_message([year]) if status.missing else "",
        "active_notice": next((notice for notice in notices if notice.is_active), None),
        "past_notices": [notice for notice in notices if not notice.is_active],
        "special_days": workdays.special_days(year),
        "overrides": list(DayOverride.objects.filter(day__year=year).select_related("set_by")),
        "workday_count": workdays.workdays_between(date(year, 1, 1), date(year, 12, 31)),
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
    }
