"""The working-day arithmetic, pinned to the State Council's 2025 and 2026 notices (as the chinesecalendar
package carries them) and to the Monday–Friday fallback of a year nobody has published yet."""

from datetime import date, timedelta

import pytest

from chengjie.core.request_context import acting_as
from chengjie.workcalendar import workdays
from chengjie.workcalendar.models import CalendarRevision, DayOverride
from chengjie.workcalendar.workdays import Source

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.mark.parametrize("day", ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
                                 "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
def test_adjusted_weekend_days_of_the_notices_are_workdays(day):
    assert D(day).weekday() >= 5
    assert workdays.is_workday(D(day))


@pytest.mark.parametrize("day", ["2025-01-28", "2025-01-31", "2025-02-03", "2025-02-04", "2025-10-01", "2025-10-08",
                                 "2026-02-16", "2026-02-23", "2026-10-01", "2026-10-05", "2026-10-07"])
def test_statutory_holidays_on_weekdays_are_off(day):
    assert D(day).weekday() < 5
    assert not workdays.is_workday(D(day))


def test_ordinary_weekdays_work_and_ordinary_weekends_rest():
    assert workdays.is_workday(D("2026-11-27"))  # a Friday
    assert not workdays.is_workday(D("2026-11-28"))  # a Saturday


def test_national_day_2026_counts_six_workdays_where_mon_fri_would_count_ten():
    # 09-28..09-30 work, 10-01..10-07 off, 10-08 and 10-09 work, Saturday 10-10 worked back, Sunday 10-11 off.
    assert workdays.workdays_between(D("2026-09-28"), D("2026-10-11")) == 6


def test_national_day_2025_counts_the_sunday_and_saturday_worked_back():
    # Sunday 09-28 worked, 09-29 and 09-30 work, 10-01..10-08 off, 10-09 and 10-10 work, Saturday 10-11 worked.
    assert workdays.workdays_between(D("2025-09-28"), D("2025-10-12")) == 6


def test_workdays_between_counts_both_ends_of_the_closed_interval():
    assert workdays.workdays_between(D("2026-11-27"), D("2026-11-27")) == 1
    assert workdays.workdays_between(D("2026-11-23"), D("2026-11-27")) == 5


def test_workdays_between_an_end_before_the_start_is_zero():
    assert workdays.workdays_between(D("2026-11-27"), D("2026-11-23")) == 0


def test_workdays_between_spans_years():
    assert workdays.workdays_between(D("2025-01-01"), D("2026-12-31")) == (
        workdays.workdays_between(D("2025-01-01"), D("2025-12-31"))
        + workdays.workdays_between(D("2026-01-01"), D("2026-12-31")))
    # Both years: 261 weekdays, 18 (2025) / 19 (2026) of them holidays, 5 / 6 weekend days worked back.
    assert workdays.workdays_between(D("2025-01-01"), D("2025-12-31")) == 261 - 18 + 5
    assert workdays.workdays_between(D("2026-01-01"), D("2026-12-31")) == 261 - 19 + 6


def test_add_workdays_jumps_the_national_day_holiday():
    assert workdays.add_workdays(D("2026-09-30"), 1) == D("2026-10-08")
    assert workdays.add_workdays(D("2026-09-30"), 3) == D("2026-10-10")  # the Saturday worked back


def test_add_workdays_lands_on_the_sunday_worked_before_spring_festival():
    assert workdays.add_workdays(D("2025-01-24"), 1) == D("2025-01-26")
    assert workdays.add_workdays(D("2025-01-27"), 1) == D("2025-02-05")


def test_add_workdays_backwards_skips_the_holiday():
    assert workdays.add_workdays(D("2026-10-12"), -3) == D("2026-10-08")
    assert workdays.add_workdays(D("2026-10-08"), -1) == D("2026-09-30")


def test_add_workdays_crosses_new_year_both_ways():
    assert workdays.add_workdays(D("2025-12-31"), 1) == D("2026-01-04")  # 01-01..01-03 off, Sunday 01-04 worked
    assert workdays.add_workdays(D("2026-01-04"), -1) == D("2025-12-31")


def test_add_workdays_never_counts_the_start_day_itself():
    # A request filed on a holiday with a one-day limit is due on the first working day after it.
    assert workdays.add_workdays(D("2026-10-03"), 1) == D("2026-10-08")
    assert workdays.add_workdays(D("2026-11-27"), 1) == D("2026-11-30")


def test_add_zero_workdays_is_the_day_itself_even_on_a_holiday():
    assert workdays.add_workdays(D("2026-10-01"), 0) == D("2026-10-01")


def test_add_workdays_and_workdays_between_agree():
    start = D("2025-09-15")  # a Monday, so stepping back n working days returns to it
    for n in range(1, 300):
        end = workdays.add_workdays(start, n)
        assert workdays.is_workday(end)
        assert workdays.workdays_between(start + timedelta(days=1), end) == n
        assert workdays.add_workdays(end, -n) == start


def test_years_of_the_package_say_where_they_come_from():
    status = workdays.year_status(2026)
    assert status.source == Source.PACKAGE and not status.missing
    assert workdays.missing_years_between(D("2025-01-01"), D("2026-12-31")) == []


def test_a_year_without_data_falls_back_to_monday_to_friday_and_is_reported_missing():
    assert workdays.year_status(2031).missing
    assert workdays.is_workday(D("2031-10-01"))  # a Wednesday: without a notice nobody knows it is 国庆
    assert not workdays.is_workday(D("2031-10-04"))
    assert workdays.workdays_between(D("2031-09-29"), D("2031-10-05")) == 5
    assert workdays.add_workdays(D("2031-10-03"), 1) == D("2031-10-06")
    assert workdays.missing_years_between(D("2030-12-31"), D("2031-01-01")) == [2030, 2031]
    assert workdays.missing_years_between(D("2031-01-01"), D("2030-06-01")) == [2030, 2031]


def test_the_missing_message_names_the_years_and_the_fallback():
    message = workdays.missing_years_message([2030, 2031])
    assert "2030、2031 年" in message and "周一至周五" in message


def test_special_days_list_the_holidays_and_the_days_worked_back():
    days = {entry.date: entry for entry in workdays.special_days(2026)}
    assert days[D("2026-10-01")].is_off_day and days[D("2026-10-01")].name == "国庆节"
    assert days[D("2026-10-10")].is_adjusted_workday
    assert days[D("2026-02-14")].name == "春节"
    assert workdays.special_days(2031) == []


def test_a_date_past_the_calendar_is_an_overflow_not_a_crash():
    with pytest.raises(OverflowError):
        workdays.add_workdays(date(9999, 12, 30), 5)


def test_another_process_write_is_seen_at_the_next_request_not_mid_request():
    with acting_as("job"):
        assert workdays.is_workday(D("2031-10-01"))
        # Another process sets the day and changes the revision token; this one did not write.
        DayOverride.objects.create(day=D("2031-10-01"), is_off_day=True, reason="测试", set_at="2026-11-27T00:00Z")
        CalendarRevision.objects.update_or_create(pk=1, defaults={"token": "other-process"})
        assert workdays.is_workday(D("2031-10-01")), "one request or job sees one calendar"
    with acting_as("job"):
        assert not workdays.is_workday(D("2031-10-01"))


def test_one_request_reads_the_revision_once(django_assert_num_queries):
    with acting_as("job"):
        workdays.is_workday(D("2026-10-01"))
        with django_assert_num_queries(0):
            for n in range(1, 200):
                workdays.add_workdays(D("2026-09-01"), n)
                workdays.workdays_between(D("2026-01-01"), D("2026-12-31"))
