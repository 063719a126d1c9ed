"""The approvals API: the same scope, rules and audit as the pages, with each request's clock and derived
state in the body."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from chengjie.approvals.models import ApprovalRequest
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as
from chengjie.projects.testing import pdf_upload

from .conftest import accept, at, file_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    """Call as `user` in a logged-in browser session (firms hold no API tokens), password changed "now" so
    that a test set in the future does not meet an expired password."""
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    login_as(api, user)
    return api


def test_the_catalogue_is_read_only_and_lists_required_documents_in_upload_order(api, cast, planning, construction):
    as_user(api, cast.enterprise)
    body = api.get(reverse("api:approval-matter-list")).json()
    by_name = {row["name"]: row for row in body["results"]}
    assert by_name["建设工程规划许可证核发"]["required_documents"] == ["建设工程规划许可申请表", "建设工程设计方案"]
    assert by_name["建筑工程施工许可证核发"]["prerequisites"] == [planning.pk]
    assert api.post(reverse("api:approval-matter-list"), {"name": "x"}).status_code in (403, 405)
    as_user(api, cast.audit_admin)
    assert api.get(reverse("api:approval-matter-list")).status_code == 403


def test_a_firm_files_through_the_api_and_the_unit_accepts(api, cast, notices, planning):
    as_user(api, cast.enterprise)
    with at("2026-03-02"):
        response = api.post(reverse("api:approval-list"), {
            "matter": planning.pk, "enterprise": cast.firm.pk, "subject": "年产500万支刷具项目",
            "document_0": pdf_upload("申请表.pdf"), "document_1": pdf_upload("方案.pdf")}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["clock"]["acceptance_due_on"] == "2026-03-09"
    assert len(body["files"]) == 2
    as_user(api, cast.clerk_b)
    with at("2026-03-03"):
        accepted = api.post(reverse("api:approval-accept", args=[body["id"]])).json()
    assert accepted["status"] == "running" and accepted["clock"]["deadline"] == "2026-03-31"
    assert AuditEvent.objects.filter(event="approval.accepted", channel="api").count() == 1


def test_a_missing_document_is_a_400_naming_it(api, cast, notices, planning):
    as_user(api, cast.enterprise)
    with at("2026-03-02"):
        response = api.post(reverse("api:approval-list"), {
            "matter": planning.pk, "enterprise": cast.firm.pk, "subject": "项目",
            "document_0": pdf_upload("申请表.pdf")}, format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"] == "请上传申请材料：建设工程设计方案。"


def test_scope_another_unit_and_an_outsider_get_404_a_reader_403(api, cast, notices, planning):
    request = file_request(cast, planning, on="2026-03-02")
    for user in (cast.clerk_a, cast.outsider):
        as_user(api, user)
        assert api.get(reverse("api:approval-detail", args=[request.pk])).status_code == 404
        assert api.post(reverse("api:approval-accept", args=[request.pk])).status_code == 404
    as_user(api, cast.leader)
    assert api.get(reverse("api:approval-detail", args=[request.pk])).status_code == 200
    assert api.post(reverse("api:approval-accept", args=[request.pk])).status_code == 403
    as_user(api, cast.enterprise)
    assert [row["id"] for row in api.get(reverse("api:approval-list")).json()["results"]] == [request.pk]


def test_the_api_shows_deemed_approval_without_the_job_and_refuses_a_late_refusal(api, cast, notices, planning):
    request = accept(cast, file_request(cast, planning, on="2026-03-02"), on="2026-03-02")
    as_user(api, cast.enterprise)
    with at("2026-03-31"):
        body = api.get(reverse("api:approval-detail", args=[request.pk])).json()
        listed = api.get(reverse("api:approval-list") + "?status=deemed").json()
    assert body["status"] == "deemed" and body["deemed"] is None
    assert body["clock"]["deadline"] == "2026-03-30" and body["clock"]["document_due_on"] == "2026-03-31"
    assert [row["id"] for row in listed["results"]] == [request.pk]
    as_user(api, cast.clerk_b)
    with at("2026-03-31"):
        response = api.post(reverse("api:approval-decide", args=[request.pk]), {
            "approve": False, "reason": "不符合规划", "refusal_ground": "conditions",
            "result_document": pdf_upload()}, format="multipart")
        assert response.status_code == 400 and "已超时默认准予许可" in response.json()["detail"]
        issued = api.post(reverse("api:approval-decide", args=[request.pk]), {
            "approve": True, "reason": "补发", "result_document": pdf_upload("许可证.pdf")}, format="multipart")
    assert issued.status_code == 200
    assert issued.json()["deemed"]["deemed_on"] == "2026-03-30"
    assert ApprovalRequest.objects.get().state == ApprovalRequest.State.APPROVED


def test_return_resubmit_stop_and_resume_through_the_api(api, cast, notices, planning):
    request = accept(cast, file_request(cast, planning, on="2026-09-22"), on="2026-09-22")
    as_user(api, cast.clerk_b)
    with at("2026-09-29"):
        returned = api.post(reverse("api:approval-return-for-supplements", args=[request.pk]),
                            {"reason": "请补充日照分析"}, format="json").json()
    assert returned["status"] == "returned" and returned["clock"]["deadline"] is None
    as_user(api, cast.enterprise)
    with at("2026-10-09"):
        resubmitted = api.post(reverse("api:approval-resubmit", args=[request.pk]),
                               {"documents": [pdf_upload()], "note": "已补"}, format="multipart").json()
    assert resubmitted["clock"]["deadline"] == "2026-10-30"
    assert resubmitted["clock"]["periods"][0]["counted_workdays"] == 3
    as_user(api, cast.clerk_b)
    with at("2026-10-12"):
        stopped = api.post(reverse("api:approval-stop", args=[request.pk]),
                           {"event": "expert_review", "reason": "专家评审"}, format="json").json()
        assert stopped["status"] == "stopped" and stopped["clock"]["stopped"] == "expert_review"
        assert api.post(reverse("api:approval-stop", args=[request.pk]),
                        {"event": "hearing", "reason": "听证"}, format="json").status_code == 400
    with at("2026-10-14"):
        resumed = api.post(reverse("api:approval-resume", args=[request.pk]), {}, format="json").json()
    assert resumed["status"] == "running" and resumed["clock"]["deadline"] == "2026-11-03"


def test_the_year_end_warning_is_in_the_body(api, cast, notices):
    from chengjie.approvals.services import matter_create

    matter = matter_create(acting_user=cast.sys_admin, division_code="340882", name="临时占用城市道路许可",
                           handling_unit=cast.unit_b, time_limit_workdays=5, required_documents=["申请表"])
    request = accept(cast, file_request(cast, matter, on="2026-12-24"), on="2026-12-24")
    with at("2026-12-24"):
        as_user(api, cast.enterprise)
        clock = api.get(reverse("api:approval-detail", args=[request.pk])).json()["clock"]
    assert clock["deadline"] == "2026-12-31" and clock["missing_years"] == [2027]
    assert "2027 年的节假日安排尚未导入" in clock["warning"]


def test_the_list_costs_the_same_few_queries_for_many_requests(api, cast, notices, planning,
                                                               django_assert_max_num_queries):
    for day in ("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"):
        accept(cast, file_request(cast, planning, on=day), on=day)
    as_user(api, cast.clerk_b)
    with at("2026-04-10"), django_assert_max_num_queries(10):
        assert len(api.get(reverse("api:approval-list")).json()["results"]) == 4
