"""The working-day clock, pinned to the State Council's 2025 and 2026 notices as imported into the
calendar: Spring Festival and National Day with their 调休 workdays, stops spanning a holiday, the
acceptance window, and a deadline at the end of a year whose successor has no notice."""

from datetime import date

import pytest

from chengjie.approvals.clock import Status, compute
from chengjie.approvals.models import ApprovalRequest
from chengjie.workcalendar.workdays import Source, year_status

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def clock(*, received="2026-02-06", accepted="2026-02-06", limit=20, stops=(), decided=None, today="2026-02-06",
          deemed=True):
    return compute(received_on=D(received), accepted_on=D(accepted) if accepted else None, limit=limit,
                   stops=[(event, D(start), D(end) if end else None, before, "原因")
                          for event, start, end, before in stops],
                   decided_on=D(decided) if decided else None, deemed_applies=deemed, today=D(today))


def test_the_notices_are_the_source_of_2025_and_2026(notices):
    assert year_status(2025).source == Source.NOTICE
    assert year_status(2026).source == Source.NOTICE
    assert year_status(2027).missing


def test_limit_spanning_spring_festival_2026_skips_the_nine_days_off_and_counts_both_saturdays_worked(notices):
    # Accepted Friday 02-06. Saturday 02-14 is worked (day 6), 02-15..02-23 are off, Saturday 02-28 is
    # worked (day 11); the 20th working day is Thursday 03-12 (Monday–Friday alone would say 03-06).
    assert clock(limit=6).deadline == D("2026-02-14")
    assert clock(limit=7).deadline == D("2026-02-24")
    assert clock(limit=11).deadline == D("2026-02-28")
    spring = clock(limit=20, today="2026-03-02")
    assert spring.deadline == D("2026-03-12")
    assert spring.used == 12  # 02-09..02-14 (6), 02-24..02-28 (5), 03-02
    assert spring.left == 8


def test_limit_spanning_national_day_2026_counts_sunday_0920_and_saturday_1010(notices):
    # Accepted Wednesday 09-16: 09-17, 09-18, Sunday 09-20 (worked), 09-21..09-24, Mid-Autumn 09-25..09-27
    # off, 09-28..09-30, National Day 10-01..10-07 off, 10-08, 10-09, Saturday 10-10 (worked) is day 13.
    national = clock(received="2026-09-16", accepted="2026-09-16", limit=13, today="2026-10-09")
    assert national.deadline == D("2026-10-10")
    assert national.used == 12
    assert not national.ran_out


def test_one_long_limit_spans_spring_festival_and_national_day_2026(notices):
    # Accepted Friday 02-13: its 1st working day is Saturday 02-14 and its 158th the Saturday 10-10 worked
    # back after National Day, across every 2026 holiday from Spring Festival to National Day.
    long = clock(received="2026-02-13", accepted="2026-02-13", limit=158, today="2026-02-14")
    assert long.used == 1
    assert long.deadline == D("2026-10-10")
    shorter = clock(received="2026-02-13", accepted="2026-02-13", limit=157, today="2026-02-14")
    assert shorter.deadline == D("2026-10-09")


def test_a_return_for_supplements_spanning_national_day_takes_off_only_its_working_days(notices):
    # Accepted Tuesday 09-22 with 10 working days: due 10-13 without a stop. Returned Tuesday 09-29 after
    # 4 days (09-23, 09-24, 09-28, 09-29); resubmitted Friday 10-09. Ten calendar days, but only 09-30,
    # 10-08 and 10-09 were working days: the deadline moves 3 working days, to Friday 10-16.
    assert clock(received="2026-09-22", accepted="2026-09-22", limit=10).deadline == D("2026-10-13")
    stopped = clock(received="2026-09-22", accepted="2026-09-22", limit=10, today="2026-10-09",
                    stops=[("supplement", "2026-09-29", "2026-10-09", False)])
    assert stopped.deadline == D("2026-10-16")
    assert stopped.used == 4
    assert stopped.periods[0].counted_workdays == 3


