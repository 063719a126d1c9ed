"""A request's life through the services: filing by the firm or its authorised agent, acceptance, return
for supplements and resubmission, clock stops, the decision — and the chain rule between departments."""

from datetime import date

import pytest

from chengjie.approvals.clock import Status, request_clock, status_of
from chengjie.approvals.models import ApprovalRequest, ClockStop, RequestFile
from chengjie.approvals.services import (
    authorisation_record,
    authorisation_revoke,
    request_resubmit,
    request_resume,
    request_return,
    request_stop,
)
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.notifications.models import Notification
from chengjie.parks.models import Enterprise
from chengjie.projects.testing import make_project, pdf_upload

from .conftest import accept, at, decide, documents_for, file_request

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def status(request, on: str) -> Status:
    request.refresh_from_db()
    return status_of(request, request_clock(request, today=D(on)))


def test_a_firm_files_for_itself_with_each_required_document(cast, notices, planning):
    request = file_request(cast, planning, on="2026-03-02")
    assert request.state == ApprovalRequest.State.SUBMITTED and request.received_on == D("2026-03-02")
    assert (request.time_limit_workdays, request.deemed_approval_applies, request.matter_version) == (20, True, 1)
    assert sorted(request.files.values_list("kind", flat=True)) == ["建设工程规划许可申请表", "建设工程设计方案"]
    filed = AuditEvent.objects.get(event="approval.filed", object_id=str(request.pk))
    assert [f["kind"] for f in filed.after["files"]] == ["建设工程规划许可申请表", "建设工程设计方案"]
    assert all(len(f["sha256"]) == 64 for f in filed.after["files"])
    assert Notification.objects.filter(recipient=cast.clerk_b, kind="approvals.filed").exists()


def test_a_missing_document_or_a_file_that_is_not_a_pdf_or_image_is_refused(cast, notices, planning):
    documents = documents_for(planning)
    del documents["建设工程设计方案"]
    from chengjie.approvals.services import request_file

    with at("2026-03-02"), pytest.raises(DomainError, match="请上传申请材料：建设工程设计方案"):
        request_file(acting_user=cast.enterprise, matter=planning, enterprise=cast.firm, subject="项目",
                     documents=documents)
    from django.core.files.uploadedfile import SimpleUploadedFile

    documents["建设工程设计方案"] = SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with at("2026-03-02"), pytest.raises(DomainError, match="不是 PDF、JPEG 或 PNG 文件"):
        request_file(acting_user=cast.enterprise, matter=planning, enterprise=cast.firm, subject="项目",
                     documents=documents)


def test_a_firm_cannot_file_for_another_firm(cast, notices, planning):
    other = Enterprise.objects.create(uscc="91340882MA2N0D2K0F", name="另一家企业", division_id="340882400")
    from chengjie.approvals.services import request_file

    with at("2026-03-02"), pytest.raises(DomainError, match="只能为本企业申报"):
        request_file(acting_user=cast.enterprise, matter=planning, enterprise=other, subject="项目",
                     documents=documents_for(planning))


def test_an_agent_files_only_under_the_firms_recorded_authorisation(cast, notices, planning, agent):
    with pytest.raises(DomainError, match="没有“安徽潜山示例刷业有限公司”办理“建设工程规划许可证核发”的有效代办授权"):
        file_request(cast, planning, on="2026-03-02", user=agent)
    with at("2026-03-01"):
        granted = authorisation_record(acting_user=cast.enterprise, enterprise=cast.firm, agent=agent,
                                       authorised_by="王某（法定代表人）", authorised_on=D("2026-03-01"),
                                       valid_until=D("2026-12-31"), all_matters=False, matters=[planning],
                                       letter=pdf_upload("委托书.pdf"))
    request = file_request(cast, planning, on="2026-03-02", user=agent)
    assert request.authorisation == granted and request.filed_by == agent
    with at("2026-03-03"):
        authorisation_revoke(acting_user=cast.enterprise, authorisation=granted, reason="改由本企业自行办理")
    with pytest.raises(DomainError, match="有效代办授权"):
        file_request(cast, planning, on="2026-03-04", user=agent)


