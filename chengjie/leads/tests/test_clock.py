"""Working-day limits of the loop's steps, across the real 2026 National Day holiday (1–7 October off,
Saturday 10 October worked), the county's own limits, and overdue derived from the clock, never stored."""

from datetime import date, timedelta

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.leads.clock import DEFAULT_LIMITS
from chengjie.leads.models import Lead, LeadStepLimit
from chengjie.leads.selectors import lead_history, lead_list, step_limits, with_clocks
from chengjie.leads.services import lead_follow_up, lead_step_limits_set

from .conftest import advance, at, register

pytestmark = pytest.mark.django_db
Step = Lead.Step


def _clock(cast, lead, today):
    return with_clocks([Lead.objects.get(pk=lead.pk)], user=cast.bureau, today=today)[0].clock


def test_the_defaults_are_domain_md_s():
    assert DEFAULT_LIMITS == {Step.COLLECTED: 1, Step.SCREENED: 3, Step.ASSESSED: 1, Step.ASSIGNED: 7,
                              Step.FOLLOWING: 10}


def test_a_lead_registered_the_day_before_national_day_is_due_after_the_holiday(cast):
    with at("2026-09-30 10:00"):
        lead = register(cast)
    clock = _clock(cast, lead, date(2026, 10, 8))
    assert clock.entered_on == date(2026, 9, 30) and clock.limit == 1
    assert clock.due_on == date(2026, 10, 8)  # 1–7 October are off; Thursday 8 October is the first working day
    assert not clock.overdue
    assert _clock(cast, lead, date(2026, 10, 9)).overdue_by == 1
    assert _clock(cast, lead, date(2026, 10, 10)).overdue_by == 2  # Saturday 10 October is a 调休 working day
    assert _clock(cast, lead, date(2026, 10, 11)).overdue_by == 2  # Sunday 11 October is not


def test_the_assessment_limit_lands_on_the_worked_saturday(cast):
    with at("2026-09-30 09:00"):
        lead = advance(cast, register(cast), Step.SCREENED)
    clock = _clock(cast, lead, date(2026, 10, 9))
    assert clock.limit == 3 and clock.due_on == date(2026, 10, 10) and not clock.overdue
    assert _clock(cast, lead, date(2026, 10, 12)).overdue_by == 1


def test_the_overdue_filter_agrees_with_every_lead_s_clock_day_by_day(cast):
    """The list filters late leads in SQL; the page shows each lead's clock in Python. Both must say the
    same thing on every day around the holiday, for every step."""
    leads = []
    for moment, step in [("2026-09-24 17:00", Step.COLLECTED), ("2026-09-25 10:00", Step.COLLECTED),
                         ("2026-09-27 11:00", Step.SCREENED), ("2026-09-29 09:30", Step.ASSESSED),
                         ("2026-09-30 23:50", Step.COLLECTED), ("2026-10-03 08:00", Step.ASSIGNED),
                         ("2026-09-18 15:00", Step.FOLLOWING), ("2026-10-09 00:10", Step.SCREENED)]:
        with at(moment):
            leads.append(advance(cast, register(cast, title=f"{moment} {step}"), step))
    day = date(2026, 9, 24)
    while day <= date(2026, 10, 31):
        in_sql = {lead.pk for lead in lead_list(user=cast.bureau, overdue=True, today=day)}
        by_clock = {lead.pk for lead in with_clocks(Lead.objects.all(), user=cast.bureau, today=day)
                    if lead.clock.overdue}
        assert in_sql == by_clock, day
        day += timedelta(days=1)
    assert by_clock == {lead.pk for lead in leads}  # by the end of October every one of them is late


def test_a_county_sets_its_own_limits_and_the_audit_says_what_changed(cast):
    with at("2026-09-30 10:00"):
        lead = register(cast)
    limits = lead_step_limits_set(acting_user=cast.bureau, limits={Step.COLLECTED: 3, Step.FOLLOWING: 10})
    assert limits[Step.COLLECTED] == 3 and limits[Step.FOLLOWING] == 10
    assert list(LeadStepLimit.objects.values_list("step", "workdays")) == [(Step.COLLECTED, 3)]
    assert _clock(cast, lead, date(2026, 10, 9)).due_on == date(2026, 10, 10)
    assert not lead_list(user=cast.bureau, overdue=True, today=date(2026, 10, 10)).exists()
    assert lead_list(user=cast.bureau, overdue=True, today=date(2026, 10, 12)).get() == lead
    event = AuditEvent.objects.get(event="lead_step_limit.set")
    assert event.before == {} and event.after == {"collected": 3} and event.object_id == "340882"
    lead_step_limits_set(acting_user=cast.bureau, limits={Step.COLLECTED: None})
    assert not LeadStepLimit.objects.exists()
    assert [row["workdays"] for row in step_limits(county="340882")] == [1, 3, 1, 7, 10]


def test_limits_are_refused_out_of_range_and_to_units(cast):
    with pytest.raises(DomainError) as error:
        lead_step_limits_set(acting_user=cast.bureau, limits={Step.SCREENED: 0})
    assert error.value.field == Step.SCREENED and "1–60" in error.value.message
    with pytest.raises(DomainError):
        lead_step_limits_set(acting_user=cast.bureau, limits={Step.CONVERTED: 5})
    with pytest.raises(DomainError) as error:
        lead_step_limits_set(acting_user=cast.clerk_a, limits={Step.SCREENED: 5})
    assert error.value.code == "forbidden"


def test_another_county_s_limits_do_not_apply(cast):
    LeadStepLimit.objects.create(division_id="340881", step=Step.COLLECTED, workdays=20)
    with at("2026-09-30 10:00"):
        lead = register(cast)
    assert _clock(cast, lead, date(2026, 10, 9)).overdue_by == 1
    assert lead_list(user=cast.bureau, overdue=True, today=date(2026, 10, 9)).get() == lead


def test_reports_every_two_weeks_each_restart_the_clock(cast):
    with at("2026-11-02 09:00"):
        lead = advance(cast, register(cast), Step.FOLLOWING)
    assert _clock(cast, lead, date(2026, 11, 16)).due_on == date(2026, 11, 16)
    assert _clock(cast, lead, date(2026, 11, 17)).overdue_by == 1
    with at("2026-11-13 16:00"):
        lead_follow_up(acting_user=cast.clerk_a, lead=lead, note="投资方已来潜考察选址")
    clock = _clock(cast, lead, date(2026, 11, 17))
    assert clock.entered_on == date(2026, 11, 13) and clock.due_on == date(2026, 11, 27) and not clock.overdue


def test_the_step_log_shows_each_stay_with_its_clock(cast):
    with at("2026-09-29 10:00"):
        lead = register(cast)
    with at("2026-10-09 11:00"):  # screened two working days late (due 30 September)
        lead = advance(cast, lead, Step.SCREENED)
    history = lead_history(lead=lead, today=date(2026, 10, 12))
    collected, screened = (entry["clock"] for entry in history)
    assert collected.due_on == date(2026, 9, 30) and collected.ended_on == date(2026, 10, 9)
    assert collected.overdue_by == 2 and not collected.is_open
    assert screened.is_open and screened.due_on == date(2026, 10, 13) and screened.overdue_by == 0
    assert [entry["row"].by for entry in history] == [cast.clerk_a, cast.bureau]
