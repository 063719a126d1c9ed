"""Per-unit appeal figures and the 12345 hotline metrics, on a worked example whose every number is counted
by hand in the comments (the definitions are in chengjie/appeals/stats.py)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from chengjie.appeals.importer.services import appeals_import
from chengjie.appeals.selectors import appeals_for_enterprise, unit_appeal_stats, with_clocks
from chengjie.appeals.services import (
    appeal_accept,
    appeal_close,
    appeal_rate,
    appeal_reply,
    appeal_return,
    appeal_route,
)
from chengjie.appeals.testing import at, file_appeal

from .exports import xlsx_export, xlsx_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked_example(cast):
    clerk = cast.clerk_a
    # a1: accepted at once, answered and closed on 9 October (2 working days after receipt, 9 calendar days).
    with at("2026-09-30 10:00"):
        a1 = file_appeal(cast, stage="accepted", subject="a1")
    with at("2026-10-09 10:00"):
        appeal_reply(acting_user=clerk, appeal=a1, text="已处理")
        appeal_close(acting_user=clerk, appeal=a1, result="已处理", resolved=True)
    with at("2026-10-09 11:00"):
        appeal_rate(acting_user=cast.enterprise, appeal=a1, satisfaction="satisfied")
    # a2: accepted late (due 8 October), closed unsolved, rated 不满意, reopened, closed again on 13 October.
    with at("2026-09-30 10:00"):
        a2 = file_appeal(cast, stage="routed", subject="a2")
    with at("2026-10-12 09:00"):
        appeal_accept(acting_user=clerk, appeal=a2)
        appeal_reply(acting_user=clerk, appeal=a2, text="正在协调")
        appeal_close(acting_user=clerk, appeal=a2, result="暂未解决", resolved=False)
    with at("2026-10-12 10:00"):
        appeal_rate(acting_user=cast.enterprise, appeal=a2, satisfaction="dissatisfied", comment="没解决")
    with at("2026-10-13 10:00"):
        appeal_reply(acting_user=clerk, appeal=a2, text="已解决")
        appeal_close(acting_user=clerk, appeal=a2, result="已解决", resolved=True)
    with at("2026-10-13 11:00"):
        appeal_rate(acting_user=cast.enterprise, appeal=a2, satisfaction="basic")
    # a3: routed on 9 October and never accepted.
    with at("2026-10-09 10:00"):
        file_appeal(cast, stage="routed", subject="a3")
    # a4: routed to unit A, returned by it, now with unit B (not accepted there either).
    with at("2026-10-09 10:00"):
        a4 = file_appeal(cast, stage="routed", subject="a4")
    with at("2026-10-09 11:00"):
        appeal_return(acting_user=clerk, appeal=a4, reason="属于自然资源局")
    with at("2026-10-09 12:00"):
        appeal_route(acting_user=cast.bureau, appeal=a4, unit=cast.unit_b)
    # a5: a 12345 ticket of unit A, closed after the platform's promised date, returned once, redone once.
    with at("2026-10-21 09:00"):
        appeals_import(acting_user=cast.bureau, file_name="12345.xlsx", source=xlsx_export([xlsx_row(
            "QS9", 来电时间=datetime(2026, 10, 10, 10, 0), 派发时间=datetime(2026, 10, 10, 14, 0),
            处理时限=datetime(2026, 10, 15, 18, 0), 办结时间=datetime(2026, 10, 20, 10, 0), 是否解决="否",
            满意度="不满意", 退回次数=1, 重办次数=1)]))
    # a6: received after the period, open and late by the day the figures are taken.
    with at("2026-11-02 10:00"):
        file_appeal(cast, stage="routed", subject="a6")
    return cast


def test_unit_figures_and_hotline_metrics(worked_example):
    cast = worked_example
    stats = unit_appeal_stats(units=[cast.unit_a, cast.unit_b, cast.park_unit], start=date(2026, 9, 1),
                              end=date(2026, 10, 31), today=date(2026, 11, 20))
    a = stats[cast.unit_a.pk]
    assert a.received == 5  # a1, a2, a3, a5 with the unit now, and a4 it returned
    assert a.closed == 3  # a1, a2, a5
    assert (a.on_time, a.on_time_rate) == (2, Decimal("66.7"))  # a5 missed the platform's 15 October
    assert (a.rated, a.satisfied, a.satisfaction_rate) == (4, 2, Decimal("50.0"))  # a2's 不满意 still counts
    assert a.overdue == 2  # a3 and a6: open past the acceptance limit today, whatever their date
    assert a.average_workdays_to_close == Decimal("4.7")  # (2 + 5 + 7) / 3
    assert a.average_days_to_close == Decimal("10.7")  # (9 + 13 + 10) / 3
    assert (a.accepted_on_time, a.response_rate) == (2, Decimal("50.0"))  # a1 and a5 of the four it has
    assert (a.resolved, a.resolution_rate) == (2, Decimal("66.7"))
    assert (a.returned, a.return_rate) == (2, Decimal("40.0"))  # a4 here, a5 on the platform
    assert (a.redone, a.redo_rate) == (2, Decimal("66.7"))  # a2 here, a5 on the platform
    b = stats[cast.unit_b.pk]
    assert (b.received, b.closed, b.overdue, b.response_rate) == (1, 0, 1, Decimal("0.0"))
    assert b.on_time_rate is None and b.satisfaction_rate is None and b.average_workdays_to_close is None
    park = stats[cast.park_unit.pk]
    assert (park.received, park.response_rate, park.return_rate, park.redo_rate) == (0, None, None, None)


def test_the_firm_s_own_appeals_with_their_clocks(worked_example):
    cast = worked_example
    mine = with_clocks(appeals_for_enterprise(enterprise=cast.firm), today=date(2026, 11, 20))
    assert [appeal.subject for appeal in mine][:2] == ["a6", "企业招工难"]
    assert {appeal.subject for appeal in mine} >= {"a1", "a2", "a3", "a4", "a6"}
    a3 = next(appeal for appeal in mine if appeal.subject == "a3")
    assert a3.clock.step == "accept" and a3.clock.overdue and a3.level == 2
