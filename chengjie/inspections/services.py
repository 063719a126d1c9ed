"""Writes on inspections: a unit registers (and may cancel) a planned inspection before it happens; the firm
confirms it happened, or reports one nobody registered; the bureau sets its county's frequency limit.

Every service checks who may act on what, raises DomainError naming the field and the reason, and writes
its audit row in the same transaction. Notifications (to the firm; flags to the county office) are queued
after commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.notifications.services import notify
from chengjie.org.models import Division, Unit
from chengjie.parks.models import Enterprise

from . import selectors
from .models import Inspection, InspectionLimit, Inspector
from .periods import PeriodKind

AUDIT_FIELDS = ["source", "enterprise", "unit", "purpose", "legal_basis", "planned_on", "occurred_on", "description",
                "confirmed_by", "confirmed_at", "cancelled_by", "cancelled_at", "cancel_reason"]
# 行政处罚法（2021）第四十二条 and 行政执法三项制度: enforcement is done by at least two officers holding
# 执法证, who show them; so a registered inspection names at least two, each with the number.
MIN_INSPECTORS = 2
MAX_INSPECTORS = 10
# A plan further ahead than a year is not a plan the firm can act on.
MAX_DAYS_AHEAD = 366
# A firm reports what happened recently; older matters go to the 12345 hotline or an appeal.
MAX_DAYS_BACK = 366
MAX_LIMIT = 50


def _require(user, capability: str, what: str) -> None:
    if not user.has_capability(capability):
        raise DomainError(_("您的角色不能%(what)s。") % {"what": what}, code="forbidden")


def _day(value: date) -> str:
    return value.strftime("%Y-%m-%d")


def _clean_inspectors(inspectors: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned, seen = [], set()
    for position, (name, number) in enumerate(inspectors, start=1):
        name = (name or "").strip()
        number = "".join((number or "").split()).upper()
        if not name and not number:
            continue
        if not name or not number:
            raise DomainError(_("第 %(n)s 名检查人员须同时填写姓名和执法证号。") % {"n": position}, field="inspectors")
        if len(name) > 50 or len(number) > 30:
            raise DomainError(_("第 %(n)s 名检查人员的姓名或执法证号过长（姓名至多 50 字，证号至多 30 位）。")
                              % {"n": position}, field="inspectors")
        if number in seen:
            raise DomainError(_("执法证号 %(number)s 重复填写。") % {"number": number}, field="inspectors")
        seen.add(number)
        cleaned.append((name, number))
    if len(cleaned) < MIN_INSPECTORS:
        raise DomainError(_("检查人员不得少于 %(min)s 人（行政处罚法第四十二条），请填写每人的姓名和执法证号；现为 %(n)s 人。")
                          % {"min": MIN_INSPECTORS, "n": len(cleaned)}, field="inspectors")
    if len(cleaned) > MAX_INSPECTORS:
        raise DomainError(_("检查人员至多 %(max)s 人。") % {"max": MAX_INSPECTORS}, field="inspectors")
    return cleaned


def _after(inspection: Inspection) -> dict:
    after = snapshot(inspection, fields=AUDIT_FIELDS)
    after["inspectors"] = [f"{i.name} {i.certificate_no}" for i in inspection.inspectors.all()]
    return after


def _link(inspection: Inspection) -> str:
    return reverse("inspections:inspection_detail", args=[inspection.pk])


def _queue_frequency_flag(*, inspection: Inspection, acting_user) -> None:
    """When this inspection takes its firm over the county's limit for the period, tell the county office."""
    period, limit, inspections = selectors.period_inspections(enterprise=inspection.enterprise,
                                                              day=inspection.inspection_date)
    if len(inspections) <= limit.max_inspections:
        return
    firm = inspection.enterprise
    title = _("涉企检查过频：%(firm)s %(period)s已检查 %(count)s 次（上限 %(limit)s 次）") % {
        "firm": firm.name, "period": period.label, "count": len(inspections), "limit": limit.max_inspections}
    body = "\n".join(f"{_day(other.inspection_date)} {other.unit} {other.get_source_display()}"
                     for other in inspections)
    recipients = selectors.county_office_users(division_code=firm.division_id)
    link = reverse("inspections:flags") + f"?year={period.year}"
    transaction.on_commit(lambda: notify(recipients=recipients, kind="inspections.frequency", title=title, body=body,
                                         link=link, acting_user=acting_user))


