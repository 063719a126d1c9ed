"""Importing a notice: the real 2025/2026 files give the package's answers; a notice makes a missing year
known; a malformed or contradictory file is refused with the reason and nothing is written."""

import json
from datetime import date, timedelta

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.workcalendar import workdays
from chengjie.workcalendar.models import CalendarRevision, HolidayNotice
from chengjie.workcalendar.services import holiday_notice_import
from chengjie.workcalendar.workdays import Source

from .conftest import NOTICE_2031, notice_json, real_notice

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def _year_of_answers(year: int) -> list[bool]:
    first = date(year, 1, 1)
    return [workdays.is_workday(first + timedelta(days=offset)) for offset in range(365)]


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_real_notice_over_the_package_gives_the_same_answers(sys_admin, year):
    from_package = _year_of_answers(year)
    notice = holiday_notice_import(acting_user=sys_admin, content=real_notice(year), file_name=f"{year}.json")
    assert workdays.year_status(year).source == Source.NOTICE
    assert workdays.year_status(year).notice_id == notice.pk
    assert _year_of_answers(year) == from_package
    assert notice.imported_by == sys_admin
    assert notice.papers and notice.papers[0].startswith("https://www.gov.cn/")


def test_2026_notice_keeps_national_day_and_its_worked_saturday(sys_admin):
    holiday_notice_import(acting_user=sys_admin, content=real_notice(2026))
    assert all(not workdays.is_workday(D(f"2026-10-0{d}")) for d in range(1, 8))
    assert workdays.is_workday(D("2026-10-10"))
    assert workdays.add_workdays(D("2026-09-30"), 1) == D("2026-10-08")
    names = {entry.date: entry.name for entry in workdays.special_days(2026)}
    assert names[D("2026-10-01")] == "国庆节"  # the notice's own names, not the package's


def test_a_notice_makes_a_missing_year_known(sys_admin, notice_2031):
    assert workdays.is_workday(D("2031-10-01"))
    holiday_notice_import(acting_user=sys_admin, content=notice_2031, file_name="2031.json")
    assert not workdays.year_status(2031).missing
    assert not workdays.is_workday(D("2031-10-01"))
    assert workdays.is_workday(D("2031-09-28")) and workdays.is_workday(D("2031-10-11"))
    assert workdays.missing_years_between(D("2031-01-01"), D("2031-12-31")) == []
    assert workdays.workdays_between(D("2031-09-28"), D("2031-10-11")) == 1 + 2 + 3 + 1  # Sun 28, 29–30, 8–10, Sat 11


def test_the_import_is_audited_and_changes_the_revision(sys_admin, notice_2031):
    notice = holiday_notice_import(acting_user=sys_admin, content=notice_2031)
    event = AuditEvent.objects.get(event="calendar.notice_imported")
    assert event.object_id == str(notice.pk) and event.actor_username == sys_admin.username
    assert event.before is None
    assert event.after["year"] == 2031 and len(event.after["days"]) == len(NOTICE_2031)
    assert CalendarRevision.objects.get(pk=1).token


def test_a_second_import_replaces_the_first_and_keeps_it_as_history(sys_admin, notice_2031):
    first = holiday_notice_import(acting_user=sys_admin, content=notice_2031)
    corrected = notice_json(2031, [day for day in NOTICE_2031 if day[1] != "2031-10-07"])
    second = holiday_notice_import(acting_user=sys_admin, content=corrected)
    first.refresh_from_db()
    assert not first.is_active and second.is_active
    assert workdays.is_workday(D("2031-10-07"))
    event = AuditEvent.objects.filter(event="calendar.notice_imported").latest("seq")
    assert event.before["is_active"] is True and str(first.pk) in event.note


def test_identical_duplicate_entries_are_merged(sys_admin):
    content = notice_json(2031, [("国庆节", "2031-10-01", True), ("中秋节", "2031-10-01", True)])
    notice = holiday_notice_import(acting_user=sys_admin, content=content)
    assert notice.days == [{"date": "2031-10-01", "name": "国庆节、中秋节", "is_off_day": True}]