def test_while_stopped_there_is_no_deadline_and_the_clock_cannot_run_out(notices):
    paused = clock(received="2026-09-22", accepted="2026-09-22", limit=10, today="2026-11-30",
                   stops=[("expert_review", "2026-09-29", None, False)])
    assert paused.deadline is None
    assert paused.used == 4
    assert paused.stopped_by.event == "expert_review"
    assert not paused.ran_out


def test_the_clock_starts_at_acceptance_within_five_working_days(notices):
    # Received Monday 09-28; the 5 working days run 09-29, 09-30, 10-08, 10-09 and Saturday 10-10 across
    # National Day. Accepted 10-08: the clock starts 10-08.
    on_time = clock(received="2026-09-28", accepted="2026-10-08", limit=3, today="2026-10-08")
    assert on_time.acceptance_due_on == D("2026-10-10")
    assert on_time.started_on == D("2026-10-08")
    assert not on_time.deemed_accepted
    assert on_time.deadline == D("2026-10-12")


def test_left_unaccepted_past_five_working_days_the_clock_runs_from_receipt(notices):
    # 行政许可法第三十二条: 逾期不告知的，自收到申请材料之日起即为受理.
    waiting = clock(received="2026-09-28", accepted=None, limit=3, today="2026-10-10")
    assert waiting.started_on is None
    late = clock(received="2026-09-28", accepted=None, limit=3, today="2026-10-12")
    assert late.started_on == D("2026-09-28")
    assert late.deemed_accepted
    assert late.deadline == D("2026-10-08")
    assert late.ran_out
    accepted_late = clock(received="2026-09-28", accepted="2026-10-12", limit=3, today="2026-10-12")
    assert accepted_late.started_on == D("2026-09-28")


def test_a_return_before_acceptance_holds_the_window_until_the_firm_resubmits(notices):
    returned = clock(received="2026-09-28", accepted=None, limit=3, today="2026-11-30",
                     stops=[("supplement", "2026-09-29", None, True)])
    assert returned.started_on is None
    assert returned.stopped_by.before_acceptance


def test_a_deadline_on_the_last_working_day_of_2026_warns_that_2027_has_no_notice(notices):
    # Accepted Thursday 12-24 with 5 working days: 12-25, 12-28, 12-29, 12-30, 12-31. The deadline is in
    # 2026, but the late unit's document would be due on 2027's first working day, counted Monday–Friday.
    year_end = clock(received="2026-12-24", accepted="2026-12-24", limit=5, today="2026-12-24")
    assert year_end.deadline == D("2026-12-31")
    assert year_end.document_due_on == D("2027-01-01")
    assert year_end.missing_years == [2027]
    excluded = clock(received="2026-12-24", accepted="2026-12-24", limit=5, today="2026-12-24", deemed=False)
    assert excluded.missing_years == []


def test_a_decision_on_the_deadline_is_on_time_and_the_day_after_is_not(notices):
    assert not clock(limit=20, decided="2026-03-12", today="2026-03-20").ran_out
    late = clock(limit=20, decided="2026-03-13", today="2026-03-20")
    assert late.ran_out
    assert late.overdue_by == 1


@pytest.mark.parametrize(("state", "deemed", "today", "expected"), [
    (ApprovalRequest.State.ACCEPTED, True, "2026-03-12", Status.RUNNING),
    (ApprovalRequest.State.ACCEPTED, True, "2026-03-13", Status.DEEMED),
    (ApprovalRequest.State.ACCEPTED, False, "2026-03-13", Status.OVERDUE),
    (ApprovalRequest.State.SUBMITTED, True, "2026-02-06", Status.SUBMITTED),
])
def test_status_is_derived_from_the_clock(notices, state, deemed, today, expected):
    from chengjie.approvals.clock import status_of

    request = ApprovalRequest(state=state, decided_on=None)
    accepted = "2026-02-06" if state == ApprovalRequest.State.ACCEPTED else None
    assert status_of(request, clock(accepted=accepted, limit=20, deemed=deemed, today=today)) == expected
