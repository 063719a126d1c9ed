"""A county leader looks up units, an industry code and the townships, on a desktop and on a phone."""

import pytest

from chengjie.core.testing import PASSWORD
from chengjie.org.models import Division, Industry, Unit
from chengjie.org.refdata import load_reference_data
from chengjie.org.services import unit_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test flushes the tables after itself, reference data included; put it back."""
    load_reference_data(Division, Industry)


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_leader_filters_units_and_opens_one(reference_data, cast, page, screenshot):
    unit_create(acting_user=cast.sys_admin, name="经信局工业股", kind=Unit.Kind.SECOND_LEVEL, division_code="340882",
                parent=cast.unit_a)
    _log_in(page, cast.leader)
    page.goto("/org/units/")
    page.select_option("select[name=kind]", "second_level")
    page.wait_for_url("**kind=second_level*")
    assert page.locator("#results tbody tr").count() == 1
    screenshot(page, "units-filtered")
    page.click("#results >> text=经信局工业股")
    page.click("text=潜山市经济和信息化局")
    assert page.locator("h1").inner_text().startswith("潜山市经济和信息化局")
    assert page.locator("text=经信局工业股").count() == 1
    screenshot(page, "unit-detail")


def test_leader_browses_industries_and_townships_on_a_phone(reference_data, cast, phone_page, screenshot):
    _log_in(phone_page, cast.leader)
    phone_page.goto("/org/industries/")
    phone_page.click("summary:has-text('制造业')")
    phone_page.click("text=41 其他制造业")
    assert phone_page.locator("h1").inner_text() == "41 其他制造业"
    screenshot(phone_page, "industry")
    phone_page.goto("/org/industries/")
    phone_page.fill("input[name=q]", "制刷")
    phone_page.locator("#results >> text=4111").wait_for()
    screenshot(phone_page, "industry-search")
    phone_page.goto("/org/divisions/")
    assert phone_page.locator("h1").inner_text() == "安徽省安庆市潜山市"
    phone_page.click("text=340882101")
    assert phone_page.locator("h1").inner_text() == "安徽省安庆市潜山市源潭镇"
    screenshot(phone_page, "township")
