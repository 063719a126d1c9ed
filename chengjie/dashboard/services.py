"""Writes of the dashboard: only its counties' snapshots, derived from recorded facts and recomputable at
any moment. No audit row: a snapshot records nothing a person or a rule decided (the facts it adds up
were audited when they were entered), and the job rewrites them every few minutes."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from .models import CountySnapshot
from .snapshots import counties_with_projects, county_figures


def county_snapshots_refresh(*, year: int, counties: list[str], today: date | None = None) -> int:
    """Recompute and keep the year's figures of each county; one short transaction per county, so a
    refresh of the province never holds a long one. Returns how many it wrote."""
    today = today or timezone.localdate()
    for county in counties:
        figures = county_figures(county=county, year=year, today=today)
        with transaction.atomic():
            CountySnapshot.objects.update_or_create(county_id=county, year=year,
                                                    defaults={"figures": figures, "computed_at": timezone.now()})
    return len(counties)


def county_snapshots_refresh_all(*, today: date | None = None) -> int:
    """The job: every county with projects for this year, and every year a snapshot was kept for."""
    today = today or timezone.localdate()
    wanted = {(county, today.year) for county in counties_with_projects()}
    wanted |= set(CountySnapshot.objects.values_list("county_id", "year"))
    by_year: dict[int, list[str]] = {}
    for county, year in sorted(wanted):
        by_year.setdefault(year, []).append(county)
    return sum(county_snapshots_refresh(year=year, counties=counties, today=today) for year, counties in by_year.items())