def test_an_authorisation_needs_a_letter_that_is_a_pdf_or_image_by_content(cast, agent):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("授权书.pdf", b"just text pretending", content_type="application/pdf")
    with pytest.raises(DomainError, match="不是 PDF、JPEG 或 PNG 文件"):
        authorisation_record(acting_user=agent, enterprise=cast.firm, agent=agent, authorised_by="王某",
                             authorised_on=date.today(), letter=fake)
    with pytest.raises(DomainError, match="请上传授权委托书"):
        authorisation_record(acting_user=agent, enterprise=cast.firm, agent=agent, authorised_by="王某",
                             authorised_on=date.today(), letter=None)


def test_an_agent_records_only_authorisations_made_out_to_them(cast, agent):
    from chengjie.accounts.roles import Role
    from chengjie.core.testing import make_user

    other_agent = make_user("agent2", role=Role.AGENT, full_name="代办员小张")
    with pytest.raises(DomainError, match="只能登记委托给自己的授权"):
        authorisation_record(acting_user=agent, enterprise=cast.firm, agent=other_agent, authorised_by="王某",
                             authorised_on=date.today(), letter=pdf_upload())
    with pytest.raises(DomainError, match="不能登记代办授权"):
        authorisation_record(acting_user=cast.bureau, enterprise=cast.firm, agent=agent, authorised_by="王某",
                             authorised_on=date.today(), letter=pdf_upload())


def test_a_project_linked_to_a_request_must_be_the_firms(cast, notices, planning):
    project = make_project(cast=cast)
    with pytest.raises(DomainError, match="投资企业不是"):
        file_request(cast, planning, on="2026-03-02", project=project)
    project.investor = cast.firm
    project.save(update_fields=["investor"])
    assert file_request(cast, planning, on="2026-03-02", project=project).project == project


def test_only_the_handling_unit_accepts(cast, notices, planning):
    request = file_request(cast, planning, on="2026-03-02")
    from chengjie.approvals.services import request_accept

    with at("2026-03-03"), pytest.raises(DomainError, match="由“潜山市自然资源和规划局”承办"):
        request_accept(acting_user=cast.clerk_a, request=request)
    request = accept(cast, request, on="2026-03-03")
    assert request.accepted_on == D("2026-03-03") and status(request, "2026-03-03") == Status.RUNNING
    assert request_clock(request, today=D("2026-03-03")).deadline == D("2026-03-31")


def test_a_return_before_acceptance_restarts_the_acceptance_window_from_resubmission(cast, notices, planning):
    request = file_request(cast, planning, on="2026-09-28")
    with at("2026-09-29"):
        request = request_return(acting_user=cast.clerk_b, request=request, reason="设计方案缺少总平面图")
    stop = ClockStop.objects.get(request=request)
    assert stop.before_acceptance and status(request, "2026-10-30") == Status.RETURNED
    with at("2026-10-30"):
        request = request_resubmit(acting_user=cast.enterprise, request=request, note="已补总平面图",
                                   documents=[pdf_upload("总平面图.pdf")])
    assert request.state == ApprovalRequest.State.SUBMITTED and request.received_on == D("2026-10-30")
    assert request.files.filter(purpose=RequestFile.Purpose.SUPPLEMENT).count() == 1
    assert status(request, "2026-11-06") == Status.SUBMITTED  # 5 working days from 10-30 run to 11-06


def test_a_return_after_acceptance_stops_the_clock_over_national_day(cast, notices, planning):
    request = accept(cast, file_request(cast, planning, on="2026-09-22"), on="2026-09-22")
    assert request_clock(request, today=D("2026-09-22")).deadline == D("2026-10-27")
    with at("2026-09-29"):
        request_return(acting_user=cast.clerk_b, request=request, reason="请补充日照分析报告")
    assert status(request, "2026-12-31") == Status.RETURNED
    with at("2026-10-09"):
        request = request_resubmit(acting_user=cast.enterprise, request=request, note="", documents=[pdf_upload()])
    assert request.state == ApprovalRequest.State.ACCEPTED
    # Stopped over 09-30, 10-08 and 10-09 (National Day off in between): three working days later.
    assert request_clock(request, today=D("2026-10-09")).deadline == D("2026-10-30")


