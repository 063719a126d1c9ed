"""The system administrator's calendar flow in a real browser: read a year, see a missing year flagged,
import its notice through the form."""

import pytest

from chengjie.core.testing import login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, client, user, live_server):
    login_as(client, user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_sys_admin_reads_a_year_and_imports_a_missing_one(refdata, page, client, sys_admin, live_server,
                                                          tmp_path, notice_2031, screenshot):
    _log_in(page, client, sys_admin, live_server)
    page.goto("/calendar/2026/")
    october = page.locator("#m10")
    assert october.locator("td.day-holiday").count() == 7
    assert october.locator("td.day-adjusted").inner_text() == "10班"
    screenshot(page, "2026")

    page.goto("/calendar/2031/")
    assert "2031 年的节假日安排尚未导入" in page.get_by_role("alert").inner_text()
    screenshot(page, "2031-missing")

    notice = tmp_path / "2031.json"
    notice.write_bytes(notice_2031)
    page.get_by_role("button", name="导入节假日通知").click()
    page.get_by_label("节假日安排通知文件").set_input_files(str(notice))
    page.get_by_role("button", name="导入").click()
    page.wait_for_url("**/calendar/2031/")
    assert "已导入 2031 年节假日安排" in page.locator(".flash").inner_text()
    assert page.locator(".calendar-missing").count() == 0
    assert page.locator("#m10 td.day-holiday").count() == 7
    screenshot(page, "2031-imported")


def test_year_page_fits_a_phone(refdata, phone_page, client, sys_admin, live_server, screenshot):
    _log_in(phone_page, client, sys_admin, live_server)
    phone_page.goto("/calendar/2026/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "phone")
