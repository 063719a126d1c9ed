"""What a service agent (代办员) does for a firm under full agency: record the firm's signed authorisation,
then file the next department's step of a chain whose first step the firm already holds by 超时默认; and
what the next department then sees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.approvals.models import ApprovalRequest, Authorisation, Matter
from chengjie.approvals.services import request_accept, request_file
from chengjie.core.testing import PASSWORD, login_as
from chengjie.projects.testing import PDF_BYTES, PNG_BYTES, pdf_upload
from chengjie.workcalendar import workdays

from .conftest import accept, file_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deemed_first_step(cast, notices, planning, construction):
    """The firm's planning permit request, accepted 25 working days ago with a limit of 20: the unit let the
    clock run out and no job has run since, so it stands approved by 超时默认 only on the clock."""
    accepted_on = workdays.add_workdays(timezone.localdate(), -25)
    return accept(cast, file_request(cast, planning, on=accepted_on.isoformat()), on=accepted_on.isoformat())


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_an_agent_records_the_authorisation_and_files_the_chained_step(page, cast, agent, construction,
                                                                       deemed_first_step, screenshot):
    log_in(page, agent)
    page.click("nav.shell-nav >> text=审批办件")
    page.click("text=全程代理授权")
    page.click("text=登记授权")
    page.select_option("select[name=enterprise]", str(cast.firm.pk))
    page.fill("input[name=authorised_by]", "王某（法定代表人）")
    page.fill("input[name=authorised_on]", (timezone.localdate() - timedelta(days=3)).isoformat())
    page.set_input_files("input[name=letter]", files=[{"name": "授权委托书.png", "mimeType": "image/png",
                                                       "buffer": PNG_BYTES}])
    screenshot(page, "authorisation-form")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/approvals/authorisations/")
    assert "王某（法定代表人）" in page.content()
    screenshot(page, "authorisations")

    page.click("nav.shell-nav >> text=审批事项")
    page.locator("tr", has_text="建筑工程施工许可证核发").locator("text=申报").click()
    page.wait_for_url("**/file/")
    page.select_option("select[name=enterprise]", str(cast.firm.pk))
    page.fill("input[name=subject]", "年产500万支刷具项目一期厂房施工")
    page.set_input_files("input[name=document_0]", files=[{"name": "施工许可申请表.pdf", "mimeType": "application/pdf",
                                                           "buffer": PDF_BYTES}])
    screenshot(page, "filing-form")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/approvals/*/")

    filed = ApprovalRequest.objects.get(matter=construction)
    assert filed.authorisation == Authorisation.objects.get() and filed.filed_by == agent
    assert list(filed.prerequisite_requests.all()) == [deemed_first_step]
    assert page.locator("h1 .tag").inner_text() == "待受理"
    chain = page.locator("ul.chain-links").inner_text()
    assert "建设工程规划许可证核发" in chain and "超时默认准予许可" in chain
    assert "全程代理" in page.locator("dl.facts").first.inner_text()
    screenshot(page, "filed")

    # The first step, as the agent following the firm sees it: 超时默认 on the clock alone.
    page.goto(f"/approvals/{deemed_first_step.pk}/")
    assert page.locator("h1 .tag").inner_text() == "超时默认"
    assert "系统尚未登记" in page.locator(".deemed-banner").inner_text()
    screenshot(page, "first-step-deemed")

    page.click("nav.shell-nav >> text=审批办件")
    rows = page.locator("table.approvals-table tbody tr")
    assert rows.count() == 2
    assert "超时默认" in rows.filter(has_text=deemed_first_step.reference).inner_text()
    screenshot(page, "list")


def test_the_next_department_may_not_refuse_for_the_missing_first_permit(page, cast, agent, authorisation,
                                                                         construction, deemed_first_step, screenshot):
    second = request_file(acting_user=agent, matter=construction, enterprise=cast.firm, subject="一期厂房施工",
                          documents={"施工许可申请表": pdf_upload("施工许可申请表.pdf")})
    request_accept(acting_user=cast.clerk_a, request=second)
    log_in(page, cast.clerk_a)
    page.goto(f"/approvals/{second.pk}/")
    screenshot(page, "next-department")
    page.click("text=作出决定")
    page.check("input[name=decision][value=refuse]")
    page.select_option("select[name=refusal_ground]", "prerequisite")
    page.fill("textarea[name=reason]", "未提供建设工程规划许可证")
    page.set_input_files("input[name=result_document]", files=[{"name": "不予许可决定书.pdf",
                                                                "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    page.click("main form button[type=submit]")
    message = page.locator(".errorlist").first.inner_text()
    assert "超时默认准予许可，按超时默认制不得以缺少前置审批文件为由不予许可" in message
    screenshot(page, "refusal-refused")
    assert ApprovalRequest.objects.get(pk=second.pk).state == ApprovalRequest.State.ACCEPTED



def test_the_late_unit_issues_its_document_on_a_phone_and_the_bureau_sees_the_talk_list(
        phone_page, cast, deemed_first_step, screenshot):
    page = phone_page
    log_in(page, cast.clerk_b)
    page.goto("/approvals/tasks/")
    row = page.locator("tr", has_text=deemed_first_step.reference)
    assert "逾期未出具" in row.inner_text()
    screenshot(page, "tasks")
    row.locator("a").first.click()
    page.click("text=出具审批文件")
    page.fill("textarea[name=reason]", "补发建设工程规划许可证")
    page.set_input_files("input[name=result_document]", files=[{"name": "规划许可证.pdf",
                                                                "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    screenshot(page, "issue-document")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/approvals/{deemed_first_step.pk}/")
    banner = page.locator(".deemed-banner").inner_text()
    assert "审批文件已于" in banner and "逾期出具" in banner
    screenshot(page, "document-issued")

    page.context.clear_cookies()
    log_in(page, cast.bureau)
    page.goto("/approvals/defaults/")
    talks = page.locator("table").last.inner_text()
    assert "潜山市自然资源和规划局" in talks and deemed_first_step.reference in talks
    screenshot(page, "talk-list")


def test_the_system_administrator_chains_a_matter_and_is_stopped_at_a_cycle(page, client, live_server, cast,
                                                                            planning, construction, screenshot):
    login_as(client, cast.sys_admin)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto("/approvals/matters/")
    screenshot(page, "catalogue")
    page.click("text=新增事项")
    page.fill("input[name=name]", "建设工程竣工验收备案")
    page.select_option("select[name=handling_unit]", str(cast.unit_a.pk))
    page.fill("input[name=time_limit_workdays]", "5")
    page.fill("textarea[name=required_documents]", "竣工验收报告\n质量监督报告")
    page.check(f"input[name=prerequisites][value='{construction.pk}']")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/approvals/matters/*/")
    assert "建筑工程施工许可证核发" in page.locator("dl.facts").inner_text()

    page.goto(f"/approvals/matters/{planning.pk}/edit/")
    page.check(f"input[name=prerequisites][value='{Matter.objects.get(name='建设工程竣工验收备案').pk}']")
    page.fill("input[name=note]", "试图把竣工备案设为规划许可的前置")
    page.click("main form button[type=submit]")
    error = page.locator(".errorlist").first.inner_text()
    assert error.startswith("前置事项形成循环：建设工程规划许可证核发 → 建设工程竣工验收备案 → 建筑工程施工许可证核发")
    screenshot(page, "cycle-refused")

    page.uncheck(f"input[name=prerequisites][value='{Matter.objects.get(name='建设工程竣工验收备案').pk}']")
    page.fill("input[name=time_limit_workdays]", "15")
    page.fill("input[name=note]", "按承诺压缩时限")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/approvals/matters/{planning.pk}/")
    assert page.locator("table").last.locator("tbody tr").count() == 2
    screenshot(page, "versions")
