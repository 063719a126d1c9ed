"""Which years the working-day calendar knows, and from where."""

from __future__ import annotations

from django.utils import timezone

from .sources import year_source


def calendar_years_status() -> list[dict]:
    this_year = timezone.localdate().year
    rows = []
    for year in range(this_year - 1, this_year + 2):
        source = year_source(year)
        rows.append({"year": year, "missing": source is None, "source_label": source or ""})
    return rows
