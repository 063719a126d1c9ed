"""What people do with a supervision notice: the unit's clerk finds it on a phone and reports a
rectification plan; the bureau reads the red list and closes the notice."""

from datetime import date

import pytest
from django.utils import timezone

from chengjie.core.testing import PASSWORD
from chengjie.supervision.models import SupervisionNotice
from chengjie.supervision.sweep import warnings_sweep

from .factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def notice(cast, presets):
    today = timezone.localdate()
    make_project(cast=cast, name="安徽潜山刷业产业园项目",
                 plan={"land": date.fromordinal(today.toordinal() - 6), "started": date(today.year + 1, 3, 1)})
    warnings_sweep(today=today)
    return SupervisionNotice.objects.get()


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_unit_clerk_answers_a_notice_on_a_phone(phone_page, cast, notice, screenshot):
    page = phone_page
    log_in(page, cast.clerk_a)
    page.goto("/supervision/notices/")
    assert page.locator("table").inner_text().count(notice.code) == 1
    screenshot(page, "list")
    page.click(f"text={notice.code}")
    page.wait_for_url(f"**/supervision/notices/{notice.pk}/")
    assert "供地：逾期 6 天未完成" in page.locator("dl.facts").inner_text()
    screenshot(page, "detail")
    page.fill("textarea[name=response]", "已与自然资源局对接，本月底前完成挂牌出让；责任人：王科长。")
    with page.expect_navigation():
        page.click("button:has-text('报送整改方案')")
    assert "整改方案已报送" in page.locator(".flash").inner_text()
    assert "本月底前完成挂牌出让" in page.locator("#response").inner_text()
    screenshot(page, "answered")
    notice.refresh_from_db()
    assert (notice.status, notice.responded_by) == ("answered", cast.clerk_a)


def test_bureau_reads_the_red_list_and_closes_the_notice(page, cast, notice, screenshot):
    log_in(page, cast.bureau)
    page.click("nav.shell-nav >> text=红黄牌")
    page.wait_for_url("**/supervision/warnings/")
    assert "安徽潜山刷业产业园项目" in page.locator("main").inner_text()
    screenshot(page, "warnings")
    page.goto(f"/supervision/notices/{notice.pk}/")
    page.fill("textarea[name=note]", "经核实已完成挂牌，同意销号。")
    with page.expect_navigation():
        page.click("main form button:has-text('销号')")
    assert f"督办单 {notice.code} 已销号" in page.locator(".flash").inner_text()
    screenshot(page, "closed")
    assert SupervisionNotice.objects.get().status == "closed"


def test_bureau_switches_the_county_to_the_progress_rule(page, cast, notice, screenshot):
    log_in(page, cast.bureau)
    page.click("nav.shell-nav >> text=预警规则")
    page.wait_for_url("**/supervision/settings/")
    assert "本县现行：期限规则（默认）" in page.locator("main").inner_text()
    page.select_option("select[name=preset]", label="进度规则（银川）")
    page.fill("input[name=response_workdays]", "5")
    with page.expect_navigation():
        page.click("main form button:has-text('保存')")
    assert "已改用“进度规则（银川）”" in page.locator(".flash").inner_text()
    screenshot(page, "settings")
    # By month, 供地 six days late is yellow (red only after three months): the list changes at once.
    page.goto("/supervision/warnings/?colour=yellow")
    assert "安徽潜山刷业产业园项目" in page.locator("main table.cards").inner_text()
