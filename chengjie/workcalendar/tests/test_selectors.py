"""What other pages read from the calendar: the years' sources for the system administrator's home page,
and the warning tag any page shows beside a result counted over a year without data."""

from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse

from chengjie.core.testing import login_as
from chengjie.workcalendar.selectors import calendar_years_status
from chengjie.workcalendar.services import holiday_notice_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_2031(monkeypatch):
    monkeypatch.setattr("chengjie.workcalendar.selectors.timezone.localdate", lambda: date(2031, 6, 1))


def test_years_status_covers_last_this_and_next_year_and_every_later_notice(sys_admin, in_2031):
    holiday_notice_import(acting_user=sys_admin, content=b'{"year": 2034, "papers": [], "days": '
                                                         b'[{"name": "x", "date": "2034-10-02", "isOffDay": true}]}')
    rows = calendar_years_status()
    assert [(row["year"], row["missing"], row["source"]) for row in rows] == [
        (2030, True, "missing"), (2031, True, "missing"), (2032, True, "missing"), (2034, False, "notice")]
    assert rows[0]["source_label"] == "缺少节假日安排，按周一至周五计算"
    assert rows[3]["source_label"] == "导入的节假日安排通知"


def test_years_status_names_the_package_for_the_years_it_covers(monkeypatch):
    monkeypatch.setattr("chengjie.workcalendar.selectors.timezone.localdate", lambda: date(2025, 6, 1))
    assert [(row["year"], row["source_label"]) for row in calendar_years_status()[:2]] == [
        (2024, "chinesecalendar 软件包"), (2025, "chinesecalendar 软件包")]


def test_sys_admin_home_flags_the_missing_years(client, sys_admin, notice_2031, in_2031):
    holiday_notice_import(acting_user=sys_admin, content=notice_2031)
    login_as(client, sys_admin)
    html = client.get(reverse("core:home")).content.decode()
    assert "<td>2030</td><td><mark>" in html and "<td>2032</td><td><mark>" in html
    assert "<td>2031</td><td>导入的节假日安排通知</td>" in html


def _warning(start: date, end: date) -> str:
    return Template("{% load workcalendar %}{% calendar_warning start end %}").render(
        Context({"start": start, "end": end})).strip()


def test_warning_tag_flags_a_result_over_a_year_without_data():
    html = _warning(date(2031, 9, 20), date(2031, 10, 20))
    assert html.startswith('<p class="warning-banner calendar-missing" role="alert">2031 年的节假日安排尚未导入')


def test_warning_tag_is_silent_over_covered_years_and_without_an_end():
    assert _warning(date(2025, 9, 20), date(2026, 10, 20)) == ""
    assert _warning(date(2031, 9, 20), None) == ""
