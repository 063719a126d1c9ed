"""What the county office does at a desk: a unit's clerk registers an inspection; the bureau reads the
quarter's statistics, follows a figure to the rows behind it, and reads the inspection flags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.core.testing import PASSWORD
from chengjie.inspections.models import Inspection
from chengjie.inspections.testing import register
from chengjie.org.models import Division, Industry
from chengjie.org.refdata import load_reference_data
from chengjie.service.stats import default_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    load_reference_data(Division, Industry)


def _login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_a_clerk_registers_and_the_bureau_reads_statistics_and_flags(reference_data, cast, page, screenshot):
    today = timezone.localdate()
    _login(page, cast.clerk_a)
    page.goto("/inspections/new/")
    page.select_option("select[name=enterprise]", label="安徽潜山示例刷业有限公司")
    page.fill("input[name=planned_on]", (today - timedelta(days=1)).isoformat())
    page.fill("input[name=purpose]", "工业企业安全生产检查")
    page.fill("input[name=legal_basis]", "《安全生产法》第六十五条")
    page.fill("textarea[name=inspectors]", "张卫东 3408001001\n李晓梅 3408001002")
    page.click("main form button[type=submit]")
    assert "涉企检查须在实施前登记" in page.locator(".errorlist").first.inner_text()
    screenshot(page, "register-refused")
    page.fill("input[name=planned_on]", today.isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url("**/inspections/*/")
    screenshot(page, "registered")
    register(cast, planned_on=today, by=cast.clerk_b)
    register(cast, planned_on=today, by=cast.clerk_b)
    assert Inspection.objects.count() == 3

    page.context.clear_cookies()
    _login(page, cast.bureau)
    page.click("nav >> text=服务统计")
    page.wait_for_url("**/service/stats/")
    assert default_period().label in page.locator("hgroup").inner_text()
    row = page.locator("tr", has_text="潜山市经济和信息化局")
    assert row.locator("td").nth(1).inner_text() == "0" and row.locator("td").nth(2).inner_text() == "—"
    screenshot(page, "stats")
    row.locator("a", has_text="1").click()
    page.wait_for_url("**/inspections/?*")
    assert page.locator("table.cards tbody tr").count() == 1
    screenshot(page, "stats-rows")

    page.goto("/inspections/flags/")
    assert "安徽潜山示例刷业有限公司" in page.locator("table").first.inner_text()
    screenshot(page, "flags")
