"""超时默认: derived from the clock the moment the deadline passes, recorded once by the job (even when the
worker was down and even when it runs twice), never for a matter excluded by law; the late unit's document
task, and the defaults counted against the unit."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from chengjie.approvals import selectors
from chengjie.approvals.clock import Status, request_clock, status_of
from chengjie.approvals.models import ApprovalRequest, DeemedApproval
from chengjie.approvals.services import request_decide
from chengjie.approvals.tallies import CRITICISM, TALK
from chengjie.approvals.tasks import record_deemed_approvals
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.notifications.models import Notification
from chengjie.projects.testing import pdf_upload

from .conftest import accept, at, decide, file_request

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def sweep(on: str) -> str:
    out = StringIO()
    with at(on):
        call_command("sweep", "approvals", "--date", on, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def late(cast, notices, planning) -> ApprovalRequest:
    """Accepted Monday 03-02 with 20 working days: the deadline is Monday 03-30 and nobody decides."""
    return accept(cast, file_request(cast, planning, on="2026-03-02"), on="2026-03-02")


def derived(request, on: str) -> Status:
    request.refresh_from_db()
    return status_of(request, request_clock(request, today=D(on)))


def test_with_the_worker_down_the_request_reads_as_deemed_the_day_after_the_deadline(cast, late):
    assert derived(late, "2026-03-30") == Status.RUNNING
    assert derived(late, "2026-03-31") == Status.DEEMED
    assert not DeemedApproval.objects.exists()
    owed = selectors.document_tasks(user=cast.clerk_b, today=D("2026-04-02"))["owed"]
    assert [row.pk for row in owed] == [late.pk]
    assert owed[0].clock.document_due_on == D("2026-03-31")
    assert selectors.request_counts(user=cast.clerk_b, today=D("2026-03-31"))["deemed"] == 1


def test_the_job_records_a_deemed_approval_once_however_often_it_runs(cast, late):
    first = sweep("2026-04-02")
    assert "新记录超时默认 1 件" in first
    assert "新记录超时默认 0 件" in sweep("2026-04-02")
    deemed = DeemedApproval.objects.get()
    assert (deemed.request_id, deemed.unit, deemed.deemed_on) == (late.pk, cast.unit_b, D("2026-03-30"))
    event = AuditEvent.objects.get(event="approval.deemed")
    assert event.actor_id is None and event.actor_username == "system" and event.channel == "job"
    assert "超时默认制" in event.note and "第四十二条" in event.note and "2026-03-30 届满" in event.note
    assert event.after["document_due_on"] == "2026-03-31"
    assert Notification.objects.filter(recipient=cast.clerk_b, kind="approvals.deemed").count() == 1
    assert Notification.objects.filter(recipient=cast.enterprise, kind="approvals.deemed").count() == 1


def test_the_periodic_task_records_through_the_same_sweep(cast, late):
    with at("2026-04-01T00:05"):
        record_deemed_approvals.call_local()
    assert DeemedApproval.objects.get().deemed_on == D("2026-03-30")
    assert AuditEvent.objects.get(event="approval.deemed").channel == "job"


def test_a_refusal_after_the_deadline_is_refused_and_only_the_document_may_follow(cast, late):
    with at("2026-04-01"), pytest.raises(DomainError, match="已超时默认准予许可，不能再作出不予许可决定；请在 2026-03-31 前出具审批文件"):
        request_decide(acting_user=cast.clerk_b, request=late, approve=False, reason="方案不符合规划",
                       refusal_ground="conditions", result_document=pdf_upload())
    issued = decide(cast, late, on="2026-04-01", reason="补发规划许可证")
    deemed = DeemedApproval.objects.get(request=late)  # recorded by the decision, the job never ran
    assert deemed.document is not None and deemed.document_late
    assert issued.state == ApprovalRequest.State.APPROVED
    assert derived(issued, "2026-04-02") == Status.DEEMED, "the approval took effect at the deadline"
    assert AuditEvent.objects.filter(event="approval.deemed", actor_id__isnull=True).count() == 1
    assert AuditEvent.objects.filter(event="approval.document_issued", actor_id=cast.clerk_b.pk).count() == 1
    assert "新记录超时默认 0 件" in sweep("2026-04-03")
    assert selectors.document_tasks(user=cast.clerk_b, today=D("2026-04-03"))["owed"] == []


def test_a_matter_excluded_by_law_is_never_deemed_approved_it_shows_overdue(cast, notices, hazardous):
    request = accept(cast, file_request(cast, hazardous, on="2026-03-02"), on="2026-03-02")
    assert request_clock(request, today=D("2026-03-17")).deadline == D("2026-03-16")
    assert derived(request, "2026-03-17") == Status.OVERDUE
    assert "新记录超时默认 0 件" in sweep("2026-03-20")
    assert not DeemedApproval.objects.exists()
    refused = decide(cast, request, on="2026-03-20", approve=False, reason="储存场所不符合安全距离要求")
    assert derived(refused, "2026-03-20") == Status.REFUSED
    assert request_clock(refused, today=D("2026-03-20")).overdue_by == 4


def test_a_decision_on_the_last_day_stands_and_nothing_is_recorded(cast, late):
    decide(cast, late, on="2026-03-30")
    assert derived(late, "2026-04-30") == Status.APPROVED
    assert "新记录超时默认 0 件" in sweep("2026-04-30")


def test_a_stopped_clock_cannot_run_out(cast, late):
    from chengjie.approvals.services import request_stop

    with at("2026-03-20"):
        request_stop(acting_user=cast.clerk_b, request=late, event="expert_review", reason="组织专家评审")
    assert derived(late, "2026-06-30") == Status.STOPPED
    assert "新记录超时默认 0 件" in sweep("2026-06-30")


def test_defaults_count_against_the_unit_first_a_talk_then_public_criticism(cast, notices, planning, late):
    sweep("2026-04-01")
    tallies = selectors.default_tallies(requests=selectors.requests_for_user(user=cast.bureau), year=2026,
                                        today=D("2026-04-01"))
    assert [(t.unit, t.count, t.consequence) for t in tallies] == [(cast.unit_b, 1, TALK)]
    # A second request runs out without any job having recorded it: it counts already.
    accept(cast, file_request(cast, planning, on="2026-04-01", subject="二期厂房"), on="2026-04-01")
    tallies = selectors.default_tallies(requests=selectors.requests_for_user(user=cast.bureau), year=2026,
                                        today=D("2026-05-06"))
    assert [(t.unit, t.count, t.consequence) for t in tallies] == [(cast.unit_b, 2, CRITICISM)]
    assert [d.recorded for d in tallies[0].defaults] == [True, False]
    assert selectors.default_tallies(requests=selectors.requests_for_user(user=cast.bureau), year=2025,
                                     today=D("2026-05-06")) == []


def test_unit_statistics_count_deemed_approvals_against_on_time(cast, notices, planning, late):
    on_time = accept(cast, file_request(cast, planning, on="2026-03-02", subject="仓库"), on="2026-03-03")
    decide(cast, on_time, on="2026-03-13")  # 8 working days after 03-03
    stats = selectors.unit_approval_stats(units=[cast.unit_a, cast.unit_b], start=D("2026-03-01"),
                                          end=D("2026-03-31"), today=D("2026-04-01"))
    assert stats[cast.unit_b.pk] == selectors.ApprovalStats(
        decided=2, on_time=1, on_time_rate=Decimal("50.0"), deemed_approvals=1, average_workdays=Decimal("14.0"))
    assert stats[cast.unit_a.pk] == selectors.ApprovalStats()
    april = selectors.unit_approval_stats(units=[cast.unit_b], start=D("2026-04-01"), end=D("2026-04-30"),
                                          today=D("2026-04-01"))
    assert april[cast.unit_b.pk].decided == 0 and april[cast.unit_b.pk].on_time_rate is None
