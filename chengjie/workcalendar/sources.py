"""Where the holidays of a year come from: an imported notice wins, then the chinesecalendar package."""

from __future__ import annotations

import chinese_calendar


def package_years() -> range:
    first = min(day.year for day in chinese_calendar.holidays)
    last = max(day.year for day in chinese_calendar.holidays)
    return range(first, last + 1)


def year_source(year: int) -> str | None:
    if year in package_years():
        return "chinesecalendar 软件包"
    return None
