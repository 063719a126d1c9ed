"""Appeal clocks in working days across the real 2026 National Day (1–7 October off, Sunday 20 September and
Saturday 10 October worked), complex appeals at 30, per-category limits with inheritance, and overdue
derived from the clock, in Python and in SQL alike."""

from datetime import date, timedelta

import pytest

from chengjie.appeals.clock import DEFAULT_LIMITS, Limits, appeal_clocks
from chengjie.appeals.models import Appeal
from chengjie.appeals.selectors import appeal_list, with_clocks
from chengjie.appeals.services import appeal_category_create, appeal_category_update, appeal_set_complex
from chengjie.appeals.testing import at, file_appeal

pytestmark = pytest.mark.django_db


def _clocks(appeal, today):
    return {clock.step: clock for clock in with_clocks([Appeal.objects.get(pk=appeal.pk)], today=today)[0].clocks}


def test_the_defaults_are_domain_md_s():
    assert (DEFAULT_LIMITS.accept, DEFAULT_LIMITS.reply, DEFAULT_LIMITS.resolve, DEFAULT_LIMITS.complex_resolve) == (
        1, 3, 15, 30)


def test_an_appeal_filed_the_day_before_national_day(cast):
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast)
    clocks = _clocks(appeal, date(2026, 10, 8))
    assert clocks["accept"].due_on == date(2026, 10, 8)  # 1–7 October off: Thursday 8 October is the next working day
    assert clocks["reply"].due_on == date(2026, 10, 10)  # the 调休 Saturday counts as the third working day
    assert clocks["resolve"].due_on == date(2026, 10, 27)
    assert not any(clock.overdue for clock in clocks.values())
    assert _clocks(appeal, date(2026, 10, 9))["accept"].overdue_by == 1
    assert _clocks(appeal, date(2026, 10, 10))["accept"].overdue_by == 2
    assert _clocks(appeal, date(2026, 10, 11))["accept"].overdue_by == 2  # Sunday 11 October is off
    assert _clocks(appeal, date(2026, 10, 12))["reply"].overdue_by == 1


def test_the_worked_sunday_before_the_holiday_counts(cast):
    with at("2026-09-18 16:00"):  # Friday; Saturday 19 off, Sunday 20 September worked
        appeal = file_appeal(cast)
    clocks = _clocks(appeal, date(2026, 9, 20))
    assert clocks["accept"].due_on == date(2026, 9, 20)
    assert clocks["reply"].due_on == date(2026, 9, 22)


def test_a_complex_appeal_has_thirty_working_days_to_resolve(cast):
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, stage="accepted")
        appeal = appeal_set_complex(acting_user=cast.bureau, appeal=appeal, is_complex=True, reason="涉及多个部门协调")
    clocks = _clocks(appeal, date(2026, 10, 28))
    assert clocks["resolve"].limit == 30 and clocks["resolve"].due_on == date(2026, 11, 17)
    assert not clocks["resolve"].overdue  # a simple appeal would be a day late by now
    assert _clocks(appeal, date(2026, 11, 18))["resolve"].overdue_by == 1


def test_a_step_done_late_stays_late_by_the_days_it_took(cast):
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, stage="routed")
    with at("2026-10-12 09:00"):
        from chengjie.appeals.services import appeal_accept

        appeal_accept(acting_user=cast.clerk_a, appeal=appeal)
    accept = _clocks(appeal, date(2026, 10, 30))["accept"]
    assert accept.done_on == date(2026, 10, 12) and accept.overdue_by == 3  # 9, 10 (Saturday worked), 12 October


def test_category_limits_are_inherited_and_follow_a_change_at_once(cast):
    top = appeal_category_create(acting_user=cast.bureau, name="政务服务", reply_workdays=2, resolve_workdays=10)
    middle = appeal_category_create(acting_user=cast.bureau, name="审批服务", parent=top, accept_workdays=2)
    leaf = appeal_category_create(acting_user=cast.bureau, name="工程建设项目审批", parent=middle)
    limits = Limits.for_county("340882")
    assert limits.of(leaf.pk) == limits.of(middle.pk)
    assert (limits.of(leaf.pk).accept, limits.of(leaf.pk).reply, limits.of(leaf.pk).resolve,
            limits.of(leaf.pk).complex_resolve) == (2, 2, 10, 30)
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, category=leaf)
    clocks = _clocks(appeal, date(2026, 10, 9))
    assert clocks["accept"].due_on == date(2026, 10, 9) and not clocks["accept"].overdue
    assert clocks["reply"].due_on == date(2026, 10, 9)
    assert clocks["resolve"].due_on == date(2026, 10, 20)
    appeal_category_update(acting_user=cast.bureau, category=top, resolve_workdays=20)
    assert _clocks(appeal, date(2026, 10, 9))["resolve"].due_on == date(2026, 11, 3)


def test_the_overdue_filter_agrees_with_every_appeal_s_clocks_day_by_day(cast):
    """The list filters late appeals in SQL; the page shows each one's clocks in Python. Both must say the
    same on every day around the holiday, for each step and limit."""
    quick = appeal_category_create(acting_user=cast.bureau, name="水电气", accept_workdays=2, reply_workdays=2,
                                   resolve_workdays=5, complex_workdays=8)
    made = []
    for moment, stage, category, complex_ in [
            ("2026-09-24 17:00", "filed", None, False), ("2026-09-25 10:00", "routed", quick, False),
            ("2026-09-27 11:00", "accepted", None, False), ("2026-09-29 09:30", "replied", quick, False),
            ("2026-09-30 23:50", "accepted", quick, True), ("2026-10-03 08:00", "replied", None, True),
            ("2026-09-18 15:00", "replied", None, False), ("2026-10-09 00:10", "closed", None, False)]:
        with at(moment):
            appeal = file_appeal(cast, stage=stage, category=category, subject=f"{moment} {stage}")
            if complex_:
                appeal_set_complex(acting_user=cast.bureau, appeal=appeal, is_complex=True, reason="跨部门")
        made.append(appeal)
    day = date(2026, 9, 24)
    while day <= date(2026, 11, 30):
        in_sql = {appeal.pk for appeal in appeal_list(user=cast.bureau, overdue=True, today=day)}
        by_clock = {appeal.pk for appeal in with_clocks(Appeal.objects.all(), today=day)
                    if appeal.is_open and any(clock.overdue and clock.is_open for clock in appeal.clocks)}
        assert in_sql == by_clock, day
        day += timedelta(days=1)
    assert by_clock == {appeal.pk for appeal in made[:-1]}  # all but the closed one are late by the end of November


def test_a_year_without_holiday_data_is_flagged(cast, client):
    from chengjie.core.testing import login_as

    with at("2026-12-20 10:00"):
        appeal = file_appeal(cast)
    clocks = appeal_clocks(appeal, Limits.for_county("340882"), today=date(2026, 12, 21))
    assert clocks[2].due_on == date(2027, 1, 8)  # counted Monday–Friday in 2027, New Year's Day included
    login_as(client, cast.bureau)
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "2027 年的节假日安排尚未导入" in page
    assert "2027 年的节假日安排尚未导入" in client.get("/appeals/").content.decode()  # the list says so too
    with at("2026-09-30 10:00"):
        inside = file_appeal(cast, subject="国庆前的诉求")
    assert "节假日安排尚未导入" not in client.get(f"/appeals/{inside.pk}/").content.decode()
    assert "节假日安排尚未导入" not in client.get("/appeals/?q=国庆前").content.decode()