def test_a_byte_order_mark_and_a_year_written_as_a_float_are_accepted(sys_admin):
    content = "\ufeff".encode() + json.dumps({"year": 2031.0, "papers": [], "days": [
        {"name": "元旦", "date": "2031-01-01", "isOffDay": True}]}).encode()
    assert holiday_notice_import(acting_user=sys_admin, content=content).year == 2031


BAD_NOTICES = {
    "not_json": (b'{"year": 2031, "papers": [], "days": [', "不是有效的 JSON：第 1 行"),
    "not_utf8": ('{"year": 2031, "papers": [], "days": [{"name": "国庆", "date": "2031-10-01", "isOffDay": true}]}'
                 .encode("gbk"), "不是 UTF-8"),
    "a_list": (b"[]", "最外层应为对象"),
    "no_days": (b'{"year": 2031, "papers": []}', "缺少 days"),
    "empty_days": (b'{"year": 2031, "papers": [], "days": []}', "没有列出任何日期"),
    "year_text": (notice_json(2031, NOTICE_2031).replace(b'"year": 2031', b'"year": "2031"'), "year 应为整数年份"),
    "year_far": (notice_json(1931, [("国庆节", "1931-10-01", True)]), "year 1931 不在 2000–2100 年之间"),
    "wrong_year": (notice_json(2031, [*NOTICE_2031, ("元旦", "2032-01-01", True)]),
                   "第 10 条（2032-01-01）不在通知的年份 2031 年内"),
    "bad_date": (notice_json(2031, [("国庆节", "2031-02-30", True)]), "第 1 条的日期 \"2031-02-30\" 不是有效的"),
    "missing_key": (b'{"year": 2031, "papers": [], "days": [{"name": "x", "date": "2031-10-01"}]}',
                    "第 1 条缺少 isOffDay"),
    "off_text": (b'{"year": 2031, "papers": [], "days": [{"name": "x", "date": "2031-10-01", "isOffDay": "yes"}]}',
                 "第 1 条（2031-10-01）的 isOffDay 应为 true 或 false"),
    "no_name": (notice_json(2031, [(" ", "2031-10-01", True)]), "第 1 条（2031-10-01）没有节日名称"),
    "contradiction": (notice_json(2031, [*NOTICE_2031, ("国庆节", "2031-10-04", False)]),
                      "2031-10-04 既列为休息日（第 5 条）又列为上班日（第 10 条）"),
    "weekday_worked": (notice_json(2031, [("国庆节", "2031-10-01", True), ("国庆节", "2031-10-08", False)]),
                       "第 2 条（2031-10-08）是星期三，本来就是工作日，不能列为调休上班日"),
    "papers_text": (notice_json(2031, NOTICE_2031).replace(b'"papers": [', b'"papers": "x", "_": ['),
                    "papers 应为通知网址的列表"),
}


@pytest.mark.parametrize("case", sorted(BAD_NOTICES))
def test_a_bad_notice_is_refused_with_the_reason_and_nothing_changes(sys_admin, notice_2031, case):
    holiday_notice_import(acting_user=sys_admin, content=notice_2031)
    token = CalendarRevision.objects.get(pk=1).token
    events = AuditEvent.objects.count()
    content, reason = BAD_NOTICES[case]
    with pytest.raises(DomainError) as refused:
        holiday_notice_import(acting_user=sys_admin, content=content)
    assert reason in refused.value.message
    assert refused.value.message.startswith("节假日通知有误，未导入：")
    assert HolidayNotice.objects.count() == 1 and HolidayNotice.objects.get().is_active
    assert AuditEvent.objects.count() == events
    assert CalendarRevision.objects.get(pk=1).token == token
    assert not workdays.is_workday(D("2031-10-01"))


def test_every_problem_is_listed_not_only_the_first(sys_admin):
    content = notice_json(2031, [("国庆节", "2032-10-01", True), ("国庆节", "2031-10-08", False)])
    with pytest.raises(DomainError) as refused:
        holiday_notice_import(acting_user=sys_admin, content=content)
    assert "第 1 条（2032-10-01）" in refused.value.message and "第 2 条（2031-10-08）" in refused.value.message


def test_a_rejected_import_leaves_a_missing_year_missing(sys_admin):
    with pytest.raises(DomainError):
        holiday_notice_import(acting_user=sys_admin, content=b"not json")
    assert workdays.year_status(2031).missing
    assert not HolidayNotice.objects.exists()
