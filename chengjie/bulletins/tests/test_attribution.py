"""A project moved between units: all its figures, and the red items of the nodes handed over with it, belong
to the unit that held it at the end of the bulletin's month, and a bulletin published before the move keeps
crediting the old unit.

One project of 经信局 (A): 1,000万 completed in March 2026, 2,000万 in October."""

from datetime import date

import pytest

from chengjie.bulletins.compute import compute
from chengjie.bulletins.selectors import gather
from chengjie.bulletins.services import bulletin_publish
from chengjie.bulletins.testing import pipeline
from chengjie.projects.services import project_transfer
from chengjie.supervision.sweep import warnings_sweep

SEPTEMBER, OCTOBER, NOVEMBER = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)


@pytest.fixture
def project(cast, today):
    return pipeline(cast, unit=cast.unit_a, signed_on=date(2026, 2, 10), contracted=12000,
                    start_plan=date(2026, 5, 1), production_plan=date(2027, 3, 1), started_on=date(2026, 5, 20),
                    figures={"2026-03": (3000, 2000, 1000), "2026-10": (0, 0, 2000)})


def completed(period, unit) -> dict:
    """Completed investment of `unit`'s row: (year to date, month), or None when the unit has no row."""
    content = compute(gather(division_code="340882", period=period))
    row = next((r for r in content["rows"] if r["key"] == f"u{unit.pk}"), None)
    return row and (row["figures"]["completed_investment"]["ytd"], row["figures"]["completed_investment"]["month"])


def test_moved_after_the_month_counts_for_the_old_unit(cast, project):
    published = bulletin_publish(acting_user=cast.bureau, period=OCTOBER)
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.unit_b, moved_on=date(2026, 11, 5),
                     reason="项目转由自然资源局包联服务")
    project.refresh_from_db()
    assert project.introducing_unit == cast.unit_b
    # October ended before the move: the whole year to date stays with A, however late October is rebuilt.
    assert completed(OCTOBER, cast.unit_a) == ("3000.00", "2000.00")
    assert completed(OCTOBER, cast.unit_b) is None
    assert completed(SEPTEMBER, cast.unit_a) == ("1000.00", "0")
    # From November every figure of the project, March's and October's too, is B's.
    assert completed(NOVEMBER, cast.unit_b) == ("3000.00", "0")
    assert completed(NOVEMBER, cast.unit_a) is None
    # The bulletin published before the move is frozen with A.
    published.refresh_from_db()
    assert [r["name"] for r in published.content["rows"]] == ["经信局"]
    assert list(published.facts.values_list("row_key", flat=True)) == [f"u{cast.unit_a.pk}"]


def test_moved_within_the_month_counts_for_the_new_unit(cast, project):
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.park_unit, moved_on=date(2026, 10, 15),
                     reason="项目落户开发区，由管委会服务")
    assert completed(OCTOBER, cast.park_unit) == ("3000.00", "2000.00")
    assert completed(OCTOBER, cast.unit_a) is None
    assert completed(SEPTEMBER, cast.unit_a) == ("1000.00", "0")
    # Moved on again: each month's bulletin follows the unit of that month's end.
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.unit_b, moved_on=date(2026, 11, 2),
                     reason="调整包联单位")
    assert completed(SEPTEMBER, cast.unit_a) == ("1000.00", "0")
    assert completed(OCTOBER, cast.park_unit) == ("3000.00", "2000.00")
    assert completed(NOVEMBER, cast.unit_b) == ("3000.00", "0")


def reds(period) -> list[tuple[str, str]]:
    """The month's red items as (row, node)."""
    content = compute(gather(division_code="340882", period=period))
    return sorted((item["row_name"], item["node"]) for item in content["warnings"] if item["colour"] == "red")


def test_a_red_node_handed_over_with_the_project_is_the_old_units_before_the_move(cast, today):
    """Planned to start on 2026-05-01 and not started: 开工 (the introducing unit's) and 供地 (自然资源局's) are
    red in October and November. 开工 goes to the new unit on 5 November; 供地 never moves."""
    project = pipeline(cast, unit=cast.unit_a, signed_on=date(2026, 2, 10), start_plan=date(2026, 5, 1),
                       production_plan=date(2027, 3, 1))
    warnings_sweep(today=date(2026, 10, 31))
    project_transfer(acting_user=cast.bureau, project=project, to_unit=cast.park_unit, moved_on=date(2026, 11, 5),
                     reason="项目落户开发区，由管委会服务")
    warnings_sweep(today=date(2026, 11, 20))
    assert reds(OCTOBER) == [("经信局", "开工"), ("自然资源局", "供地")]
    assert reds(NOVEMBER) == [("安徽潜山经济开发区管委会", "开工"), ("自然资源局", "供地")]