@transaction.atomic
def inspection_register(*, acting_user, enterprise: Enterprise, planned_on: date, purpose: str, legal_basis: str,
                        inspectors: Iterable[tuple[str, str]]) -> Inspection:
    """Register a planned inspection of `enterprise` by the acting user's unit, before it happens."""
    _require(acting_user, "inspections.register", _("登记涉企检查"))
    unit = acting_user.unit
    if unit is None or not unit.is_active:
        raise DomainError(_("您的账号没有在用的所属单位，不能登记检查。"), field="unit")
    if not selectors.enterprises_to_inspect(user=acting_user).filter(pk=enterprise.pk).exists():
        raise DomainError(_("企业“%(firm)s”不在您的数据范围内或已不再存续，不能登记对它的检查。")
                          % {"firm": enterprise.name}, field="enterprise")
    today = timezone.localdate()
    if planned_on is None:
        raise DomainError(_("请填写计划检查日期。"), field="planned_on")
    if planned_on < today:
        raise DomainError(_("计划检查日期 %(day)s 早于今天（%(today)s）：涉企检查须在实施前登记，已实施的检查不能补登。")
                          % {"day": _day(planned_on), "today": _day(today)}, field="planned_on")
    if planned_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise DomainError(_("计划检查日期 %(day)s 距今超过一年，请在一年内的计划确定后再登记。")
                          % {"day": _day(planned_on)}, field="planned_on")
    inspection = Inspection.objects.create(
        source=Inspection.Source.REGISTERED, enterprise=enterprise, unit=unit, planned_on=planned_on,
        purpose=clean_text(purpose, label=_("检查事项和目的"), field="purpose", max_length=200, required=True),
        legal_basis=clean_text(legal_basis, label=_("检查依据"), field="legal_basis", max_length=300, required=True),
        created_by=acting_user)
    Inspector.objects.bulk_create([Inspector(inspection=inspection, name=name, certificate_no=number, order=order)
                                   for order, (name, number) in enumerate(_clean_inspectors(inspectors))])
    audit_record(event="inspection.registered", acting_user=acting_user, obj=inspection, after=_after(inspection))
    title = _("%(unit)s将于 %(day)s 对贵企业开展检查") % {"unit": unit.name, "day": _day(planned_on)}
    body = _("检查事项：%(purpose)s\n检查依据：%(basis)s") % {"purpose": inspection.purpose,
                                                            "basis": inspection.legal_basis}
    recipients, link = selectors.firm_users(enterprise=enterprise), _link(inspection)
    transaction.on_commit(lambda: notify(recipients=recipients, kind="inspections.registered", title=title, body=body,
                                         link=link, acting_user=acting_user))
    _queue_frequency_flag(inspection=inspection, acting_user=acting_user)
    return inspection


def _locked(inspection: Inspection) -> Inspection:
    return (Inspection.objects.select_for_update(of=("self",)).select_related("enterprise", "unit")
            .get(pk=inspection.pk))


