"""Where each figure leads: the rows behind it.

A figure goes to the list that already shows those rows when that list can say exactly the same thing:
the project list (`/projects/?county=…&unit=…&park=…&industry_group=…&signed_from=…&signed_to=…`) for
projects signed in a period, the supervision list (`/supervision/warnings/?colour=red&unit=…`) for red
items of a unit. Those lists offer only active units, parks and groups; the supervision list knows no
county narrower than the user's scope; neither knows "reached at least", monthly figures or milestone
dates. Every other figure goes to the dashboard's own rows page (`dashboard:rows`), which lists the same
rows the figure counted.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.urls import reverse

from chengjie.projects.models import Milestone
from chengjie.supervision.models import Colour

from .selectors import COUNTY, UNIT, DashboardQuery

PIPELINE, FUNDS, COMPLETED, REACHED, RED = "pipeline", "funds", "completed", "reached", "red"
FIGURES = (PIPELINE, FUNDS, COMPLETED, REACHED, RED)


class Links:
    def __init__(self, query: DashboardQuery, *, inactive: set = frozenset()):
        self.query = query
        self.inactive = inactive
        # A comparison of sixty counties makes a thousand links: resolve each address once.
        self.rows_url = reverse("dashboard:rows")
        self.project_list_url = reverse("projects:project_list")
        self.warning_list_url = reverse("supervision:warning_list")

    def _filters(self, *, key=None, park=None, group=None) -> dict:
        """The query's filters with one compared key, park or group added."""
        query = self.query
        params = {"county": query.county, "unit": query.unit, "park": park or query.park,
                  "industry_group": group or query.industry_group}
        if key is not None:
            params["county" if query.compare == COUNTY else "unit"] = key
        return {name: value for name, value in params.items() if value}

    def _listable(self, params: dict, *, knows_county: bool) -> bool:
        """The shared lists offer only what is still active; the warning list knows no county narrower
        than the user's scope."""
        return ((knows_county or "county" not in params) and (UNIT, params.get("unit")) not in self.inactive
                and ("park", params.get("park")) not in self.inactive
                and ("group", params.get("industry_group")) not in self.inactive)

    def _rows(self, figure: str, params: dict, **extra) -> str:
        query = {"year": self.query.year, "figure": figure, **params,
                 **{name: value for name, value in extra.items() if value}}
        return f"{self.rows_url}?{_encode(query)}"

    def pipeline(self, stage: str, *, key=None, park=None, group=None, month: int | None = None) -> str:
        """Projects signed in the year (or one of its months) that have reached `stage` or beyond."""
        params = self._filters(key=key, park=park, group=group)
        if stage == Milestone.SIGNED and self._listable(params, knows_county=True):
            first, last = self._period(month)
            params.update(signed_from=first.isoformat(), signed_to=last.isoformat())
            return f"{self.project_list_url}?{_encode(params)}"
        return self._rows(PIPELINE, params, stage=stage, month=month)

    def figures(self, measure: str, *, key=None, month: int | None = None) -> str:
        """Projects with monthly figures in the year (or month), each with its amount."""
        return self._rows(measure, self._filters(key=key), month=month)

    def reached(self, stage: str, *, key=None) -> str:
        """Projects that reached `stage` in the year, each with the days since its previous milestone."""
        return self._rows(REACHED, self._filters(key=key), stage=stage)

    def red(self, *, key=None) -> str:
        """Today's red items; a unit's are those it is responsible for (the supervision list's reading)."""
        params = self._filters(key=key)
        if self._listable(params, knows_county=False) and "park" not in params and "industry_group" not in params:
            return f"{self.warning_list_url}?{_encode({'colour': Colour.RED, **params})}"
        return self._rows(RED, params)

    def _period(self, month: int | None) -> tuple[date, date]:
        year = self.query.year
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _encode(params: dict) -> str:
    """A query string. Every value is a number, a division code, a date or one of this module's words,
    so there is nothing to escape (and urlencode, called a thousand times, is a page's slowest part)."""
    return "&".join(f"{name}={value}" for name, value in params.items())
