"""Calendar periods (month, quarter, half-year, year): the frequency limit counts inspections per firm
per period, and the statistics page reports per period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PeriodKind(models.TextChoices):
    MONTH = "month", gettext_lazy("月")
    QUARTER = "quarter", gettext_lazy("季度")
    HALF_YEAR = "half_year", gettext_lazy("半年")
    YEAR = "year", gettext_lazy("年")


# Months in one period of each kind.
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6, PeriodKind.YEAR: 12}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int  # 1-based within the year: month 1–12, quarter 1–4, half 1–2, year 1

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        return cls(kind=kind, year=day.year, number=(day.month - 1) // _MONTHS[PeriodKind(kind)] + 1)

    @classmethod
    def count_in_year(cls, kind: str) -> int:
        return 12 // _MONTHS[PeriodKind(kind)]

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * _MONTHS[PeriodKind(self.kind)] + 1, 1)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        months = _MONTHS[PeriodKind(self.kind)]
        first_month_after = self.number * months + 1
        if first_month_after > 12:
            return date(self.year, 12, 31)
        return date(self.year, first_month_after, 1) - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        kind = PeriodKind(self.kind)
        if kind == PeriodKind.MONTH:
            return _("%(year)s年%(number)s月") % {"year": self.year, "number": self.number}
        if kind == PeriodKind.QUARTER:
            return _("%(year)s年第%(number)s季度") % {"year": self.year, "number": self.number}
        if kind == PeriodKind.HALF_YEAR:
            return (_("%(year)s年上半年") if self.number == 1 else _("%(year)s年下半年")) % {"year": self.year}
        return _("%(year)s年") % {"year": self.year}
