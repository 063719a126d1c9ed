"""Comparing counties reads the counties' snapshots: each holds what that county's own dashboard shows,
a fresh one is read as it is, a stale or missing one is computed again, and the job keeps them fresh."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.core.testing import COUNTY, OTHER_COUNTY, make_user
from chengjie.dashboard import board, selectors, snapshots
from chengjie.dashboard.models import CountySnapshot
from chengjie.dashboard.selectors import DashboardQuery
from chengjie.dashboard.services import county_snapshots_refresh, county_snapshots_refresh_all
from chengjie.dashboard.tasks import refresh_county_snapshots
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(cast):
    return make_user("city_leader", role=Role.LEADER, division="3408")


def test_the_comparison_shows_each_county_as_its_own_dashboard_totals_it(cast, pipeline, city):
    county_snapshots_refresh(year=pipeline.year, counties=[COUNTY, OTHER_COUNTY])
    found = snapshots.comparison(DashboardQuery(user=city, year=pipeline.year), today=timezone.localdate())
    own = DashboardQuery(user=cast.leader, year=pipeline.year)
    live = selectors.pipeline(own)
    assert found.pipeline.by_key == {COUNTY: live.total} and found.pipeline.total == live.total
    assert found.pipeline.signed_amount == {COUNTY: Decimal(47800)}
    monthly = selectors.monthly(own)
    assert dict(found.monthly.completed) == dict(monthly.completed)
    assert dict(found.monthly.signed_count) == dict(monthly.signed_count)
    assert found.monthly.completed_by_key == {COUNTY: Decimal(3300)}
    # The county's own medians (not a median of its units' medians): land 19, 30, 30; start 40, 60, 62.
    assert found.milestones.median == {COUNTY: {"land": 30.0, "started": 60.0, "production": 150.0}}
    assert found.milestones.timed == {COUNTY: {"land": 3, "started": 3, "production": 1}}
    red = selectors.red_list(own)
    assert found.red.counts == {COUNTY: red.total} and [n.pk for n, _r in found.red.nodes] == [n.pk for n, _r in red.nodes]
    # 桐城 has nothing at all in the year: left out, as a GROUP BY would leave it.
    assert OTHER_COUNTY not in found.pipeline.by_key


def test_a_fresh_snapshot_is_read_as_it_is_and_the_job_brings_it_up_to_date(cast, pipeline, city):
    query = DashboardQuery(user=city, year=pipeline.year)
    first = board.build(query)
    assert first.computed_at is not None and first.charts["funnel"].series[0].values[0] == 4
    make_project(cast=cast, signed_on=date(pipeline.year, 7, 1))
    assert board.build(query).charts["funnel"].series[0].values[0] == 4  # as of the snapshot's time
    county_snapshots_refresh_all()
    assert board.build(query).charts["funnel"].series[0].values[0] == 5


def test_a_stale_snapshot_is_computed_again_before_it_is_shown(cast, pipeline, city):
    query = DashboardQuery(user=city, year=pipeline.year)
    board.build(query)
    make_project(cast=cast, signed_on=date(pipeline.year, 7, 1))
    CountySnapshot.objects.update(computed_at=timezone.now() - snapshots.STALE_AFTER - timedelta(minutes=1))
    rebuilt = board.build(query)
    assert rebuilt.charts["funnel"].series[0].values[0] == 5
    assert timezone.now() - rebuilt.computed_at < timedelta(minutes=1)


def test_a_filter_or_a_chosen_county_is_computed_live(cast, pipeline, city):
    board.build(DashboardQuery(user=city, year=pipeline.year))
    make_project(cast=cast, signed_on=date(pipeline.year, 7, 1))
    narrowed = board.build(DashboardQuery(user=city, year=pipeline.year, county=COUNTY))
    assert narrowed.computed_at is None and narrowed.charts["funnel"].series[0].values[0] == 5


def test_the_job_refreshes_this_year_for_every_county_with_projects_and_every_year_kept(cast, pipeline):
    county_snapshots_refresh(year=2020, counties=[OTHER_COUNTY])
    refresh_county_snapshots.call_local()
    kept = set(CountySnapshot.objects.values_list("county_id", "year"))
    assert kept == {(COUNTY, timezone.localdate().year), (OTHER_COUNTY, 2020)}