def test_a_hearing_stops_the_clock_only_where_the_matter_allows_it(cast, notices, planning, construction):
    request = accept(cast, file_request(cast, planning, on="2026-03-02"), on="2026-03-02")
    with at("2026-03-03"), pytest.raises(DomainError, match="不允许因听证暂停计时"):
        request_stop(acting_user=cast.clerk_b, request=request, event="hearing", reason="利害关系人申请听证")
    with at("2026-03-03"):
        request_stop(acting_user=cast.clerk_b, request=request, event="expert_review", reason="组织专家评审设计方案")
    assert status(request, "2026-06-30") == Status.STOPPED
    with at("2026-03-10"):
        request_resume(acting_user=cast.clerk_b, request=request, note="专家评审通过")
    # Stopped after 03-03 up to 03-10: 5 working days. Due 03-30 without the stop; with it 03-31, 04-01,
    # 04-02, 04-03 and, past 清明 (04-04..04-06 off), 04-07.
    clock = request_clock(request, today=D("2026-03-10"))
    assert clock.periods[0].counted_workdays == 5
    assert clock.deadline == D("2026-04-07")


def test_a_refusal_states_its_reasons_and_a_decision_comes_with_its_document(cast, notices, planning):
    request = accept(cast, file_request(cast, planning, on="2026-03-02"), on="2026-03-02")
    from chengjie.approvals.services import request_decide

    with at("2026-03-05"), pytest.raises(DomainError, match="请填写决定理由"):
        request_decide(acting_user=cast.clerk_b, request=request, approve=False, reason="",
                       refusal_ground="conditions", result_document=pdf_upload())
    with at("2026-03-05"), pytest.raises(DomainError, match="请上传准予许可决定书或证照"):
        request_decide(acting_user=cast.clerk_b, request=request, approve=True)
    request = decide(cast, request, on="2026-03-05", approve=False)
    assert request.state == ApprovalRequest.State.REFUSED and status(request, "2026-03-06") == Status.REFUSED
    assert request.files.get(purpose=RequestFile.Purpose.RESULT).kind == "不予许可决定书"
    assert AuditEvent.objects.get(event="approval.refused").note == "设计方案不符合控制性详细规划"
    assert Notification.objects.filter(recipient=cast.enterprise, kind="approvals.decided").exists()


# --- the chain rule


def test_the_next_step_needs_the_previous_one_granted(cast, notices, planning, construction):
    with pytest.raises(DomainError, match="该企业尚未申报“建设工程规划许可证核发”"):
        file_request(cast, construction, on="2026-03-02")
    first = accept(cast, file_request(cast, planning, on="2026-03-02"), on="2026-03-02")
    with pytest.raises(DomainError, match="办件目前为“办理中”"):
        file_request(cast, construction, on="2026-03-03")
    decide(cast, first, on="2026-03-04")
    second = file_request(cast, construction, on="2026-03-05")
    assert list(second.prerequisite_requests.all()) == [first]


def test_a_deemed_prerequisite_lets_the_next_step_be_filed_and_it_may_not_be_refused_for_it(
        cast, notices, planning, construction, authorisation, agent):
    first = accept(cast, file_request(cast, planning, on="2026-03-02"), on="2026-03-02")
    # 20 working days from 03-02 end on 03-30; no decision, no job run: deemed approved on 03-30.
    assert status(first, "2026-03-31") == Status.DEEMED
    second = accept(cast, file_request(cast, construction, on="2026-03-31", user=agent), on="2026-03-31")
    from chengjie.approvals.services import request_decide

    with at("2026-04-01"), pytest.raises(DomainError) as refused:
        request_decide(acting_user=cast.clerk_a, request=second, approve=False, reason="未提供建设工程规划许可证",
                       refusal_ground=ApprovalRequest.RefusalGround.PREREQUISITE, result_document=pdf_upload())
    assert refused.value.message == ("前置事项“建设工程规划许可证核发”已于 2026-03-30 超时默认准予许可，"
                                     "按超时默认制不得以缺少前置审批文件为由不予许可。")
    assert ApprovalRequest.objects.get(pk=second.pk).state == ApprovalRequest.State.ACCEPTED
    # Refusing on the merits stays open to the next department.
    refused_on_merits = decide(cast, second, on="2026-04-01", approve=False, reason="施工图未经审查")
    assert refused_on_merits.state == ApprovalRequest.State.REFUSED