@transaction.atomic
def inspection_cancel(*, acting_user, inspection: Inspection, reason: str) -> Inspection:
    """The registering unit withdraws a planned inspection that will not take place."""
    _require(acting_user, "inspections.register", _("取消涉企检查"))
    inspection = _locked(inspection)
    if (inspection.source != Inspection.Source.REGISTERED
            or inspection.unit_id not in acting_user.unit_and_descendant_ids()):
        raise DomainError(_("只有登记这次检查的单位才能取消它。"), field="inspection")
    if inspection.is_cancelled:
        raise DomainError(_("这次检查已于 %(at)s 取消。") % {"at": timezone.localtime(inspection.cancelled_at)
                                                           .strftime("%Y-%m-%d %H:%M")}, field="inspection")
    if inspection.is_confirmed:
        raise DomainError(_("企业已确认这次检查于 %(day)s 实施，不能取消。") % {"day": _day(inspection.occurred_on)},
                          field="inspection")
    if inspection.planned_on < timezone.localdate():
        raise DomainError(_("计划检查日期 %(day)s 已过，不能再取消；如未实施，企业不会确认它。")
                          % {"day": _day(inspection.planned_on)}, field="inspection")
    before = _after(inspection)
    inspection.cancel_reason = clean_text(reason, label=_("取消原因"), field="reason", max_length=200, required=True)
    inspection.cancelled_by, inspection.cancelled_at = acting_user, timezone.now()
    inspection.save(update_fields=["cancel_reason", "cancelled_by", "cancelled_at"])
    audit_record(event="inspection.cancelled", acting_user=acting_user, obj=inspection, before=before,
                 after=_after(inspection), note=inspection.cancel_reason)
    title = _("%(unit)s取消了原定 %(day)s 对贵企业的检查") % {"unit": inspection.unit.name,
                                                           "day": _day(inspection.planned_on)}
    recipients, link = selectors.firm_users(enterprise=inspection.enterprise), _link(inspection)
    transaction.on_commit(lambda: notify(recipients=recipients, kind="inspections.cancelled", title=title,
                                         body=inspection.cancel_reason, link=link, acting_user=acting_user))
    return inspection


def _firm_acting(acting_user, enterprise_id: int, what: str) -> None:
    _require(acting_user, "inspections.report", what)
    if acting_user.enterprise_id is None or acting_user.enterprise_id != enterprise_id:
        raise DomainError(_("只有被检查企业本身才能%(what)s。") % {"what": what}, field="inspection", code="forbidden")


def _check_occurred(day: date | None, *, earliest: date) -> date:
    today = timezone.localdate()
    if day is None:
        raise DomainError(_("请填写实际检查日期。"), field="occurred_on")
    if day > today:
        raise DomainError(_("实际检查日期 %(day)s 晚于今天，尚未发生的检查不能确认或报告。") % {"day": _day(day)},
                          field="occurred_on")
    if day < earliest:
        raise DomainError(_("实际检查日期 %(day)s 早于 %(earliest)s。") % {"day": _day(day), "earliest": _day(earliest)},
                          field="occurred_on")
    return day


@transaction.atomic
def inspection_confirm(*, acting_user, inspection: Inspection, occurred_on: date) -> Inspection:
    """The firm confirms a registered inspection took place, on the day it says."""
    _firm_acting(acting_user, inspection.enterprise_id, _("确认检查已实施"))
    inspection = _locked(inspection)
    if inspection.source != Inspection.Source.REGISTERED:
        raise DomainError(_("这是贵企业报告的未登记检查，无需再确认。"), field="inspection")
    if inspection.is_cancelled:
        raise DomainError(_("检查单位已取消这次检查；如检查仍然实施了，请报告未登记检查。"), field="inspection")
    if inspection.is_confirmed:
        raise DomainError(_("这次检查已确认于 %(day)s 实施。") % {"day": _day(inspection.occurred_on)}, field="inspection")
    registered_on = timezone.localdate(inspection.created_at)
    if occurred_on is not None and occurred_on < registered_on:
        raise DomainError(_("实际检查日期 %(day)s 早于登记日期 %(registered)s：登记前实施的检查属于未登记检查，"
                            "请报告未登记检查。") % {"day": _day(occurred_on), "registered": _day(registered_on)},
                          field="occurred_on")
    before = _after(inspection)
    inspection.occurred_on = _check_occurred(occurred_on, earliest=registered_on)
    inspection.confirmed_by, inspection.confirmed_at = acting_user, timezone.now()
    inspection.save(update_fields=["occurred_on", "confirmed_by", "confirmed_at"])
    audit_record(event="inspection.confirmed", acting_user=acting_user, obj=inspection, before=before,
                 after=_after(inspection))
    return inspection


