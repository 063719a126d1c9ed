"""What a person does on a phone: find a firm, read its file with masked phones, reveal one with a
purpose; register a firm and be told exactly what is wrong with its USCC."""

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import PASSWORD
from chengjie.org.models import Division, Industry
from chengjie.org.refdata import load_reference_data
from chengjie.parks.models import Enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test flushes the tables after itself, reference data included; put it back."""
    load_reference_data(Division, Industry)


@pytest.fixture
def bureau_page(reference_data, cast, phone_page):
    phone_page.goto("/accounts/login/")
    phone_page.fill("input[name=username]", cast.bureau.username)
    phone_page.fill("input[name=password]", PASSWORD)
    phone_page.click("button[type=submit]")
    phone_page.wait_for_url("**/")
    return phone_page


def test_find_a_firm_and_reveal_its_contact_phone(bureau_page, cast, screenshot):
    page = bureau_page
    page.goto("/parks/enterprises/")
    page.fill("input[name=q]", "示例刷业")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=*")
    screenshot(page, "list")
    page.click("text=安徽潜山示例刷业有限公司")
    assert page.locator("#phone-contact_phone").inner_text().startswith("139****5678")
    assert "13912345678" not in page.content()
    page.click("#phone-contact_phone summary")
    page.fill("#phone-contact_phone input[name$=purpose]", "联系企业核实项目开工时间")
    screenshot(page, "reveal-form")
    page.click("#phone-contact_phone button[type=submit]")
    page.locator("#phone-contact_phone strong").wait_for()
    assert page.locator("#phone-contact_phone strong").inner_text() == "13912345678"
    screenshot(page, "revealed")
    assert AuditEvent.objects.get(event="personal.revealed").note == "联系企业核实项目开工时间"


def test_register_a_firm_with_a_wrong_check_character(bureau_page, cast, screenshot):
    page = bureau_page
    page.goto("/parks/enterprises/new/")
    page.fill("input[name=uscc]", "91340882MA2N0D2K0Y")
    page.fill("input[name=name]", "安徽示例机电有限公司")
    page.select_option("select[name=division]", "340882400")
    page.fill("input[name=industry]", "3811")
    page.click("main form.narrow button[type=submit]")
    error = page.locator(".errorlist").first
    assert error.inner_text() == "统一社会信用代码校验位错误：应为 F，实为 Y。"
    screenshot(page, "uscc-error")
    page.fill("input[name=uscc]", "91340882MA2N0D2K0F")
    page.click("main form.narrow button[type=submit]")
    page.wait_for_url("**/parks/enterprises/*/")
    assert Enterprise.objects.filter(uscc="91340882MA2N0D2K0F").exists()
    screenshot(page, "registered")
