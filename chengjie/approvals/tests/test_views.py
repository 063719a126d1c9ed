"""The approval pages for each kind of reader: the firm sees only its own requests, the handling unit the
requests for its matters, leaders and the bureau read everything in scope, an outsider nothing; the clock,
its warnings and the derived 超时默认 on the page; actions offered only to whoever may take them."""

from datetime import date

import pytest
from django.urls import reverse

from chengjie.accounts.roles import Role
from chengjie.approvals.models import ApprovalRequest, Authorisation, Matter
from chengjie.core.testing import login_as, make_user
from chengjie.parks.models import Enterprise
from chengjie.projects.testing import pdf_upload, png_upload

from .conftest import accept, at, decide, file_request

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def firm_b(cast):
    firm = Enterprise.objects.create(uscc="91340882MA2N0D2K0F", name="潜山另一家机电有限公司", division_id="340882400")
    return make_user("firm_b", role=Role.ENTERPRISE, enterprise=firm, division="340882400", full_name="另一家企业用户")


@pytest.fixture
def filed(cast, notices, planning) -> ApprovalRequest:
    return file_request(cast, planning, on="2026-03-02")


def get(client, user, url, **extra):
    login_as(client, user)
    return client.get(url, **extra)


# --- scope


@pytest.mark.parametrize(("who", "status"), [("enterprise", 200), ("clerk_b", 200), ("leader", 200), ("bureau", 200),
                                             ("clerk_a", 404), ("outsider", 404), ("park", 404),
                                             ("sys_admin", 403), ("audit_admin", 403)])
def test_who_may_open_a_request(client, cast, filed, who, status):
    assert get(client, getattr(cast, who), reverse("approvals:request_detail", args=[filed.pk])).status_code == status


def test_another_firm_cannot_see_the_request_nor_its_files(client, cast, filed, firm_b):
    assert get(client, firm_b, reverse("approvals:request_detail", args=[filed.pk])).status_code == 404
    record = filed.files.first()
    assert client.get(reverse("approvals:request_file", args=[record.pk])).status_code == 404
    assert filed.reference not in client.get(reverse("approvals:request_list")).content.decode()


def test_the_list_shows_each_reader_their_own_share(client, cast, filed, construction, firm_b):
    for user, expected in ((cast.enterprise, True), (cast.clerk_b, True), (cast.bureau, True), (cast.clerk_a, False),
                           (cast.outsider, False), (firm_b, False)):
        body = get(client, user, reverse("approvals:request_list")).content.decode()
        assert (filed.reference in body) is expected, user


def test_the_bureau_filters_the_list_by_handling_unit(client, cast, filed, notices, hazardous):
    other = file_request(cast, hazardous, on="2026-03-03")
    body = get(client, cast.bureau, reverse("approvals:request_list") + f"?unit={cast.unit_b.pk}").content.decode()
    assert filed.reference in body and other.reference not in body
    assert 'name="unit"' not in get(client, cast.clerk_b, reverse("approvals:request_list")).content.decode()


