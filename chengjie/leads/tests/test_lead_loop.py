"""The closed loop collect → screen → assess → assign → follow up: only in order, each step by the people
it belongs to, every step logged and audited."""

from datetime import date

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.leads.models import Lead, LeadStepLog
from chengjie.leads.services import agency_create, lead_advance, lead_drop, lead_follow_up, lead_update

from .conftest import advance, at, register

pytestmark = pytest.mark.django_db
Step = Lead.Step


def test_a_clerk_registers_a_lead_for_their_unit_in_the_unit_s_county(cast, lead):
    assert lead.step == Step.COLLECTED
    assert lead.unit == cast.unit_a and lead.source_unit == cast.unit_a and lead.division_id == "340882"
    assert lead.industry_id == "3670" and lead.created_by == cast.clerk_a
    row = LeadStepLog.objects.get(lead=lead)
    assert row.step == Step.COLLECTED and row.by == cast.clerk_a and row.entered_at == lead.step_entered_at
    event = AuditEvent.objects.get(event="lead.registered")
    assert event.object_id == str(lead.pk) and event.after["investor_name"] == "浙江某汽车零部件有限公司"


def test_a_clerk_cannot_register_a_lead_for_another_unit(cast):
    with pytest.raises(DomainError) as error:
        register(cast, unit=cast.unit_b)
    assert error.value.field == "unit" and "不在您的数据范围内" in error.value.message


def test_a_leader_cannot_register_leads(cast):
    with pytest.raises(DomainError) as error:
        register(cast, user=cast.leader, unit=cast.unit_a)
    assert error.value.code == "forbidden"


def test_the_loop_runs_in_order_and_logs_every_step(cast, lead):
    lead = advance(cast, lead, Step.FOLLOWING)
    assert lead.step == Step.FOLLOWING
    assert list(lead.step_log.values_list("step", flat=True)) == [
        Step.COLLECTED, Step.SCREENED, Step.ASSESSED, Step.ASSIGNED, Step.FOLLOWING]
    assert AuditEvent.objects.filter(event="lead.advanced").count() == 4
    assigned = lead.step_log.get(step=Step.ASSIGNED)
    assert assigned.unit == cast.unit_a and assigned.by == cast.bureau and assigned.note == "请一周内对接投资方"


@pytest.mark.parametrize("to_step", [Step.ASSESSED, Step.ASSIGNED, Step.FOLLOWING])
def test_a_step_cannot_be_skipped(cast, lead, to_step):
    with pytest.raises(DomainError) as error:
        lead_advance(acting_user=cast.bureau, lead=lead, to_step=to_step, note="跳过", unit=cast.unit_a)
    assert error.value.message.startswith("线索处于“收集”环节，下一步是“筛选”")
    assert Lead.objects.get(pk=lead.pk).step == Step.COLLECTED


def test_a_step_cannot_go_back(cast, lead):
    lead = advance(cast, lead, Step.ASSESSED)
    with pytest.raises(DomainError) as error:
        lead_advance(acting_user=cast.bureau, lead=lead, to_step=Step.SCREENED, note="重新筛选")
    assert "下一步是“交办”" in error.value.message


def test_only_the_bureau_screens_assesses_and_assigns(cast, lead):
    with pytest.raises(DomainError) as error:
        lead_advance(acting_user=cast.clerk_a, lead=lead, to_step=Step.SCREENED, note="自己筛选")
    assert error.value.code == "forbidden"


def test_assigning_names_a_unit_of_the_lead_s_county(cast, lead):
    lead = advance(cast, lead, Step.ASSESSED)
    with pytest.raises(DomainError) as error:
        lead_advance(acting_user=cast.bureau, lead=lead, to_step=Step.ASSIGNED, note="交办")
    assert error.value.field == "unit"
    lead = lead_advance(acting_user=cast.bureau, lead=lead, to_step=Step.ASSIGNED, note="交办", unit=cast.unit_b)
    assert lead.unit == cast.unit_b and lead.source_unit == cast.unit_a


