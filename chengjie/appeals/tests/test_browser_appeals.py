"""What people do in a browser: a firm files an appeal on the web with a photo, the handling unit accepts and
answers it on a phone and closes it, and the firm rates the result."""

import pytest

from chengjie.appeals.models import Appeal, AppealCategory
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import PASSWORD
from chengjie.org.models import Division, Industry
from chengjie.org.refdata import load_reference_data
from chengjie.projects.testing import PNG_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test flushes the tables after itself, reference data included; put it back."""
    load_reference_data(Division, Industry)


def _login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_a_firm_files_the_unit_replies_and_the_firm_rates(reference_data, cast, page, phone_page, screenshot, tmp_path):
    top = AppealCategory.objects.create(county_id="340882", name="基础设施", default_unit=cast.unit_a)
    AppealCategory.objects.create(county_id="340882", name="道路排水", parent=top)
    photo = tmp_path / "厂门口积水.png"
    photo.write_bytes(PNG_BYTES)

    _login(page, cast.enterprise)
    page.click("nav.shell-nav >> text=企业诉求")
    page.click("text=提交诉求")
    page.select_option("select[name=kind]", "help")
    page.select_option("select[name=category]", label="基础设施->道路排水")
    page.fill("input[name=subject]", "厂区门前道路积水影响出货")
    page.fill("textarea[name=content]", "连日降雨，厂区门前纬三路积水 30 厘米，货车无法进出，请协调疏通排水管网。")
    page.set_input_files("input[name=attachments]", str(photo))
    screenshot(page, "1-firm-files")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/appeals/*/")
    appeal = Appeal.objects.get()
    assert page.locator("#appeal-status").inner_text() == "待签收"
    assert "厂门口积水.png" in page.content()
    assert page.locator("#clock-accept").inner_text().count("1 个工作日") == 1
    screenshot(page, "2-firm-sees-clocks")

    unit = phone_page
    _login(unit, cast.clerk_a)
    unit.goto(f"/appeals/{appeal.pk}/")
    unit.click("#accept")
    unit.wait_for_selector("text=已签收。请在")
    unit.fill("#action-reply textarea[name=text]", "已联系住建局，今天下午疏通排水管网。")
    screenshot(unit, "3-unit-replies")
    unit.click("#action-reply button[type=submit]")
    unit.wait_for_selector("text=答复已发送给企业。")
    unit.fill("#action-close textarea[name=result]", "排水管网已疏通，路面积水已排除，货车恢复通行。")
    unit.check("#action-close input[name=resolved][value='1']")
    unit.click("#action-close button[type=submit]")
    unit.wait_for_selector("text=诉求已办结，等待企业评价。")
    screenshot(unit, "4-unit-closed")

    page.goto(f"/appeals/{appeal.pk}/")
    assert "已联系住建局，今天下午疏通排水管网。" in page.locator("#timeline").inner_text()
    page.check("#action-rate input[name=satisfaction][value=satisfied]")
    page.fill("#action-rate textarea[name=comment]", "处理及时，感谢！")
    screenshot(page, "5-firm-rates")
    page.click("#action-rate button[type=submit]")
    page.wait_for_selector("text=评价已记录。")
    assert page.locator("#appeal-status").inner_text() == "已回访"
    assert "第 1 轮：满意（企业网上评价" in page.locator("#ratings").inner_text()
    screenshot(page, "6-firm-rated")
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.FINISHED
    assert list(AuditEvent.objects.filter(object_type="appeals.appeal").order_by("seq").values_list(
        "event", flat=True)) == ["appeal.filed", "appeal.routed", "appeal.accepted", "appeal.replied", "appeal.closed",
                                 "appeal.rated"]