def test_a_firm_downloads_its_own_file_as_an_attachment(client, cast, filed):
    record = filed.files.first()
    response = get(client, cast.enterprise, reverse("approvals:request_file", args=[record.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


# --- the clock on the page


def test_the_page_shows_the_clock_with_start_deadline_and_days(client, cast, notices, planning):
    request = accept(cast, file_request(cast, planning, on="2026-02-06"), on="2026-02-06")
    with at("2026-03-02"):
        body = get(client, cast.enterprise, reverse("approvals:request_detail", args=[request.pk])).content.decode()
    assert "2026-03-12" in body  # 20 working days from 02-06 across Spring Festival
    assert "已用 12 个工作日" in body and "剩余 8 个工作日" in body
    assert "calendar-missing" not in body


def test_a_deadline_on_the_last_working_day_of_2026_shows_the_missing_2027_warning(client, cast, notices):
    from chengjie.approvals.services import matter_create

    matter = matter_create(acting_user=cast.sys_admin, division_code="340882", name="临时占用城市道路许可",
                           handling_unit=cast.unit_b, time_limit_workdays=5, required_documents=["申请表"])
    request = accept(cast, file_request(cast, matter, on="2026-12-24"), on="2026-12-24")
    with at("2026-12-28"):
        body = get(client, cast.clerk_b, reverse("approvals:request_detail", args=[request.pk])).content.decode()
    assert "2026-12-31" in body
    assert "calendar-missing" in body and "2027 年的节假日安排尚未导入" in body


def test_with_no_worker_run_the_page_already_shows_the_deemed_approval(client, cast, filed):
    accept(cast, filed, on="2026-03-02")
    with at("2026-03-31"):
        body = get(client, cast.enterprise, reverse("approvals:request_detail", args=[filed.pk])).content.decode()
        listing = client.get(reverse("approvals:request_list") + "?status=deemed").content.decode()
    assert "超时默认" in body and "已于 2026-03-30 视为准予许可" in body and "2026-03-31 前出具审批文件" in body
    assert "系统尚未登记" in body
    assert filed.reference in listing


def test_an_excluded_matter_past_its_limit_shows_overdue(client, cast, notices, hazardous):
    request = accept(cast, file_request(cast, hazardous, on="2026-03-02"), on="2026-03-02")
    with at("2026-03-18"):
        body = get(client, cast.clerk_a, reverse("approvals:request_detail", args=[request.pk])).content.decode()
    assert "超期未办结" in body and "依法不适用超时默认" in body
    assert "视为准予许可。" not in body


# --- actions


def test_filing_through_the_page_with_a_file_per_required_document(client, cast, notices, planning):
    login_as(client, cast.enterprise)
    url = reverse("approvals:request_create", args=[planning.pk])
    with at("2026-03-02"):
        assert client.get(url).status_code == 200
        response = client.post(url, {"enterprise": cast.firm.pk, "subject": "年产500万支刷具项目厂房",
                                     "document_0": pdf_upload("申请表.pdf"), "document_1": png_upload("方案.png")})
    request = ApprovalRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:request_detail", args=[request.pk])
    assert request.files.count() == 2


def test_filing_is_refused_to_the_handling_unit_and_readers(client, cast, planning):
    url = reverse("approvals:request_create", args=[planning.pk])
    for user in (cast.clerk_b, cast.leader, cast.sys_admin):
        assert get(client, user, url).status_code == 403


def test_the_handling_unit_accepts_and_a_reader_may_not(client, cast, filed):
    url = reverse("approvals:request_accept", args=[filed.pk])
    assert get(client, cast.leader, reverse("approvals:request_detail", args=[filed.pk])).status_code == 200
    assert client.post(url).status_code == 403
    login_as(client, cast.clerk_a)
    assert client.post(url).status_code == 404
    login_as(client, cast.clerk_b)
    with at("2026-03-03"):
        assert client.post(url).status_code == 302
    assert ApprovalRequest.objects.get().accepted_on == D("2026-03-03")


def test_after_the_deadline_the_decision_page_only_issues_the_document(client, cast, filed):
    accept(cast, filed, on="2026-03-02")
    login_as(client, cast.clerk_b)
    url = reverse("approvals:request_decide", args=[filed.pk])
    with at("2026-04-01"):
        page = client.get(url).content.decode()
        assert "出具审批文件（超时默认）" in page and 'name="decision"' not in page
        response = client.post(url, {"reason": "补发", "result_document": pdf_upload("规划许可证.pdf")})
    assert response.status_code == 302
    assert ApprovalRequest.objects.get().deemed_approval.document is not None


def test_a_prerequisite_refusal_shows_the_services_message_on_the_form(client, cast, notices, planning, construction):
    first = accept(cast, file_request(cast, planning, on="2026-03-02"), on="2026-03-02")
    second = accept(cast, file_request(cast, construction, on="2026-03-31"), on="2026-03-31")
    login_as(client, cast.clerk_a)
    with at("2026-04-01"):
        response = client.post(reverse("approvals:request_decide", args=[second.pk]), {
            "decision": "refuse", "refusal_ground": "prerequisite", "reason": "无规划许可证",
            "result_document": pdf_upload()})
    assert response.status_code == 200
    assert "已于 2026-03-30 超时默认准予许可，按超时默认制不得以缺少前置审批文件为由不予许可" in response.content.decode()
    assert first.pk in list(second.prerequisite_requests.values_list("pk", flat=True))


def test_the_firm_resubmits_after_a_return(client, cast, filed):
    from chengjie.approvals.services import request_return

    with at("2026-03-03"):
        request_return(acting_user=cast.clerk_b, request=filed, reason="设计方案缺少总平面图")
    url = reverse("approvals:request_resubmit", args=[filed.pk])
    assert get(client, cast.clerk_b, url).status_code == 403
    login_as(client, cast.enterprise)
    with at("2026-03-05"):
        response = client.post(url, {"documents": [pdf_upload("总平面图.pdf"), png_upload("照片.png")], "note": "已补"})
    assert response.status_code == 302
    assert ApprovalRequest.objects.get().state == ApprovalRequest.State.SUBMITTED
    assert filed.files.filter(purpose="supplement").count() == 2


# --- catalogue, authorisations, oversight pages


def test_the_system_administrator_keeps_the_catalogue_and_others_read_it(client, cast, planning):
    login_as(client, cast.sys_admin)
    response = client.post(reverse("approvals:matter_create"), {
        "division": "340882", "name": "排水许可", "handling_unit": cast.unit_a.pk, "time_limit_workdays": 0})
    assert response.status_code == 200 and "确保该值大于或等于1" in response.content.decode()
    response = client.post(reverse("approvals:matter_create"), {
        "division": "340882", "name": "排水许可", "handling_unit": cast.unit_a.pk, "time_limit_workdays": 10,
        "deemed_approval": "", "exclusion_reason": "", "required_documents": "申请表\n排水方案",
        "prerequisites": [planning.pk], "stop_events": ["supplement"]})
    assert "须写明法律依据" in response.content.decode()
    response = client.post(reverse("approvals:matter_create"), {
        "division": "340882", "name": "排水许可", "handling_unit": cast.unit_a.pk, "time_limit_workdays": 10,
        "deemed_approval": "on", "required_documents": "申请表\n排水方案", "prerequisites": [planning.pk]})
    matter = Matter.objects.get(name="排水许可")
    assert response.status_code == 302 and matter.required_documents == ["申请表", "排水方案"]
    for user in (cast.enterprise, cast.clerk_a, cast.leader):
        assert get(client, user, reverse("approvals:matter_detail", args=[matter.pk])).status_code == 200
        assert client.get(reverse("approvals:matter_edit", args=[matter.pk])).status_code == 403
    assert get(client, cast.outsider, reverse("approvals:matter_detail", args=[matter.pk])).status_code == 404
    assert get(client, cast.audit_admin, reverse("approvals:matter_list")).status_code == 403


def test_an_agent_records_the_firms_authorisation_with_its_letter(client, cast, agent):
    login_as(client, agent)
    with at("2026-03-02"):
        response = client.post(reverse("approvals:authorisation_create"), {
            "enterprise": cast.firm.pk, "agent": agent.pk, "authorised_by": "王某（法定代表人）",
            "authorised_on": "2026-03-01", "all_matters": "on", "letter": png_upload("委托书.png")})
    assert response.status_code == 302
    authorisation = Authorisation.objects.get()
    assert client.get(reverse("approvals:authorisation_letter", args=[authorisation.pk])).status_code == 200
    letter = reverse("approvals:authorisation_letter", args=[authorisation.pk])
    assert get(client, cast.clerk_a, letter).status_code == 404
    assert get(client, cast.enterprise, reverse("approvals:authorisation_list")).status_code == 200
    assert "王某（法定代表人）" in client.get(reverse("approvals:authorisation_list")).content.decode()


def test_the_default_lists_are_for_the_bureau_and_leaders(client, cast, filed):
    accept(cast, filed, on="2026-03-02")
    with at("2026-04-01"):
        body = get(client, cast.bureau, reverse("approvals:default_lists") + "?year=2026").content.decode()
        assert "潜山市自然资源和规划局" in body and "约谈" in body and filed.reference in body
        assert get(client, cast.leader, reverse("approvals:default_lists")).status_code == 200
        assert get(client, cast.clerk_b, reverse("approvals:default_lists")).status_code == 403
        assert get(client, cast.enterprise, reverse("approvals:default_lists")).status_code == 403


def test_the_document_task_shows_overdue_to_the_late_unit(client, cast, filed):
    accept(cast, filed, on="2026-03-02")
    with at("2026-04-02"):
        body = get(client, cast.clerk_b, reverse("approvals:document_tasks")).content.decode()
    assert filed.reference in body and "逾期未出具" in body and "2026-03-31" in body


# --- query counts


@pytest.mark.parametrize(("who", "url", "queries"), [
    ("clerk_b", "approvals:request_list", 12),
    ("clerk_b", "approvals:request_list?status=deemed", 14),
    ("clerk_b", "approvals:document_tasks", 11),
    ("bureau", "approvals:default_lists", 8),
])
def test_list_pages_cost_the_same_few_queries_for_many_requests(client, cast, notices, planning, who, url, queries,
                                                                django_assert_max_num_queries):
    for day in ("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09"):
        accept(cast, file_request(cast, planning, on=day), on=day)
    decide(cast, ApprovalRequest.objects.first(), on="2026-03-10")
    name, _, query = url.partition("?")
    login_as(client, getattr(cast, who))
    with at("2026-04-10"), django_assert_max_num_queries(queries):
        response = client.get(reverse(name) + (f"?{query}" if query else ""))
    assert response.content.decode().count("SP2026-") >= 5  # every late request is on the page


def test_the_matter_list_costs_the_same_few_queries_for_many_matters(client, cast, planning, construction, hazardous,
                                                                     django_assert_max_num_queries):
    login_as(client, cast.enterprise)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("approvals:matter_list"))
    assert response.content.decode().count("申报</a>") == 3
