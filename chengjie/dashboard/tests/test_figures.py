"""The dashboard's figures against the pipeline of conftest.py, counted by hand."""

from decimal import Decimal

import pytest

from chengjie.bulletins.services import annual_targets_set
from chengjie.core.testing import COUNTY
from chengjie.dashboard import board, selectors
from chengjie.dashboard.selectors import DashboardQuery
from chengjie.projects.services import project_duplicate_resolve
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


def test_funnel_counts_last_years_signings_by_the_furthest_milestone_reached(cast, pipeline):
    result = selectors.pipeline(DashboardQuery(user=cast.leader, year=pipeline.year))
    # P1 started, P2 in production, P3 signed, P4 landed; P5 was signed the year before.
    assert result.total == {"signed": 4, "land": 3, "started": 2, "production": 1, "capacity": 0}
    assert result.by_key[cast.unit_a.pk] == {"signed": 3, "land": 2, "started": 2, "production": 1, "capacity": 0}
    assert result.by_key[cast.unit_b.pk] == {"signed": 1, "land": 1, "started": 0, "production": 0, "capacity": 0}
    # P4 has no park; the other three settled in the cast's park.
    assert result.by_park == {cast.park_obj.pk: {"signed": 3, "land": 2, "started": 2, "production": 1, "capacity": 0}}
    assert result.signed_amount == {cast.unit_a.pk: Decimal(17800), cast.unit_b.pk: Decimal(30000)}


def test_trend_adds_each_months_figures_and_signings(cast, pipeline):
    result = selectors.monthly(DashboardQuery(user=cast.leader, year=pipeline.year))
    assert dict(result.signed_amount) == {1: Decimal(30000), 2: Decimal(12000), 3: Decimal(5000), 6: Decimal(800)}
    assert dict(result.signed_count) == {1: 1, 2: 1, 3: 1, 6: 1}
    # March: P1 1,000 + P4 2,000 in place; 800 + 1,500 completed. P5's December is the year before.
    assert dict(result.funds) == {1: Decimal(300), 3: Decimal(3000), 4: Decimal(500)}
    assert dict(result.completed) == {1: Decimal(300), 3: Decimal(2300), 4: Decimal(700)}
    assert dict(result.completed_by_key) == {cast.unit_a.pk: Decimal(1500), cast.unit_b.pk: Decimal(1800)}


def test_a_month_with_no_activity_is_zero_not_missing(cast, pipeline):
    query = DashboardQuery(user=cast.leader, year=pipeline.year)
    trend = board.build(query).charts["trend"]
    funds = next(s for s in trend.series if s.name == "到位资金")
    assert trend.categories[1] == "2月" and funds.values[1] == Decimal(0)
    assert len(trend.categories) == 12


def test_medians_are_days_from_the_same_projects_previous_milestone_reached_in_the_year(cast, pipeline):
    result = selectors.milestones(DashboardQuery(user=cast.leader, year=pipeline.year))
    a, b = cast.unit_a.pk, cast.unit_b.pk
    assert result.median[a] == {"land": 24.5, "started": 50.0, "production": 150.0}
    assert result.timed[a] == {"land": 2, "started": 2, "production": 1}
    # P5 landed the year before and started in the year: its 62 days count for the start.
    assert result.median[b] == {"land": 30.0, "started": 62.0}
    assert result.reached[b] == {"land": 1, "started": 1}
    assert dict(result.reached_total) == {"land": 3, "started": 3, "production": 1}


def _targets(cast, year, values: dict) -> None:
    annual_targets_set(acting_user=cast.bureau, division_code=COUNTY, year=year,
                       values={(unit.pk, "completed_investment"): value for unit, value in values.items()})


def test_ranking_by_completed_investment_against_the_annual_target_as_the_bulletin_ranks(cast, pipeline):
    # A: 1,500 of 2,000 = 75%; B: 1,800 of 3,000 = 60%; the park's committee: nothing of 1,000 = 0%.
    _targets(cast, pipeline.year, {cast.unit_a: 2000, cast.unit_b: 3000, cast.park_unit: 1000})
    ranking = board.build(DashboardQuery(user=cast.leader, year=pipeline.year)).ranking
    assert [(row["rank"], row["key"], row["percent"]) for row in ranking] == [
        (1, cast.unit_a.pk, Decimal("75.0")), (2, cast.unit_b.pk, Decimal("60.0")), (3, cast.park_unit.pk, Decimal("0.0"))]


