"""Working days for legal time limits — the API the other modules call.

行政许可法第八十二条: the time limits it sets are counted in working days, statutory holidays excluded;
so a 调休 Saturday counts and a holiday Wednesday does not. Where the holidays of a year come from, first
that applies:

1. the year's imported notice (国务院办公厅关于某年部分节假日安排的通知, holiday-cn JSON);
2. the chinesecalendar package, for the years it covers;
3. nothing: Monday–Friday are working days, and the year is *missing*. A missing year is never silent:
   callers ask `missing_years_between()` and show `missing_years_message()` beside their result.

A day the system administrator set by hand wins over the year's source (it does not make a missing year
complete).

Speed: a deadline sweep calls this thousands of times, so each year's table is built once per process and
kept. A process re-reads the calendar's revision token once per request or job, and drops its tables when
the token has changed; services that write drop them at once. Outside a request or job the token is read
on every call (one small query), so bulk work belongs inside `request_context.acting_as("job")`, as jobs
and commands already are.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date
from enum import StrEnum

from django.utils.translation import gettext as _

from chengjie.core import request_context

from .sources import package_days, package_years


class Source(StrEnum):
    NOTICE = "notice"
    PACKAGE = "package"
    MISSING = "missing"


@dataclass(frozen=True)
class SpecialDay:
    """A date that is not what Monday–Friday says, or that carries a holiday name."""

    date: date
    is_off_day: bool
    name: str
    origin: str  # a Source, or "override" for a day set by hand
    reason: str = ""

    @property
    def is_adjusted_workday(self) -> bool:
        """调休上班日: a Saturday or Sunday that is worked."""
        return not self.is_off_day and self.date.weekday() >= 5


@dataclass(frozen=True)
class YearStatus:
    year: int
    source: Source
    notice_id: int | None

    @property
    def missing(self) -> bool:
        return self.source == Source.MISSING

    @property
    def label(self) -> str:
        return {
            Source.NOTICE: _("导入的节假日安排通知"),
            Source.PACKAGE: _("chinesecalendar 软件包"),
            Source.MISSING: _("缺少节假日安排，按周一至周五计算"),
        }[self.source]


@dataclass(frozen=True)
class _YearTable:
    status: YearStatus
    workdays: tuple[int, ...]  # ordinals of the year's working days, ascending
    workday_set: frozenset[int]
    special: dict[date, SpecialDay]


@dataclass
class _Loaded:
    token: str
    notices: dict[int, tuple[int, list[dict]]]  # year → (notice id, normalised days)
    overrides: dict[int, dict[date, SpecialDay]]
    tables: dict[int, _YearTable] = field(default_factory=dict)


_loaded: _Loaded | None = None
_checked_for: str | None = None  # the request or job whose revision check is done


def invalidate() -> None:
    """Forget every table in this process; services call it after writing."""
    global _loaded, _checked_for
    _loaded = None
    _checked_for = None


# Models are imported inside the functions so that other apps' models may import this module.
def _read_token() -> str:
    from .models import CalendarRevision

    return CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def _load(token: str) -> _Loaded:
    from .models import DayOverride, HolidayNotice

    notices = {row["year"]: (row["id"], row["days"])
               for row in HolidayNotice.objects.filter(is_active=True).values("id", "year", "days")}
    overrides: dict[int, dict[date, SpecialDay]] = {}
    for row in DayOverride.objects.values("day", "is_off_day", "name", "reason"):
        overrides.setdefault(row["day"].year, {})[row["day"]] = SpecialDay(
            row["day"], row["is_off_day"], row["name"], "override", row["reason"])
    return _Loaded(token=token, notices=notices, overrides=overrides)


def _current() -> _Loaded:
    global _loaded, _checked_for
    info = request_context.current()
    request_id = info.request_id if info else None
    loaded = _loaded
    if loaded is not None and request_id is not None and request_id == _checked_for:
        return loaded
    token = _read_token()
    if loaded is None or loaded.token != token:
        loaded = _load(token)
        _loaded = loaded
    _checked_for = request_id
    return loaded


def _status(loaded: _Loaded, year: int) -> YearStatus:
    if year in loaded.notices:
        return YearStatus(year, Source.NOTICE, loaded.notices[year][0])
    if year in package_years():
        return YearStatus(year, Source.PACKAGE, None)
    return YearStatus(year, Source.MISSING, None)


def _source_days(loaded: _Loaded, status: YearStatus) -> dict[date, SpecialDay]:
    if status.source == Source.NOTICE:
        entries = [SpecialDay(date.fromisoformat(entry["date"]), entry["is_off_day"], entry["name"], Source.NOTICE)
                   for entry in loaded.notices[status.year][1]]
        return {entry.date: entry for entry in entries}
    if status.source == Source.PACKAGE:
        return {day: SpecialDay(day, is_off, name, Source.PACKAGE)
                for day, (is_off, name) in package_days(status.year).items()}
    return {}


def _table(loaded: _Loaded, year: int) -> _YearTable:
    if (table := loaded.tables.get(year)) is not None:
        return table
    if not MINYEAR <= year <= MAXYEAR:
        raise OverflowError(_("日期超出可计算的范围"))
    status = _status(loaded, year)
    special = _source_days(loaded, status) | loaded.overrides.get(year, {})
    by_ordinal = {day.toordinal(): entry.is_off_day for day, entry in special.items()}
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    # Ordinal 1 (0001-01-01) was a Monday, so (ordinal - 1) % 7 is the weekday, 5 and 6 the weekend.
    workdays = tuple(o for o in range(first, last + 1) if not by_ordinal.get(o, (o - 1) % 7 >= 5))
    table = _YearTable(status=status, workdays=workdays, workday_set=frozenset(workdays), special=special)
    loaded.tables[year] = table
    return table


def is_workday(day: date) -> bool:
    return day.toordinal() in _table(_current(), day.year).workday_set


def workdays_between(start: date, end: date) -> int:
    """Working days in the closed interval [start, end]; 0 when start is after end."""
    if start > end:
        return 0
    loaded = _current()
    first, last = start.toordinal(), end.toordinal()
    count = 0
    for year in range(start.year, end.year + 1):
        days = _table(loaded, year).workdays
        count += bisect_right(days, last) - bisect_left(days, first)
    return count


def add_workdays(day: date, n: int) -> date:
    """The n-th working day after `day` (n > 0) or before it (n < 0); `day` itself for n = 0.

    `day` itself is never counted, whether or not it is a working day (民法典第二百零一条: a period
    counted in days starts on the day after the event). So add_workdays(Friday, 1) is the next Monday, and
    a request filed on a holiday with a 1-working-day limit is due on the first working day after it."""
    if n == 0:
        return day
    loaded = _current()
    year, remaining = day.year, abs(n)
    table = _table(loaded, year)
    if n > 0:
        index = bisect_right(table.workdays, day.toordinal())
        while remaining > len(table.workdays) - index:
            remaining -= len(table.workdays) - index
            year += 1
            table, index = _table(loaded, year), 0
        return date.fromordinal(table.workdays[index + remaining - 1])
    index = bisect_left(table.workdays, day.toordinal())  # working days of the year strictly before `day`
    while remaining > index:
        remaining -= index
        year -= 1
        table = _table(loaded, year)
        index = len(table.workdays)
    return date.fromordinal(table.workdays[index - remaining])


def year_status(year: int) -> YearStatus:
    return _status(_current(), year)


def missing_years_between(start: date, end: date) -> list[int]:
    """Years touched by [start, end] (either order) that have no holiday data, so were counted Mon–Fri."""
    loaded = _current()
    low, high = sorted((start.year, end.year))
    return [year for year in range(low, high + 1) if _status(loaded, year).missing]


def missing_years_message(years: list[int]) -> str:
    """The plain warning every result over a missing year is shown with, on screen and on stderr."""
    return _("%(years)s 年的节假日安排尚未导入，已按周一至周五计算工作日，结果可能不准确。"
             "请系统管理员导入该年的节假日安排通知。") % {"years": "、".join(str(year) for year in years)}


def special_days(year: int) -> list[SpecialDay]:
    """The year's holidays, 调休 workdays and hand-set days, in date order."""
    return sorted(_table(_current(), year).special.values(), key=lambda entry: entry.date)


def source_day(day: date) -> tuple[bool, str]:
    """(is_off_day, name) of `day` by the year's source alone, ignoring any hand-set override."""
    loaded = _current()
    entry = _source_days(loaded, _status(loaded, day.year)).get(day)
    if entry is None:
        return day.weekday() >= 5, ""
    return entry.is_off_day, entry.name
