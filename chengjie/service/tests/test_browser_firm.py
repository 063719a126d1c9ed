"""What a firm does on a phone: open its home page (inspections announced, its service team), confirm an
inspection took place, and report one that nobody registered."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.appeals.services.appeals import appeal_file
from chengjie.approvals.services import matter_create, request_accept, request_file
from chengjie.core.testing import COUNTY, PASSWORD
from chengjie.inspections.models import Inspection
from chengjie.inspections.testing import register
from chengjie.notifications.models import Notification
from chengjie.org.models import Division, Industry
from chengjie.org.refdata import load_reference_data
from chengjie.projects.testing import make_project, pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test flushes the tables after itself, reference data included; put it back."""
    load_reference_data(Division, Industry)


@pytest.fixture
def firm_page(reference_data, cast, phone_page):
    cast.clerk_a.phone = "13855550001"
    cast.clerk_a.save(update_fields=["phone"])
    make_project(cast=cast, stage="draft", name="年产5000万支刷具扩建项目", investor=cast.firm,
                 investor_name=cast.firm.name)
    matter = matter_create(acting_user=cast.sys_admin, division_code=COUNTY, name="食品经营许可",
                           handling_unit=cast.unit_a, time_limit_workdays=10, required_documents=["申请书"])
    request = request_file(acting_user=cast.enterprise, matter=matter, enterprise=cast.firm, subject="刷具车间食堂",
                           documents={"申请书": pdf_upload()})
    request_accept(acting_user=cast.clerk_a, request=request)
    appeal_file(acting_user=cast.enterprise, kind="help", subject="厂区门前道路积水影响出货", content="请协调修复排水管网。")
    phone_page.goto("/accounts/login/")
    phone_page.fill("input[name=username]", cast.enterprise.username)
    phone_page.fill("input[name=password]", PASSWORD)
    phone_page.click("button[type=submit]")
    phone_page.wait_for_url("**/")
    return phone_page


def test_a_firm_reads_its_home_and_reports_an_unregistered_inspection(firm_page, cast, screenshot):
    page = firm_page
    today = timezone.localdate()
    register(cast, planned_on=today + timedelta(days=3), purpose="消防安全检查")
    page.reload()
    assert "消防安全检查" in page.locator("#firm-inspections").inner_text()
    assert "刷具车间食堂" in page.locator("#firm-requests").inner_text()
    assert "厂区门前道路积水影响出货" in page.locator("#firm-appeals").inner_text()
    team = page.locator("#firm-team").inner_text()
    assert "年产5000万支刷具扩建项目" in team and "潜山市经济和信息化局" in team and "13855550001" in team
    screenshot(page, "home")

    page.click("text=报告未登记的检查")
    page.wait_for_url("**/inspections/report/")
    page.select_option("select[name=unit]", label="潜山市自然资源和规划局")
    page.fill("input[name=occurred_on]", (today - timedelta(days=1)).isoformat())
    page.fill("textarea[name=description]", "两名人员到厂检查排污口，未出示执法证，未留下检查记录。")
    screenshot(page, "report-form")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/inspections/*/")
    assert "已提示县招商主管部门核查" in page.locator(".flash").inner_text()
    assert "未登记" in page.locator("hgroup").inner_text()
    screenshot(page, "reported")

    reported = Inspection.objects.get(source="reported")
    assert reported.unit == cast.unit_b and reported.enterprise == cast.firm
    assert Notification.objects.filter(recipient=cast.bureau, kind="inspections.unregistered").count() == 1

    page.goto("/")
    assert "两名人员到厂检查排污口" in page.locator("#firm-inspections").inner_text()
    screenshot(page, "home-after")


def test_a_firm_cannot_report_an_inspection_in_the_future(firm_page, cast, screenshot):
    page = firm_page
    page.goto("/inspections/report/")
    page.select_option("select[name=unit]", label="潜山市经济和信息化局")
    page.fill("input[name=occurred_on]", (timezone.localdate() + timedelta(days=2)).isoformat())
    page.fill("textarea[name=description]", "预约检查")
    page.click("main form button[type=submit]")
    error = page.locator(".errorlist").first
    assert "尚未发生的检查不能确认或报告" in error.inner_text()
    screenshot(page, "future-refused")
    assert not Inspection.objects.exists()
