"""The calendar pages: every staff role reads them; only the system administrator imports a notice or
sets a day; a year without data says so on the page."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.workcalendar.models import DayOverride, HolidayNotice
from chengjie.workcalendar.services import day_override_set, holiday_notice_import

from .conftest import notice_json

pytestmark = pytest.mark.django_db

MISSING_2031 = "2031 年的节假日安排尚未导入，已按周一至周五计算工作日"


def _upload(content: bytes, name: str = "2031.json") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


def test_year_page_marks_holidays_and_weekends_worked_back(client, sys_admin):
    login_as(client, sys_admin)
    response = client.get(reverse("workcalendar:year", args=[2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<td class="day-holiday" title="National Day">' not in html
    assert '<td class="day-holiday" title="国庆节">1<span class="day-mark">休</span></td>' in html
    assert '<td class="day-adjusted" title="国庆节">10<span class="day-mark">班</span></td>' in html
    assert "<td>2026-02-14</td>" in html and "调休上班" in html
    assert "chinesecalendar 软件包" in html and "全年工作日 248 天" in html
    assert "尚未导入" not in html
    assert reverse("workcalendar:notice_import") in html


def test_calendar_opens_on_this_year(client, sys_admin):
    login_as(client, sys_admin)
    response = client.get(reverse("workcalendar:calendar"))
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_a_year_without_data_says_plainly_that_it_is_counted_mon_fri(client, sys_admin):
    login_as(client, sys_admin)
    html = client.get(reverse("workcalendar:year", args=[2031])).content.decode()
    assert f'<p class="warning-banner calendar-missing" role="alert">{MISSING_2031}' in html
    assert "缺少节假日安排，按周一至周五计算" in html
    assert "本年没有节假日数据" in html


def test_years_outside_the_calendar_are_not_found(client, sys_admin):
    login_as(client, sys_admin)
    assert client.get(reverse("workcalendar:year", args=[1999])).status_code == 404
    assert client.get(reverse("workcalendar:year", args=[2101])).status_code == 404


def test_year_page_query_count_does_not_grow_with_notices_and_overrides(client, sys_admin, notice_2031,
                                                                       django_assert_max_num_queries):
    for _ in range(3):
        holiday_notice_import(acting_user=sys_admin, content=notice_2031)
    for day in ("2031-12-01", "2031-12-02", "2031-12-03"):
        day_override_set(acting_user=sys_admin, day=date.fromisoformat(day), is_off_day=True, reason="测试")
    login_as(client, sys_admin)
    # session and user (2), OTP device (1), revision, notices and hand-set days (3), the year's notices and
    # hand-set days with their people (2), later years with a notice (1), unread messages (1)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workcalendar:year", args=[2031]))
    assert response.status_code == 200
    assert len(response.context["past_notices"]) == 2 and len(response.context["overrides"]) == 3


def test_sys_admin_imports_a_notice_and_the_year_is_no_longer_missing(client, sys_admin, notice_2031):
    login_as(client, sys_admin)
    response = client.post(reverse("workcalendar:notice_import"), _upload(notice_2031), follow=True)
    assert response.redirect_chain[-1][0] == reverse("workcalendar:year", args=[2031])
    html = response.content.decode()
    assert "已导入 2031 年节假日安排：休息日 7 天，调休上班日 2 天。" in html
    assert MISSING_2031 not in html and "导入的节假日安排通知" in html
    assert "https://www.gov.cn/zhengce/example.htm" in html
    assert HolidayNotice.objects.get().imported_by == sys_admin


def test_a_bad_upload_shows_the_reason_and_changes_nothing(client, sys_admin):
    login_as(client, sys_admin)
    bad = notice_json(2031, [("国庆节", "2031-10-08", False)])
    response = client.post(reverse("workcalendar:notice_import"), _upload(bad))
    assert response.status_code == 200
    assert "第 1 条（2031-10-08）是星期三，本来就是工作日，不能列为调休上班日" in response.content.decode()
    assert not HolidayNotice.objects.exists() and not AuditEvent.objects.exists()


def test_sys_admin_sets_a_day_and_reverts_it(client, sys_admin):
    login_as(client, sys_admin)
    form = client.get(reverse("workcalendar:day_edit"), {"date": "2031-10-01"})
    assert "2031-10-01（星期三）目前是" in form.content.decode()
    assert form.context["form"].initial["kind"] == "off"
    response = client.post(reverse("workcalendar:day_edit"),
                           {"day": "2031-10-01", "kind": "off", "name": "国庆节", "reason": "预先录入"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("workcalendar:year", args=[2031]) + "#m10"
    html = response.content.decode()
    assert "已将 2031-10-01 设为休息日。" in html
    assert '<td class="day-holiday day-override" title="国庆节">1<span class="day-mark">休</span></td>' in html
    assert MISSING_2031 in html, "a hand-set day does not make the year complete"
    response = client.post(reverse("workcalendar:day_revert"), {"day": "2031-10-01"}, follow=True)
    assert "已撤销 2031-10-01 的人工调整。" in response.content.decode()
    assert not DayOverride.objects.exists()


def test_a_pointless_day_edit_is_refused_on_the_form(client, sys_admin):
    login_as(client, sys_admin)
    response = client.post(reverse("workcalendar:day_edit"),
                           {"day": "2026-10-01", "kind": "off", "name": "", "reason": "重复"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == ["2026-10-01 按该年的节假日来源本来就是休息日，不需要人工调整。"]
    assert not DayOverride.objects.exists()


def test_reverting_a_day_never_set_says_so(client, sys_admin):
    login_as(client, sys_admin)
    response = client.post(reverse("workcalendar:day_revert"), {"day": "2031-10-01"}, follow=True)
    assert "2031-10-01 没有人工调整，无需恢复。" in response.content.decode()


def test_staff_read_the_calendar_but_cannot_change_it(client, cast, notice_2031):
    """A unit's clerk (read-only here) and a clerk of another county (outside any county scope: the
    calendar is national reference data, the same for everyone) see it and are refused every change."""
    day_override_set(acting_user=cast.sys_admin, day=date(2031, 10, 1), is_off_day=True, reason="预先录入")
    for reader in (cast.clerk_a, cast.outsider, cast.leader):
        login_as(client, reader)
        page = client.get(reverse("workcalendar:year", args=[2031]))
        assert page.status_code == 200
        html = page.content.decode()
        assert MISSING_2031 in html
        assert reverse("workcalendar:notice_import") not in html and reverse("workcalendar:day_revert") not in html
        assert client.get(reverse("workcalendar:notice_import")).status_code == 403
        assert client.post(reverse("workcalendar:notice_import"), _upload(notice_2031)).status_code == 403
        assert client.get(reverse("workcalendar:day_edit")).status_code == 403
        assert client.post(reverse("workcalendar:day_edit"), {"day": "2031-10-02", "kind": "off",
                                                              "reason": "x"}).status_code == 403
        assert client.post(reverse("workcalendar:day_revert"), {"day": "2031-10-01"}).status_code == 403
    assert not HolidayNotice.objects.exists()
    assert list(DayOverride.objects.values_list("day", flat=True)) == [date(2031, 10, 1)]


def test_roles_without_the_calendar_are_refused(client, cast):
    for outsider in (cast.enterprise, cast.audit_admin, cast.sec_admin, cast.no_role):
        login_as(client, outsider)
        assert client.get(reverse("workcalendar:calendar")).status_code == 403
        assert client.get(reverse("workcalendar:year", args=[2026])).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    for url in (reverse("workcalendar:calendar"), reverse("workcalendar:year", args=[2026]),
                reverse("workcalendar:notice_import"), reverse("workcalendar:day_edit")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    response = client.post(reverse("workcalendar:day_revert"), {"day": "2031-10-01"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
