"""What people do with a lead: a unit's clerk registers it on a phone, the bureau screens, assesses and
assigns it, the clerk feeds back, and the bureau signs it into a project from the pre-filled form."""

import re

import pytest

from chengjie.core.testing import PASSWORD
from chengjie.leads.models import Lead
from chengjie.leads.services import referrer_register
from chengjie.org.models import Division, Industry
from chengjie.org.refdata import load_reference_data
from chengjie.projects.models import Project
from chengjie.projects.testing import ensure_shipped_templates

from .conftest import ID_PERSON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test flushes the tables after itself, reference data and templates included."""
    if not Division.objects.exists():
        load_reference_data(Division, Industry)
    ensure_shipped_templates()


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def submit_step(page, lead, step, note, unit=None):
    page.goto(f"/leads/{lead.pk}/")
    page.click(f"a[href='/leads/{lead.pk}/step/{step}/']")
    page.fill("textarea[name=note]", note)
    if unit is not None:
        page.select_option("select[name=unit]", str(unit.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/leads/{lead.pk}/")


def test_a_clerk_registers_a_lead_and_the_bureau_assesses_and_converts_it(reference_data, cast, page, phone_page,
                                                                          screenshot):
    referrer_register(acting_user=cast.bureau, name="李引荐", kind="person", id_number=ID_PERSON,
                      phone="13812345678")
    clerk = phone_page
    log_in(clerk, cast.clerk_a)
    clerk.goto("/leads/")
    clerk.click("text=登记线索")
    clerk.fill("input[name=title]", "年产500万套汽车零部件项目")
    clerk.fill("input[name=investor_name]", "浙江某汽车零部件有限公司")
    clerk.select_option("select[name=channel]", "business")
    clerk.select_option("select[name=referrer]", label="李引荐")
    clerk.fill("input[name=industry]", "3670")
    clerk.fill("input[name=estimated_investment]", "30000")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_url(re.compile(r".*/leads/\d+/$"))
    lead = Lead.objects.get()
    assert lead.source_unit == cast.unit_a and lead.referrer.name == "李引荐"
    assert "当前环节：收集" in clerk.content() and "1 个工作日内筛选" in clerk.content()
    screenshot(clerk, "clerk-lead-page")

    bureau = page
    log_in(bureau, cast.bureau)
    bureau.goto("/leads/")
    assert bureau.locator("table tbody tr").count() == 1
    screenshot(bureau, "bureau-list")
    submit_step(bureau, lead, "screened", "信息真实，属主导产业")
    submit_step(bureau, lead, "assessed", "投资方实力较强，建议由经信局对接")
    submit_step(bureau, lead, "assigned", "请一周内对接投资方", unit=cast.unit_a)
    assert "交办" in bureau.locator("#step-log").inner_text()

    clerk.goto(f"/leads/{lead.pk}/")
    clerk.click("text=反馈对接情况")
    clerk.fill("textarea[name=note]", "已与投资方电话沟通，对方拟下月来潜考察")
    screenshot(clerk, "clerk-feeds-back")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_url(f"**/leads/{lead.pk}/")
    screenshot(clerk, "clerk-following")

    bureau.goto(f"/leads/{lead.pk}/")
    screenshot(bureau, "bureau-before-signing")
    bureau.click("text=签约转为项目")
    assert bureau.input_value("input[name=name]") == "年产500万套汽车零部件项目"
    assert bureau.input_value("input[name=contracted_investment]") == "30000.00"
    bureau.fill("input[name=contracted_investment]", "32000")
    bureau.select_option("select[name=division]", "340882400")
    bureau.select_option("select[name=park]", str(cast.park_obj.pk))
    screenshot(bureau, "bureau-signing-form")
    bureau.click("main form button[type=submit]")
    bureau.wait_for_url(re.compile(r".*/projects/\d+/$"))
    project = Project.objects.get()
    assert project.lead_id == lead.pk and project.referrer.name == "李引荐"
    screenshot(bureau, "project-page")

    bureau.goto(f"/leads/{lead.pk}/")
    assert bureau.locator(f"a[href='/projects/{project.pk}/']").count() == 1
    assert bureau.locator("#step-log tbody tr").count() == 6
    screenshot(bureau, "lead-converted")
    clerk.goto("/leads/?step=converted")
    assert clerk.locator("table.cards tbody tr").count() == 1
    screenshot(clerk, "clerk-list-converted")
