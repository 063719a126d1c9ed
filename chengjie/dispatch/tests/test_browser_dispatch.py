"""The quarterly dispatch as people run it: the bureau calls the meeting, builds and adjusts the agenda,
records the meeting and a decision, and downloads the minutes; the owner unit's clerk reports the decision
done on a phone."""

from datetime import date

import pytest

from chengjie.core.testing import PASSWORD
from chengjie.dispatch.models import ActionItem, AgendaItem
from chengjie.dispatch.services import dispatch_setting_set
from chengjie.projects.testing import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


@pytest.fixture
def pipeline(cast, today):
    dispatch_setting_set(acting_user=cast.bureau, division_code="340882", stalled_months=2,
                         organ="潜山市招商引资工作领导小组办公室", number_prefix="潜招")
    make_project(cast=cast, name="刷业产业园项目", stage="land", signed_on=date(2025, 10, 1))
    make_project(cast=cast, name="新材料项目", signed_on=date(2026, 4, 20))


def test_the_bureau_runs_the_meeting_and_a_unit_reports_on_a_phone(page, browser, live_server, cast, pipeline,
                                                                   screenshot):
    log_in(page, cast.bureau)
    page.click("nav.shell-nav >> text=季度调度")
    page.wait_for_url("**/dispatch/")
    page.click("text=召集调度会")
    page.select_option("select[name=quarter]", "2")
    page.fill("input[name=year]", "2026")
    with page.expect_navigation():
        page.click("main form button:has-text('建立')")
    with page.expect_navigation():
        page.click("button:has-text('生成议题')")
    assert "议题已按今天的数据生成：新增 2 项" in page.locator(".flash").inner_text()
    red = AgendaItem.objects.get(title="刷业产业园项目")
    row = page.locator(f"#item-{red.pk}")
    assert "开工：逾期" in row.inner_text()
    row.locator("select[name=tier]").select_option("joint")
    with page.expect_navigation():
        row.locator("button:has-text('确定层级')").click()
    assert "会商解决" in page.locator("section.tier-joint h2").inner_text()
    stalled = page.locator(f"#item-{AgendaItem.objects.get(title='新材料项目').pk}")
    assert "签约后满 2 个月仍无任何节点进展" in stalled.inner_text()
    screenshot(page, "agenda")
    page.click("text=记录召开情况")
    page.fill("input[name=held_on]", "2026-06-30")
    page.fill("input[name=venue]", "县政府三楼会议室")
    page.fill("input[name=chair]", "常务副县长 张明")
    page.fill("textarea[name=attendees]", "县招商局、经信局、自然资源局")
    page.fill("input[name=minutes_seq]", "12")
    with page.expect_navigation():
        page.click("main form button:has-text('保存')")
    page.locator(f"#item-{red.pk}").locator("text=＋记录议定事项").click()
    page.fill("textarea[name=decision]", "7月15日前完成施工许可，7月底前开工")
    page.select_option("select[name=owner_unit]", str(cast.unit_a.pk))
    page.fill("input[name=deadline]", "2026-07-31")
    with page.expect_navigation():
        page.click("main form button:has-text('保存'):not([name=another])")
    assert "7月15日前完成施工许可" in page.locator(f"#item-{red.pk}").inner_text()
    screenshot(page, "decided")
    with page.expect_download() as download:
        page.click("text=导出会议纪要（Word）")
    assert download.value.suggested_filename == "2026年第二季度重点项目调度会纪要.docx"

    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 375, "height": 812})
    phone = context.new_page()
    log_in(phone, cast.clerk_a)
    item = ActionItem.objects.get()
    phone.click("nav.shell-nav >> text=调度议定事项")
    phone.wait_for_url("**/dispatch/actions/")
    assert "7月15日前完成施工许可" in phone.locator("table").inner_text()
    phone.click("text=7月15日前完成施工许可，7月底前开工")
    phone.wait_for_url(f"**/dispatch/actions/{item.pk}/")
    phone.fill("input[name=done_on]", "2026-06-30")
    phone.fill("textarea[name=note]", "施工许可证已核发，项目已开工。")
    screenshot(phone, "report")
    with phone.expect_navigation():
        phone.click("main form button:has-text('报告办结')")
    assert "已报告办结" in phone.locator(".flash").inner_text()
    screenshot(phone, "reported")
    context.close()
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("reported", date(2026, 6, 30))