def test_a_unit_without_a_target_follows_unranked(cast, pipeline):
    _targets(cast, pipeline.year, {cast.unit_a: 2000})
    ranking = board.build(DashboardQuery(user=cast.leader, year=pipeline.year)).ranking
    assert [(row["rank"], row["key"]) for row in ranking] == [(1, cast.unit_a.pk), (None, cast.unit_b.pk)]


def test_without_targets_nothing_is_ranked_and_units_follow_the_amount_completed(cast, pipeline):
    result = board.build(DashboardQuery(user=cast.leader, year=pipeline.year))
    assert [(row["rank"], row["key"], row["completed"]) for row in result.ranking] == [
        (None, cast.unit_b.pk, Decimal(1800)), (None, cast.unit_a.pk, Decimal(1500))]
    assert "不排名" in result.charts["ranking"].note


def test_a_county_target_is_the_sum_of_its_units(cast, pipeline):
    from chengjie.accounts.roles import Role
    from chengjie.core.testing import make_user

    _targets(cast, pipeline.year, {cast.unit_a: 2000, cast.unit_b: 3000})
    city = make_user("city_leader", role=Role.LEADER, division="3408")
    [row] = board.build(DashboardQuery(user=city, year=pipeline.year)).ranking
    # 3,300 completed of 5,000.
    assert (row["key"], row["target"], row["percent"], row["rank"]) == (COUNTY, Decimal(5000), Decimal("66.0"), 1)


def test_a_project_moved_between_units_counts_for_the_unit_it_has_now(cast, pipeline):
    pipeline.p4.introducing_unit = cast.unit_a
    pipeline.p4.save(update_fields=["introducing_unit"])
    query = DashboardQuery(user=cast.leader, year=pipeline.year)
    assert selectors.pipeline(query).by_key[cast.unit_a.pk]["signed"] == 4
    assert selectors.monthly(query).completed_by_key == {cast.unit_a.pk: Decimal(3000), cast.unit_b.pk: Decimal(300)}


def test_a_merged_duplicate_leaves_every_figure(cast, pipeline):
    twin = make_project(cast=cast, signed_on=pipeline.p1.signed_on, name=pipeline.p1.name,
                        investor_name=pipeline.p1.investor_name)
    assert twin.duplicate_state == "suspected"
    project_duplicate_resolve(acting_user=cast.bureau, project=twin, decision="merged", note="同一项目重复签约")
    result = selectors.pipeline(DashboardQuery(user=cast.leader, year=pipeline.year))
    assert result.total["signed"] == 4


def test_filters_narrow_every_figure(cast, pipeline):
    query = DashboardQuery(user=cast.leader, year=pipeline.year, unit=cast.unit_b.pk)
    assert selectors.pipeline(query).total["signed"] == 1
    assert dict(selectors.monthly(query).completed) == {1: Decimal(300), 3: Decimal(1500)}
    assert dict(selectors.milestones(query).reached_total) == {"land": 1, "started": 1}
    by_park = DashboardQuery(user=cast.leader, year=pipeline.year, park=cast.park_obj.pk)
    assert selectors.pipeline(by_park).total["signed"] == 3


def test_a_city_leader_compares_counties_and_an_other_countys_leader_sees_none_of_ours(cast, pipeline):
    from chengjie.accounts.roles import Role
    from chengjie.core.testing import OTHER_COUNTY, make_user

    city = make_user("city_leader", role=Role.LEADER, division="3408")
    result = selectors.pipeline(DashboardQuery(user=city, year=pipeline.year))
    assert DashboardQuery(user=city, year=pipeline.year).compare == "county"
    assert result.by_key == {"340882": {"signed": 4, "land": 3, "started": 2, "production": 1, "capacity": 0}}
    medians = selectors.milestones(DashboardQuery(user=city, year=pipeline.year))
    # County-wide: land 19, 30, 30 → 30; start 40, 60, 62 → 60.
    assert medians.median["340882"] == {"land": 30.0, "started": 60.0, "production": 150.0}
    other = make_user("tongcheng_leader", role=Role.LEADER, division=OTHER_COUNTY)
    query = DashboardQuery(user=other, year=pipeline.year)
    assert selectors.pipeline(query).total["signed"] == 0
    assert not selectors.monthly(query).completed and not selectors.milestones(query).reached
