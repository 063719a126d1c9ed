"""The chinesecalendar package as a source of holidays: which years it covers and their special days."""

from __future__ import annotations

from datetime import date
from functools import cache

import chinese_calendar


@cache
def _package_days() -> dict[int, dict[date, tuple[bool, str]]]:
    """{year: {date: (is_off_day, Chinese name)}} for every date the package lists."""
    by_year: dict[int, dict[date, tuple[bool, str]]] = {}
    for listing, is_off_day in ((chinese_calendar.holidays, True), (chinese_calendar.workdays, False)):
        for day, english in listing.items():
            by_year.setdefault(day.year, {})[day] = (is_off_day, chinese_calendar.Holiday(english).chinese)
    return by_year


def package_years() -> range:
    years = _package_days().keys()
    return range(min(years), max(years) + 1)


def package_days(year: int) -> dict[date, tuple[bool, str]]:
    if year not in package_years():
        return {}
    return _package_days().get(year, {})