@transaction.atomic
def inspection_report(*, acting_user, unit: Unit, occurred_on: date, description: str) -> Inspection:
    """The firm reports an inspection that took place without being registered. It is flagged to the
    county office at once, with a notification."""
    enterprise = acting_user.enterprise
    if enterprise is None:
        raise DomainError(_("您的账号没有绑定企业，不能报告检查。"), field="enterprise", code="forbidden")
    _firm_acting(acting_user, enterprise.pk, _("报告未登记的检查"))
    if unit is None or not selectors.county_units(enterprise=enterprise).filter(pk=unit.pk).exists():
        raise DomainError(_("请从本县（市、区）的单位中选择检查单位。"), field="unit")
    today = timezone.localdate()
    occurred_on = _check_occurred(occurred_on, earliest=today - timedelta(days=MAX_DAYS_BACK))
    inspection = Inspection.objects.create(
        source=Inspection.Source.REPORTED, enterprise=enterprise, unit=unit, occurred_on=occurred_on,
        description=clean_text(description, label=_("情况说明（检查人员、检查内容等）"), field="description",
                                max_length=2000, required=True),
        created_by=acting_user)
    audit_record(event="inspection.reported", acting_user=acting_user, obj=inspection, after=_after(inspection))
    title = _("未登记的涉企检查：%(unit)s于 %(day)s 检查了%(firm)s") % {
        "unit": unit.name, "day": _day(occurred_on), "firm": enterprise.name}
    recipients, link = selectors.county_office_users(division_code=enterprise.division_id), _link(inspection)
    body = inspection.description
    transaction.on_commit(lambda: notify(recipients=recipients, kind="inspections.unregistered", title=title,
                                         body=body, link=link, acting_user=acting_user))
    _queue_frequency_flag(inspection=inspection, acting_user=acting_user)
    return inspection


@transaction.atomic
def inspection_limit_set(*, acting_user, period: str, max_inspections: int,
                         division_code: str | None = None) -> InspectionLimit:
    """The bureau sets how many inspections of one firm its county allows per period."""
    _require(acting_user, "inspections.limits", _("设置涉企检查频次上限"))
    code = selectors.county_of((division_code or "").strip() or (acting_user.scope_prefix or ""))
    county = Division.objects.filter(code=code, level=Division.Level.COUNTY).first()
    prefix = acting_user.scope_prefix
    if county is None or prefix is None or not code.startswith(prefix):
        raise DomainError(_("请选择您数据范围内的县（市、区）。"), field="division")
    if period not in PeriodKind.values:
        raise DomainError(_("统计周期“%(period)s”无效，可选：月、季度、半年、年。") % {"period": period}, field="period")
    if max_inspections is None or not 1 <= max_inspections <= MAX_LIMIT:
        raise DomainError(_("检查次数上限应为 1–%(max)s 次，现为 %(value)s。") % {"max": MAX_LIMIT, "value": max_inspections},
                          field="max_inspections")
    row = InspectionLimit.objects.select_for_update().filter(division=county).first()
    before = snapshot(row, fields=["period", "max_inspections"]) if row else None
    if row is None:
        row = InspectionLimit(division=county)
    row.period, row.max_inspections, row.updated_by = period, max_inspections, acting_user
    row.save()
    after = snapshot(row, fields=["period", "max_inspections"])
    if after != before:
        audit_record(event="inspection_limit.set", acting_user=acting_user, obj=row,
                     object_repr=_("%(county)s涉企检查频次上限") % {"county": county.name}, before=before, after=after)
    return row
