"""Inspection services: registering before the fact, cancelling, the firm's confirmation and report, the
county's limit and the flags they raise."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.inspections.models import Inspection, InspectionLimit
from chengjie.inspections.periods import Period, PeriodKind
from chengjie.inspections.selectors import frequency_flags, frequency_position, limit_for_county
from chengjie.inspections.services import (
    inspection_cancel,
    inspection_confirm,
    inspection_limit_set,
    inspection_register,
)
from chengjie.inspections.testing import INSPECTORS, register, report
from chengjie.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


def _next_quarter() -> Period:
    current = Period.of(PeriodKind.QUARTER, _today())
    return Period.of(PeriodKind.QUARTER, current.end + timedelta(days=1))


# --- registering


def test_a_unit_registers_a_planned_inspection_the_firm_is_told(cast, django_capture_on_commit_callbacks):
    day = _today() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        inspection = register(cast, planned_on=day)
    assert inspection.source == Inspection.Source.REGISTERED and inspection.unit == cast.unit_a
    assert [(i.name, i.certificate_no) for i in inspection.inspectors.all()] == INSPECTORS
    audit = AuditEvent.objects.get(event="inspection.registered")
    assert audit.actor_username == "clerk_a" and audit.after["planned_on"] == day.isoformat()
    assert audit.after["inspectors"] == ["张卫东 3408001001", "李晓梅 3408001002"]
    note = Notification.objects.get(recipient=cast.enterprise)
    assert note.kind == "inspections.registered"
    assert note.title == f"潜山市经济和信息化局将于 {day:%Y-%m-%d} 对贵企业开展检查"
    assert not Notification.objects.filter(recipient=cast.bureau).exists()


def test_a_planned_date_in_the_past_is_refused_with_the_reason(cast):
    yesterday = _today() - timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        register(cast, planned_on=yesterday)
    assert refused.value.field == "planned_on"
    assert refused.value.message == (f"计划检查日期 {yesterday:%Y-%m-%d} 早于今天（{_today():%Y-%m-%d}）："
                                     "涉企检查须在实施前登记，已实施的检查不能补登。")
    assert not Inspection.objects.exists() and not AuditEvent.objects.filter(event="inspection.registered").exists()


def test_today_is_still_before_the_fact_but_more_than_a_year_ahead_is_not_a_plan(cast):
    assert register(cast, planned_on=_today()).planned_on == _today()
    with pytest.raises(DomainError, match="距今超过一年"):
        register(cast, planned_on=_today() + timedelta(days=400))


@pytest.mark.parametrize("inspectors, message", [
    ([("张卫东", "3408001001")], "检查人员不得少于 2 人（行政处罚法第四十二条）"),
    ([("张卫东", "3408001001"), ("李晓梅", "")], "第 2 名检查人员须同时填写姓名和执法证号"),
    ([("张卫东", "3408001001"), ("李晓梅", "3408 001 001")], "执法证号 3408001001 重复填写"),
])
def test_inspectors_need_two_officers_each_with_a_certificate(cast, inspectors, message):
    with pytest.raises(DomainError, match=message) as refused:
        inspection_register(acting_user=cast.clerk_a, enterprise=cast.firm, planned_on=_today(), purpose="检查",
                            legal_basis="《安全生产法》", inspectors=inspectors)
    assert refused.value.field == "inspectors"


def test_purpose_and_legal_basis_are_required(cast):
    with pytest.raises(DomainError, match="请填写检查依据") as refused:
        inspection_register(acting_user=cast.clerk_a, enterprise=cast.firm, planned_on=_today(), purpose="检查",
                            legal_basis="  ", inspectors=INSPECTORS)
    assert refused.value.field == "legal_basis"


def test_only_units_register_and_only_firms_in_their_scope(cast, firm_b):
    for user in (cast.bureau, cast.leader, cast.enterprise):
        with pytest.raises(DomainError, match="您的角色不能登记涉企检查"):
            register(cast, planned_on=_today(), by=user)
    with pytest.raises(DomainError, match="不在您的数据范围内") as refused:
        register(cast, planned_on=_today(), by=cast.outsider)
    assert refused.value.field == "enterprise"
    # A park committee inspects the firms of its own park only.
    assert register(cast, planned_on=_today(), by=cast.park).unit == cast.park_unit
    with pytest.raises(DomainError, match="不在您的数据范围内"):
        register(cast, planned_on=_today(), by=cast.park, enterprise=firm_b.firm)


def test_a_firm_no_longer_operating_cannot_be_inspected(cast):
    cast.firm.is_active = False
    cast.firm.save(update_fields=["is_active"])
    with pytest.raises(DomainError, match="已不再存续"):
        register(cast, planned_on=_today())


# --- cancelling


def test_the_registering_unit_cancels_and_the_firm_is_told(cast, django_capture_on_commit_callbacks):
    inspection = register(cast, planned_on=_today() + timedelta(days=3))
    with pytest.raises(DomainError, match="只有登记这次检查的单位才能取消"):
        inspection_cancel(acting_user=cast.clerk_b, inspection=inspection, reason="计划调整")
    with pytest.raises(DomainError, match="请填写取消原因"):
        inspection_cancel(acting_user=cast.head_a, inspection=inspection, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        inspection = inspection_cancel(acting_user=cast.head_a, inspection=inspection, reason="省局统一部署，改为联合检查")
    assert inspection.is_cancelled
    audit = AuditEvent.objects.get(event="inspection.cancelled")
    assert audit.before["cancelled_at"] is None and audit.note == "省局统一部署，改为联合检查"
    assert Notification.objects.filter(recipient=cast.enterprise, kind="inspections.cancelled").count() == 1
    with pytest.raises(DomainError, match="已于 .* 取消"):
        inspection_cancel(acting_user=cast.head_a, inspection=inspection, reason="再次取消")


def test_a_plan_whose_day_has_passed_cannot_be_cancelled(cast, frozen_today):
    inspection = register(cast, planned_on=_today())
    frozen_today(_today() + timedelta(days=1))
    with pytest.raises(DomainError, match="已过，不能再取消"):
        inspection_cancel(acting_user=cast.clerk_a, inspection=inspection, reason="未实施")


# --- the firm's confirmation


def test_the_firm_confirms_the_inspection_happened(cast):
    inspection = register(cast, planned_on=_today())
    inspection = inspection_confirm(acting_user=cast.enterprise, inspection=inspection, occurred_on=_today())
    assert inspection.is_confirmed and inspection.occurred_on == _today() and inspection.confirmed_by == cast.enterprise
    audit = AuditEvent.objects.get(event="inspection.confirmed")
    assert audit.before["occurred_on"] is None and audit.after["occurred_on"] == _today().isoformat()
    with pytest.raises(DomainError, match="已确认于"):
        inspection_confirm(acting_user=cast.enterprise, inspection=inspection, occurred_on=_today())
    with pytest.raises(DomainError, match="不能取消"):
        inspection_cancel(acting_user=cast.clerk_a, inspection=inspection, reason="误登")


def test_only_the_inspected_firm_confirms(cast, firm_b):
    inspection = register(cast, planned_on=_today())
    with pytest.raises(DomainError, match="只有被检查企业本身才能确认检查已实施"):
        inspection_confirm(acting_user=firm_b.user, inspection=inspection, occurred_on=_today())
    with pytest.raises(DomainError, match="您的角色不能确认检查已实施"):
        inspection_confirm(acting_user=cast.clerk_a, inspection=inspection, occurred_on=_today())


def test_a_confirmation_cannot_be_in_the_future_nor_before_the_registration(cast):
    inspection = register(cast, planned_on=_today() + timedelta(days=2))
    with pytest.raises(DomainError, match="晚于今天") as refused:
        inspection_confirm(acting_user=cast.enterprise, inspection=inspection, occurred_on=_today() + timedelta(days=2))
    assert refused.value.field == "occurred_on"
    with pytest.raises(DomainError, match="登记前实施的检查属于未登记检查"):
        inspection_confirm(acting_user=cast.enterprise, inspection=inspection, occurred_on=_today() - timedelta(days=1))


def test_a_cancelled_inspection_cannot_be_confirmed(cast):
    inspection = register(cast, planned_on=_today())
    inspection_cancel(acting_user=cast.clerk_a, inspection=inspection, reason="改期")
    with pytest.raises(DomainError, match="请报告未登记检查"):
        inspection_confirm(acting_user=cast.enterprise, inspection=inspection, occurred_on=_today())


# --- the firm's report of an unregistered inspection


def test_an_unregistered_inspection_is_flagged_to_the_county_office(cast, django_capture_on_commit_callbacks):
    day = _today() - timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        inspection = report(cast, occurred_on=day)
    assert inspection.is_unregistered and inspection.enterprise == cast.firm and inspection.unit == cast.unit_b
    assert AuditEvent.objects.get(event="inspection.reported").actor_username == "firm"
    note = Notification.objects.get(recipient=cast.bureau)
    assert note.kind == "inspections.unregistered"
    assert note.title == f"未登记的涉企检查：潜山市自然资源和规划局于 {day:%Y-%m-%d} 检查了安徽潜山示例刷业有限公司"
    assert note.link == f"/inspections/{inspection.pk}/"
    # Only the county office is told: not another county's staff, not the inspecting unit.
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"bureau"}


def test_a_report_names_a_unit_of_the_firms_county_and_a_past_day(cast):
    from chengjie.org.models import Unit

    tongcheng = Unit.objects.get(name="桐城市经济和信息化局")
    with pytest.raises(DomainError, match="请从本县（市、区）的单位中选择检查单位") as refused:
        report(cast, occurred_on=_today(), unit=tongcheng)
    assert refused.value.field == "unit"
    with pytest.raises(DomainError, match="尚未发生的检查不能确认或报告"):
        report(cast, occurred_on=_today() + timedelta(days=1))
    with pytest.raises(DomainError, match="请填写情况说明"):
        report(cast, occurred_on=_today(), description=" ")
    for user in (cast.clerk_a, cast.bureau):
        with pytest.raises(DomainError):
            report(cast, occurred_on=_today(), by=user)


# --- the frequency limit


def test_two_inspections_a_quarter_are_allowed_and_the_third_is_flagged(cast, django_capture_on_commit_callbacks):
    quarter = _next_quarter()
    with django_capture_on_commit_callbacks(execute=True):
        first = register(cast, planned_on=quarter.start)
        second = register(cast, planned_on=quarter.start + timedelta(days=20), by=cast.clerk_b)
    assert not Notification.objects.filter(recipient=cast.bureau).exists()
    assert frequency_flags(user=cast.bureau, year=quarter.year) == []
    assert frequency_position(second)[2:] == (2, 2)

    with django_capture_on_commit_callbacks(execute=True):
        third = register(cast, planned_on=quarter.end)
    note = Notification.objects.get(recipient=cast.bureau)
    assert note.kind == "inspections.frequency"
    assert note.title == f"涉企检查过频：安徽潜山示例刷业有限公司 {quarter.label}已检查 3 次（上限 2 次）"
    [flag] = frequency_flags(user=cast.bureau, year=quarter.year)
    assert (flag.enterprise, flag.period, flag.count, flag.limit) == (cast.firm, quarter, 3, 2)
    assert [i.pk for i in flag.inspections] == [first.pk, second.pk, third.pk]
    assert [i.pk for i in flag.excess] == [third.pk]


def test_the_next_quarter_starts_a_new_count_and_cancelled_ones_do_not_count(cast):
    quarter = _next_quarter()
    register(cast, planned_on=quarter.start)
    register(cast, planned_on=quarter.end)
    following = quarter.end + timedelta(days=1)
    register(cast, planned_on=following)
    assert frequency_flags(user=cast.bureau, year=quarter.year) + frequency_flags(
        user=cast.bureau, year=following.year) == []
    third = register(cast, planned_on=quarter.start + timedelta(days=1))
    assert len(frequency_flags(user=cast.bureau, year=quarter.year)) == 1
    third = inspection_cancel(acting_user=cast.clerk_a, inspection=third, reason="合并到联合检查")
    assert frequency_flags(user=cast.bureau, year=quarter.year) == []
    assert frequency_position(third) is None


def test_an_unregistered_inspection_counts_towards_the_limit(cast, frozen_today,
                                                             django_capture_on_commit_callbacks):
    frozen_today(date(2026, 5, 6))
    register(cast, planned_on=date(2026, 5, 6))
    register(cast, planned_on=date(2026, 6, 30))
    with django_capture_on_commit_callbacks(execute=True):
        reported = report(cast, occurred_on=date(2026, 4, 1))
    kinds = sorted(Notification.objects.filter(recipient=cast.bureau).values_list("kind", flat=True))
    assert kinds == ["inspections.frequency", "inspections.unregistered"]
    [flag] = frequency_flags(user=cast.bureau, year=2026)
    # In date order the report comes first, so the excess is the last registered one.
    assert flag.inspections[0] == reported and flag.excess[0].planned_on == date(2026, 6, 30)


def test_the_bureau_sets_its_countys_limit(cast, firm_b, frozen_today):
    assert limit_for_county("340882").is_default
    frozen_today(date(2026, 3, 2))
    register(cast, planned_on=date(2026, 3, 10))
    register(cast, planned_on=date(2026, 3, 20))
    assert frequency_flags(user=cast.bureau, year=2026) == []

    row = inspection_limit_set(acting_user=cast.bureau, period=PeriodKind.MONTH, max_inspections=1)
    assert (row.division_id, row.period, row.max_inspections) == ("340882", "month", 1)
    audit = AuditEvent.objects.get(event="inspection_limit.set")
    assert audit.before is None and audit.after == {"period": "month", "max_inspections": 1}
    [flag] = frequency_flags(user=cast.bureau, year=2026)
    assert flag.period == Period(kind="month", year=2026, number=3) and flag.period.label == "2026年3月"

    inspection_limit_set(acting_user=cast.bureau, period=PeriodKind.MONTH, max_inspections=1)
    assert AuditEvent.objects.filter(event="inspection_limit.set").count() == 1


def test_only_the_bureau_sets_a_limit_and_within_bounds(cast):
    with pytest.raises(DomainError, match="您的角色不能设置涉企检查频次上限"):
        inspection_limit_set(acting_user=cast.leader, period="quarter", max_inspections=3)
    with pytest.raises(DomainError, match="检查次数上限应为 1–50 次") as refused:
        inspection_limit_set(acting_user=cast.bureau, period="quarter", max_inspections=0)
    assert refused.value.field == "max_inspections"
    with pytest.raises(DomainError, match="统计周期“week”无效"):
        inspection_limit_set(acting_user=cast.bureau, period="week", max_inspections=3)
    with pytest.raises(DomainError, match="数据范围内的县"):
        inspection_limit_set(acting_user=cast.bureau, period="quarter", max_inspections=3, division_code="340881")
    assert not InspectionLimit.objects.exists()


def test_flags_stay_in_the_readers_scope(cast, frozen_today):
    frozen_today(date(2026, 3, 2))
    for day in (3, 4, 5):
        register(cast, planned_on=date(2026, 3, day))
    report(cast, occurred_on=date(2026, 3, 1))
    assert len(frequency_flags(user=cast.leader, year=2026)) == 1
    assert frequency_flags(user=cast.outsider, year=2026) == []
    assert frequency_flags(user=cast.bureau, year=2025) == []


def test_periods_cover_the_year_without_gaps():
    for kind in PeriodKind.values:
        periods = [Period(kind=kind, year=2026, number=n) for n in range(1, Period.count_in_year(kind) + 1)]
        assert periods[0].start == date(2026, 1, 1) and periods[-1].end == date(2026, 12, 31)
        for before, after in zip(periods, periods[1:]):
            assert after.start - before.end == timedelta(days=1)
    assert Period.of("quarter", date(2026, 3, 31)).label == "2026年第1季度"
    assert Period.of("quarter", date(2026, 4, 1)).label == "2026年第2季度"
    assert Period.of("half_year", date(2026, 7, 1)).label == "2026年下半年"