def test_only_the_assigned_unit_feeds_back(cast, lead):
    lead = advance(cast, lead, Step.ASSESSED)
    lead = lead_advance(acting_user=cast.bureau, lead=lead, to_step=Step.ASSIGNED, note="交办", unit=cast.unit_b)
    with pytest.raises(DomainError):
        lead_advance(acting_user=cast.clerk_a, lead=lead, to_step=Step.FOLLOWING, note="已对接")
    lead = lead_advance(acting_user=cast.clerk_b, lead=lead, to_step=Step.FOLLOWING, note="已对接投资方")
    assert lead.step == Step.FOLLOWING


def test_assessment_and_feedback_need_a_note(cast, lead):
    lead = advance(cast, lead, Step.SCREENED)
    with pytest.raises(DomainError) as error:
        lead_advance(acting_user=cast.bureau, lead=lead, to_step=Step.ASSESSED, note="  ")
    assert error.value.field == "note" and error.value.message == "请填写研判意见。"


def test_a_follow_up_report_restarts_the_clock_without_changing_the_step(cast):
    with at("2026-11-02 09:00"):
        lead = advance(cast, register(cast), Step.FOLLOWING)
    with at("2026-11-13 16:00") as now:
        lead = lead_follow_up(acting_user=cast.clerk_a, lead=lead, note="投资方已来潜考察选址")
    assert lead.step == Step.FOLLOWING and lead.step_entered_at == now
    report = lead.step_log.last()
    assert report.is_report and report.note == "投资方已来潜考察选址" and report.entered_at == now
    assert AuditEvent.objects.get(event="lead.reported").note == "投资方已来潜考察选址"


def test_follow_up_reports_wait_for_the_first_feedback(cast, lead):
    lead = advance(cast, lead, Step.ASSIGNED)
    with pytest.raises(DomainError) as error:
        lead_follow_up(acting_user=cast.clerk_a, lead=lead, note="进展")
    assert "首次反馈后" in error.value.message


def test_the_bureau_drops_a_lead_with_a_reason_and_it_leaves_the_loop(cast, lead):
    with pytest.raises(DomainError):
        lead_drop(acting_user=cast.clerk_a, lead=lead, reason="不做了")
    lead = lead_drop(acting_user=cast.bureau, lead=lead, reason="投资方已选择在外省落户")
    assert lead.step == Step.DROPPED
    assert AuditEvent.objects.get(event="lead.dropped").note == "投资方已选择在外省落户"
    with pytest.raises(DomainError) as error:
        lead_advance(acting_user=cast.bureau, lead=lead, to_step=Step.SCREENED, note="恢复")
    assert "已终止" in error.value.message


def test_the_registering_unit_edits_its_lead_and_the_edit_is_audited(cast, lead):
    lead = lead_update(acting_user=cast.clerk_a, lead=lead, estimated_investment="35000.5", industry_code="3660")
    assert str(lead.estimated_investment) == "35000.50" and lead.industry_id == "3660"
    event = AuditEvent.objects.get(event="lead.updated")
    assert event.before["estimated_investment"] == "30000.00" and event.after["estimated_investment"] == "35000.50"
    with pytest.raises(DomainError) as error:
        lead_update(acting_user=cast.clerk_a, lead=lead, step=Step.FOLLOWING)
    assert "不能修改字段" in error.value.message


def test_another_unit_cannot_touch_a_lead_it_does_not_see(cast, lead):
    with pytest.raises(DomainError) as error:
        lead_update(acting_user=cast.clerk_b, lead=lead, title="改名")
    assert "不在您的数据范围内" in error.value.message
    with pytest.raises(DomainError):
        lead_advance(acting_user=cast.outsider, lead=lead, to_step=Step.SCREENED, note="越权")


def test_an_agency_lead_names_an_agency_in_force(cast):
    with pytest.raises(DomainError) as error:
        register(cast, channel=Lead.Channel.AGENCY)
    assert error.value.field == "agency"
    expired = agency_create(acting_user=cast.bureau, name="上海安徽商会", kind="chamber",
                            agreement_from=date(2024, 1, 1), agreement_to=date(2025, 12, 31))
    with pytest.raises(DomainError) as error:
        register(cast, channel=Lead.Channel.AGENCY, agency=expired)
    assert "协议已于 2025-12-31 到期" in error.value.message
