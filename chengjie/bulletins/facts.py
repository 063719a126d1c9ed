"""The facts a bulletin counts, one record per project, and which of them each figure takes.

A bulletin is a pure function of these records (plus targets and thresholds): the live preview reads them
from the pipeline, a published bulletin keeps them (`BulletinFact`) so the rows behind a frozen figure stay
the rows it was computed from."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from chengjie.projects.models import ProjectType

from .models import DEFAULT_INDUSTRIAL_THRESHOLD, DEFAULT_OTHER_THRESHOLD, Indicator

ZERO = Decimal(0)
# "of which ≥1亿" beside new starts (DOMAIN.md), in 万元.
MAJOR_PROJECT = Decimal(10000)


# --- periods


def parse_period(value: str) -> date | None:
    """"2026-10" → 2026-10-01; None for anything else."""
    year, sep, month = (value or "").partition("-")
    if not sep or not (year.isdigit() and month.isdigit()) or len(year) != 4 or len(month) != 2:
        return None
    if not 2000 <= int(year) <= 2100 or not 1 <= int(month) <= 12:
        return None
    return date(int(year), int(month), 1)


def period_code(period: date) -> str:
    return f"{period:%Y-%m}"


def month_end(period: date) -> date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def span_label(month: int) -> str:
    """"1-10月" for the year to date; January alone is "1月"."""
    return f"{month}月" if month == 1 else f"1-{month}月"


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


YTD, MONTH, LAST_YTD = "ytd", "month", "last_ytd"


def windows(period: date) -> dict[str, Window]:
    """The year to date, the month, and the same stretch of last year (for the year-on-year change)."""
    end = month_end(period)
    last_end = month_end(period.replace(year=period.year - 1))
    return {YTD: Window(period.replace(month=1), end), MONTH: Window(period, end),
            LAST_YTD: Window(last_end.replace(month=1, day=1), last_end)}


# --- thresholds


@dataclass(frozen=True)
class Thresholds:
    industrial: Decimal = DEFAULT_INDUSTRIAL_THRESHOLD
    other: Decimal = DEFAULT_OTHER_THRESHOLD

    def counts(self, project_type: str, contracted: Decimal) -> bool:
        limit = self.industrial if project_type == ProjectType.INDUSTRIAL else self.other
        return contracted >= limit


# --- one project's facts


def _day(value) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass
class ProjectFact:
    """What a bulletin needs of one project, credited to one row (a unit, or a county in a regional
    bulletin). `months` maps "2026-03" to (funds in place, of which out of province, completed investment)."""

    id: int
    code: str
    name: str
    row: str
    county: str
    project_type: str
    contracted: Decimal
    signed_on: date
    started_on: date | None = None
    production_on: date | None = None
    start_planned: date | None = None
    production_planned: date | None = None
    stats_on: date | None = None
    months: dict[str, tuple[Decimal, Decimal, Decimal]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"id": self.id, "code": self.code, "name": self.name, "row": self.row, "county": self.county,
                "type": self.project_type, "contracted": str(self.contracted), "signed_on": self.signed_on.isoformat(),
                "started_on": _iso(self.started_on), "production_on": _iso(self.production_on),
                "start_planned": _iso(self.start_planned), "production_planned": _iso(self.production_planned),
                "stats_on": _iso(self.stats_on),
                "months": {key: [str(v) for v in values] for key, values in sorted(self.months.items())}}

    @classmethod
    def from_json(cls, data: dict) -> ProjectFact:
        return cls(id=data["id"], code=data["code"], name=data["name"], row=data["row"], county=data["county"],
                   project_type=data["type"], contracted=Decimal(data["contracted"]),
                   signed_on=date.fromisoformat(data["signed_on"]), started_on=_day(data["started_on"]),
                   production_on=_day(data["production_on"]), start_planned=_day(data["start_planned"]),
                   production_planned=_day(data["production_planned"]), stats_on=_day(data["stats_on"]),
                   months={key: tuple(Decimal(v) for v in values) for key, values in data["months"].items()})

    def months_in(self, window: Window):
        for key, values in sorted(self.months.items()):
            if date.fromisoformat(f"{key}-01") in window:
                yield key, values


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- what each figure takes


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    is_amount: bool
    target: str | None  # the Indicator it is measured against


SIGNED_COUNT = Measure(Indicator.SIGNED_COUNT, _("新签约项目（个）"), False, Indicator.SIGNED_COUNT)
SIGNED_AMOUNT = Measure(Indicator.SIGNED_AMOUNT, _("新签约项目协议投资（万元）"), True, Indicator.SIGNED_AMOUNT)
OUT_OF_PROVINCE = Measure(Indicator.OUT_OF_PROVINCE_FUNDS, _("省外资金到位（万元）"), True,
                          Indicator.OUT_OF_PROVINCE_FUNDS)
COMPLETED = Measure(Indicator.COMPLETED_INVESTMENT, _("完成固定资产投资（万元）"), True, Indicator.COMPLETED_INVESTMENT)
NEW_STARTS = Measure(Indicator.NEW_STARTS, _("新开工项目（个）"), False, Indicator.NEW_STARTS)
NEW_STARTS_MAJOR = Measure("new_starts_major", _("其中亿元以上（个）"), False, None)
NEW_PRODUCTION = Measure(Indicator.NEW_PRODUCTION, _("新竣工投产项目（个）"), False, Indicator.NEW_PRODUCTION)
MEASURES = [SIGNED_COUNT, SIGNED_AMOUNT, OUT_OF_PROVINCE, COMPLETED, NEW_STARTS, NEW_STARTS_MAJOR, NEW_PRODUCTION]
MEASURE_BY_KEY = {measure.key: measure for measure in MEASURES}


def measure_value(fact: ProjectFact, measure: str, window: Window, thresholds: Thresholds) -> Decimal:
    """What `fact` adds to `measure` over `window` (0 when it adds nothing).

    A signing counts when its contracted investment meets its type's threshold for the year; starts and
    production count by the actual date of the 开工 / 竣工投产 node; money by the monthly figures."""
    if measure in (Indicator.SIGNED_COUNT, Indicator.SIGNED_AMOUNT):
        if fact.signed_on not in window or not thresholds.counts(fact.project_type, fact.contracted):
            return ZERO
        return Decimal(1) if measure == Indicator.SIGNED_COUNT else fact.contracted
    if measure == Indicator.OUT_OF_PROVINCE_FUNDS:
        return sum((values[1] for _key, values in fact.months_in(window)), ZERO)
    if measure == Indicator.COMPLETED_INVESTMENT:
        return sum((values[2] for _key, values in fact.months_in(window)), ZERO)
    if measure == Indicator.NEW_STARTS:
        return Decimal(fact.started_on in window)
    if measure == NEW_STARTS_MAJOR.key:
        return Decimal(fact.started_on in window and fact.contracted >= MAJOR_PROJECT)
    if measure == Indicator.NEW_PRODUCTION:
        return Decimal(fact.production_on in window)
    raise ValueError(f"unknown measure {measure!r}")


# --- the rates


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    planned_label: str
    done_label: str


START_RATE = Rate("start_rate", _("开工率"), _("计划开工"), _("已开工"))
PRODUCTION_RATE = Rate("production_rate", _("投产率"), _("计划投产"), _("已投产"))
STATS_RATE = Rate("stats_rate", _("纳统率"), _("本年新开工"), _("已纳统"))
RATES = [START_RATE, PRODUCTION_RATE, STATS_RATE]
RATE_BY_KEY = {rate.key: rate for rate in RATES}


def rate_membership(fact: ProjectFact, rate: str, period: date) -> tuple[bool, bool]:
    """(in the denominator, in the numerator) of `rate` at the end of `period`'s month.

    Start and production rates: the projects whose approved plan (current planned date of the milestone's
    node) puts the milestone on or before the month's end and that had not reached it before the year
    began — so a project due last year and still not started stays in the denominator — and, of those,
    the ones that reached it by the month's end. 纳统率: of this year's new starts, those registered in the
    statistics bureau's database by the month's end."""
    end, year_start = month_end(period), period.replace(month=1)
    if rate == STATS_RATE.key:
        started = fact.started_on is not None and year_start <= fact.started_on <= end
        return started, started and fact.stats_on is not None and fact.stats_on <= end
    actual, planned = ((fact.started_on, fact.start_planned) if rate == START_RATE.key
                       else (fact.production_on, fact.production_planned))
    due = planned is not None and planned <= end and (actual is None or actual >= year_start)
    return due, due and actual is not None and actual <= end


def is_relevant(fact: ProjectFact, period: date, thresholds_for) -> bool:
    """Whether the project adds anything to any figure or rate of the bulletin (only those are kept)."""
    spans = windows(period)
    for measure in MEASURES:
        for span, window in spans.items():
            if measure_value(fact, measure.key, window, thresholds_for(fact.county, window.end.year)):
                return True
    return any(rate_membership(fact, rate.key, period)[0] for rate in RATES)
