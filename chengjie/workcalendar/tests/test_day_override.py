"""The system administrator sets one day by hand: it wins over the notice and the package, is audited,
is refused when it would change nothing, and can be reverted."""

from datetime import date

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.workcalendar import workdays
from chengjie.workcalendar.models import DayOverride
from chengjie.workcalendar.services import day_override_revert, day_override_set, holiday_notice_import

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def test_a_local_holiday_on_a_weekday_stops_the_clock(sys_admin):
    assert workdays.add_workdays(D("2026-12-03"), 1) == D("2026-12-04")
    day_override_set(acting_user=sys_admin, day=D("2026-12-04"), is_off_day=True, name="县庆",
                     reason="潜政〔2026〕88号")
    assert not workdays.is_workday(D("2026-12-04"))
    assert workdays.add_workdays(D("2026-12-03"), 1) == D("2026-12-07")
    entry = next(day for day in workdays.special_days(2026) if day.date == D("2026-12-04"))
    assert (entry.origin, entry.name, entry.reason) == ("override", "县庆", "潜政〔2026〕88号")


def test_a_hand_set_day_wins_over_an_imported_notice(sys_admin, notice_2031):
    holiday_notice_import(acting_user=sys_admin, content=notice_2031)
    day_override_set(acting_user=sys_admin, day=D("2031-10-07"), is_off_day=False, reason="通知更正")
    assert workdays.is_workday(D("2031-10-07"))
    holiday_notice_import(acting_user=sys_admin, content=notice_2031)
    assert workdays.is_workday(D("2031-10-07")), "a re-import does not silently drop a hand-set day"


def test_a_hand_set_day_does_not_make_a_missing_year_complete(sys_admin):
    day_override_set(acting_user=sys_admin, day=D("2031-10-01"), is_off_day=True, name="国庆节", reason="预先录入")
    assert not workdays.is_workday(D("2031-10-01"))
    assert workdays.year_status(2031).missing


def test_a_weekend_worked_back_by_hand(sys_admin):
    day_override_set(acting_user=sys_admin, day=D("2031-09-28"), is_off_day=False, reason="调休")
    assert workdays.is_workday(D("2031-09-28"))
    assert workdays.special_days(2031)[0].is_adjusted_workday


def test_setting_and_reverting_are_audited(sys_admin):
    override = day_override_set(acting_user=sys_admin, day=D("2031-10-01"), is_off_day=True, reason="预先录入")
    day_override_set(acting_user=sys_admin, day=D("2031-10-01"), is_off_day=True, reason="依据通知")
    day_override_revert(acting_user=sys_admin, day=D("2031-10-01"))
    events = list(AuditEvent.objects.filter(object_type="workcalendar.dayoverride").order_by("seq"))
    assert [event.event for event in events] == ["calendar.day_set", "calendar.day_set", "calendar.day_reverted"]
    assert events[0].before is None and events[0].after["reason"] == "预先录入"
    assert events[1].before["reason"] == "预先录入" and events[1].after["reason"] == "依据通知"
    assert events[2].before["day"] == "2031-10-01" and events[2].after is None
    assert all(event.object_id == str(override.pk) for event in events)
    assert not DayOverride.objects.exists()
    assert workdays.is_workday(D("2031-10-01"))


def test_a_day_already_so_by_its_source_is_refused(sys_admin):
    with pytest.raises(DomainError) as refused:
        day_override_set(acting_user=sys_admin, day=D("2026-10-01"), is_off_day=True, reason="重复")
    assert "2026-10-01 按该年的节假日来源本来就是休息日" in refused.value.message
    assert not DayOverride.objects.exists() and not AuditEvent.objects.exists()


def test_naming_a_weekend_day_of_a_missing_year_is_allowed(sys_admin):
    # Entering a holiday week by hand includes its Saturday and Sunday, off anyway but part of the holiday.
    day_override_set(acting_user=sys_admin, day=D("2031-10-04"), is_off_day=True, name="国庆节", reason="预先录入")
    assert workdays.special_days(2031)[0].name == "国庆节"


def test_setting_the_source_value_back_points_to_revert(sys_admin):
    day_override_set(acting_user=sys_admin, day=D("2031-10-01"), is_off_day=True, reason="预先录入")
    with pytest.raises(DomainError) as refused:
        day_override_set(acting_user=sys_admin, day=D("2031-10-01"), is_off_day=False, reason="改回")
    assert "恢复" in refused.value.message
    assert not workdays.is_workday(D("2031-10-01"))


def test_the_same_edit_twice_is_refused(sys_admin):
    day_override_set(acting_user=sys_admin, day=D("2031-10-01"), is_off_day=True, reason="预先录入")
    with pytest.raises(DomainError, match="没有变化"):
        day_override_set(acting_user=sys_admin, day=D("2031-10-01"), is_off_day=True, reason="预先录入")


def test_a_reason_is_required(sys_admin):
    with pytest.raises(DomainError) as refused:
        day_override_set(acting_user=sys_admin, day=D("2031-10-01"), is_off_day=True, reason="  ")
    assert refused.value.field == "reason"
    assert not DayOverride.objects.exists()


def test_a_year_outside_the_calendar_is_refused(sys_admin):
    with pytest.raises(DomainError, match="2000–2100"):
        day_override_set(acting_user=sys_admin, day=D("1999-10-01"), is_off_day=True, reason="x")


def test_reverting_a_day_never_set_is_refused(sys_admin):
    with pytest.raises(DomainError, match="没有人工调整"):
        day_override_revert(acting_user=sys_admin, day=D("2031-10-01"))
