"""The bureau previews October's bulletin, follows a figure to the rows behind it, publishes; after a
correction of the data it publishes version 2, which lists what changed. A unit's clerk reads it."""

from datetime import date
from decimal import Decimal

import pytest

from chengjie.bulletins.models import Bulletin
from chengjie.bulletins.services import bulletin_publish
from chengjie.bulletins.testing import pipeline, targets
from chengjie.core.testing import PASSWORD
from chengjie.projects.services import monthly_figure_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(cast, today):
    targets(cast, {(cast.unit_a.pk, "completed_investment"): 12000, (cast.unit_a.pk, "new_starts"): 2,
                   (cast.unit_b.pk, "completed_investment"): 6000, (cast.unit_b.pk, "signed_count"): 2})
    project = pipeline(cast, unit=cast.unit_a, signed_on=date(2026, 2, 10), contracted=12000,
                       start_plan=date(2026, 5, 1), production_plan=date(2027, 3, 1), started_on=date(2026, 5, 20),
                       figures={"2026-03": (3000, 2000, 1000), "2026-10": (0, 0, 2000)}, name="年产10万台智能装备项目")
    pipeline(cast, unit=cast.unit_b, signed_on=date(2026, 9, 15), contracted=15000, project_type="service",
             start_plan=date(2027, 1, 10), production_plan=date(2028, 1, 1), name="天柱山康养文旅综合体项目")
    return project


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_bureau_previews_and_publishes_then_corrects(page, cast, county, screenshot):
    log_in(page, cast.bureau)
    page.click("nav.shell-nav >> text=月通报")
    page.wait_for_url("**/bulletins/")
    page.select_option("select[name=period]", "2026-10")
    page.click("button:has-text('预览')")
    page.wait_for_url("**/bulletins/preview/2026-10/")
    main = page.locator("main").inner_text()
    assert "1-10月累计完成投资3,000万元，占年度计划的16.7%，落后序时进度66.7个百分点。" in main
    assert "发布后文号为 潜招〔2026〕1号" in main
    screenshot(page, "preview")

    # A figure leads to the rows behind it.
    page.click("#table-completed_investment a:text-is('3,000.00') >> nth=0")
    page.wait_for_url("**/rows/**")
    assert "年产10万台智能装备项目" in page.locator("main").inner_text()
    assert "合计：3,000.00" in page.locator("main").inner_text()
    screenshot(page, "rows")
    page.click("text=返回通报")
    page.wait_for_url("**/bulletins/preview/2026-10/")

    with page.expect_navigation():
        page.click("button:has-text('发布通报')")
    assert "已发布 潜招〔2026〕1号（第1版）" in page.locator(".flash").inner_text()
    assert "潜招〔2026〕1号 · 第1版" in page.locator("hgroup").inner_text()
    screenshot(page, "published")
    first = Bulletin.objects.get()

    # 经信局 corrects October: the published bulletin stays; the preview shows the change; version 2 lists it.
    monthly_figure_set(acting_user=cast.bureau, project=county, period=date(2026, 10, 1), funds_in_place=0,
                       out_of_province_funds=0, completed_investment=Decimal(2500))
    page.reload()
    assert "1-10月累计完成投资3,000万元" in page.locator("main").inner_text()
    page.goto("/bulletins/preview/2026-10/")
    banner = page.locator("#publish").inner_text()
    assert "与第1版相比，有" in banner and "3,500.00" in banner
    page.fill("textarea[name=note]", "经信局更正10月完成投资（原报2,000万元，实为2,500万元）")
    screenshot(page, "correction")
    with page.expect_navigation():
        page.click("button:has-text('发布更正（第2版）')")
    assert "潜招〔2026〕2号 · 第2版" in page.locator("hgroup").inner_text()
    assert "本版更正第1版（潜招〔2026〕1号）" in page.locator("#changes").inner_text()
    changes = page.locator("#table-changes").inner_text()
    assert "3,000.00" in changes and "3,500.00" in changes
    screenshot(page, "corrected")
    assert Bulletin.objects.count() == 2
    first.refresh_from_db()
    assert "1-10月累计完成投资3,000万元，占年度计划的16.7%，落后序时进度66.7个百分点。" in first.content["sentences"]["overview"]


def test_unit_clerk_reads_the_bulletin_on_a_phone(phone_page, cast, county, screenshot):
    bulletin = bulletin_publish(acting_user=cast.bureau, period=date(2026, 10, 1))
    page = phone_page
    log_in(page, cast.clerk_b)
    page.goto("/bulletins/")
    page.click(f"text={bulletin.title}")
    page.wait_for_url(f"**/bulletins/{bulletin.pk}/")
    assert "按完成固定资产投资占年度计划的比例排名，依次是经信局、自然资源局。" in page.locator("main").inner_text()
    screenshot(page, "bulletin")
