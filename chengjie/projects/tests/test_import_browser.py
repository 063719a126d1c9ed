"""What the bureau does on the import page: upload the county's ledger, read what is wrong with it, import
the valid rows, download the rest to fix."""

import pytest

from chengjie.core.testing import PASSWORD
from chengjie.org.models import Division, Industry
from chengjie.org.refdata import load_reference_data
from chengjie.projects.importer.testing import ledger_bytes
from chengjie.projects.models import Project
from chengjie.projects.services import plan_approve
from chengjie.projects.testing import ensure_shipped_templates

from .test_import_plan import HEADERS, ledger_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test flushes the tables after itself, reference data included; put it back."""
    load_reference_data(Division, Industry)
    ensure_shipped_templates()


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_import_a_ledger_see_its_problems_then_import_the_valid_rows(reference_data, cast, page, screenshot):
    _log_in(page, cast.bureau)
    page.click("nav >> text=导入台账")
    page.wait_for_url("**/projects/import/")
    screenshot(page, "form")
    rows = [ledger_row(1), ledger_row(2, 责任单位="商务局", 签约时间="2025年13月"), ledger_row(3, 总投资="1.2亿")]
    page.set_input_files("input[name=file]", files=[{"name": "潜山2025年台账.xlsx", "mimeType": XLSX,
                                                     "buffer": ledger_bytes(HEADERS, rows)}])
    page.click("button:has-text('检查并导入')")
    page.wait_for_selector("#import-result")
    result = page.inner_text("#import-result")
    assert "有 2 个问题，未导入任何项目。其余 2 行无误。" in result
    assert "您的数据范围内没有名为“商务局”的单位" in result and "日期“2025年13月”不存在" in result
    screenshot(page, "problems")
    assert not Project.objects.exists()

    with page.expect_download() as download:
        page.click("text=下载有问题的行")
    assert download.value.suggested_filename.startswith("未导入的行-")

    page.click("button:has-text('只导入无误的 2 行')")
    page.wait_for_selector("text=导入 2 个项目")
    assert "1 行有问题未导入" in page.inner_text("#import-result")
    screenshot(page, "imported")
    assert Project.objects.get(name="年产3万套刷具项目").contracted_investment == 12000


def test_the_problem_list_reads_on_a_phone(reference_data, cast, phone_page, screenshot):
    _log_in(phone_page, cast.bureau)
    phone_page.goto("/projects/import/")
    rows = [ledger_row(1, 责任单位="商务局"), ledger_row(2, 落户园区="高新区")]
    phone_page.set_input_files("input[name=file]", files=[{"name": "台账.xlsx", "mimeType": XLSX,
                                                           "buffer": ledger_bytes(HEADERS, rows)}])
    phone_page.click("button:has-text('检查并导入')")
    phone_page.wait_for_selector("#import-result")
    assert "没有名为“高新区”的园区" in phone_page.inner_text("#import-result")
    screenshot(phone_page, "phone-problems")


def test_a_ledgers_progress_shows_on_the_project_page_awaiting_confirmation(reference_data, cast, page, screenshot):
    _log_in(page, cast.bureau)
    page.goto("/projects/import/")
    headers = [*HEADERS, "实际开工时间", "纳统时间"]
    rows = [ledger_row(1, 签约时间="2025-03-15") + ["2025-08-01", "2025-09-30"]]
    page.set_input_files("input[name=file]", files=[{"name": "台账.xlsx", "mimeType": XLSX,
                                                     "buffer": ledger_bytes(headers, rows)}])
    page.click("button:has-text('检查并导入')")
    page.wait_for_selector("text=导入 1 个项目")
    project = Project.objects.get()
    page.goto(f"/projects/{project.pk}/")
    timeline = page.inner_text("main")
    # 开工 and the 供地 it depends on are done on the ledger's date, not yet confirmed; 投产 is still open.
    assert timeline.count("2025-08-01 完成") == 2 and "待确认" in timeline
    assert "2025-09-30" in timeline  # 纳统
    screenshot(page, "imported-progress")
    # Once the plan is approved, the clerk of the unit finds the imported dates among the tasks, waiting for
    # their evidence.
    plan_approve(acting_user=cast.bureau, version=project.plan_versions.get())
    page.context.clear_cookies()
    _log_in(page, cast.clerk_a)
    page.goto("/projects/tasks/")
    tasks = page.inner_text("main")
    assert "待补充佐证材料的节点" in tasks and "开工" in tasks and "2025-08-01 完成，缺" in tasks
    screenshot(page, "clerk-tasks-evidence")
