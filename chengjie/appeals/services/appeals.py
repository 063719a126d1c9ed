"""An appeal's way in and through its unit: filed by a firm on the web or registered from a hotline call,
routed to a unit (by the county office, or by the category's default unit), accepted or returned, replied
to, closed with a result."""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.org.models import Division, Unit
from chengjie.parks.models import Enterprise
from chengjie.parks.services import PHONE_SHAPE

from ..clock import ACCEPT, Limits
from ..models import Appeal, AppealCategory, AppealEvent
from . import attachments as attachment_files
from .common import (
    TEXT_MAX,
    audit_snapshot,
    county_office_people,
    firm_people,
    lock,
    log,
    require,
    require_handler,
    require_in_scope,
    require_local,
    require_status,
    tell,
    unit_people,
)

Status = Appeal.Status
Event = AppealEvent.Kind


def clean_phone(value, *, field: str = "caller_phone") -> str:
    value = (value or "").strip()
    if value and not PHONE_SHAPE.match(value):
        raise DomainError(_("联系电话“%(value)s”格式不正确：请填写手机号或带区号的固定电话。") % {"value": value},
                          field=field)
    return value


def check_category(category: AppealCategory | None, *, county: str) -> AppealCategory | None:
    if category is None:
        return None
    if category.county_id != county:
        raise DomainError(_("问题分类“%(name)s”不属于本县（市、区）。") % {"name": category.name}, field="category")
    if not category.is_active:
        raise DomainError(_("问题分类“%(name)s”已停用，不能选用。") % {"name": category.name}, field="category")
    return category


def check_unit(unit: Unit, *, county: str, field: str = "unit") -> Unit:
    if unit.division_id[:6] != county:
        raise DomainError(_("承办单位“%(name)s”不属于本县（市、区）。") % {"name": unit.name}, field=field)
    if not unit.is_active:
        raise DomainError(_("承办单位“%(name)s”已停用，不能选用。") % {"name": unit.name}, field=field)
    return unit


def default_unit(category: AppealCategory | None) -> Unit | None:
    """The category's default unit, else its nearest ancestor's; a disabled unit routes nowhere."""
    while category is not None:
        if category.default_unit_id is not None:
            unit = category.default_unit
            return unit if unit.is_active else None
        category = category.parent
    return None


def _check_kind(kind: str) -> str:
    if kind not in Appeal.Kind.values:
        raise DomainError(_("请选择诉求类型（咨询、求助、投诉、举报、建议或感谢）。"), field="kind")
    return kind


def _route(appeal: Appeal, unit: Unit, *, by, note: str) -> None:
    appeal.unit = unit
    appeal.routed_at = timezone.now()
    appeal.status = Status.ASSIGNED
    appeal.save(update_fields=["unit", "routed_at", "status"])
    log(appeal, Event.ROUTED, by=by, text=_("派发至%(unit)s。%(note)s") % {"unit": unit.name, "note": note})
    days = Limits.for_county(appeal.county_id).limit(appeal, ACCEPT)
    tell(unit_people(unit.pk), appeal, kind="appeals.routed", acting_user=by,
         title=_("新诉求待签收：%(subject)s") % {"subject": appeal.subject},
         body=_("请在受理后 %(days)d 个工作日内签收；不属于本单位职责的，请退回并说明理由。") % {"days": days})


def _create(*, acting_user, channel: str, event: str, audit_event: str, division: Division, enterprise, kind: str,
            category, subject: str, content: str, caller_name: str, caller_phone: str, company_name: str,
            received_at: datetime, is_complex: bool, unit: Unit | None, route_note: str,
            uploads: list[UploadedFile]) -> Appeal:
    county = division.code[:6]
    kinds = attachment_files.check_uploads(uploads)
    appeal = Appeal.objects.create(
        county_id=county, division=division, enterprise=enterprise, company_name=company_name, channel=channel,
        kind=_check_kind(kind), category=check_category(category, county=county),
        subject=clean_text(subject, label=_("诉求主题"), field="subject", max_length=200, required=True),
        content=clean_text(content, label=_("诉求内容"), field="content", max_length=TEXT_MAX, required=True),
        caller_name=clean_text(caller_name, label=_("诉求人"), field="caller_name", max_length=50, required=False),
        caller_phone=clean_phone(caller_phone), is_complex=is_complex, received_at=received_at,
        cycle_started_at=received_at, created_by=acting_user)
    attachment_files.store(appeal=appeal, uploads=uploads, kinds=kinds, acting_user=acting_user)
    log(appeal, event, by=acting_user, at=received_at)
    audit_record(event=audit_event, acting_user=acting_user, obj=appeal, after=audit_snapshot(appeal),
                 note=_("附件 %(count)d 个") % {"count": len(uploads)} if uploads else "")
    routed_by = acting_user
    if unit is None:
        # Routed by the category's rule, not by the person filing: the timeline says so.
        unit, routed_by = default_unit(appeal.category), None
        route_note = _("按问题分类的默认承办单位派发。") if unit is not None else ""
    if unit is not None:
        before = audit_snapshot(appeal)
        _route(appeal, unit, by=routed_by, note=route_note)
        audit_record(event="appeal.routed", acting_user=acting_user, obj=appeal, before=before,
                     after=audit_snapshot(appeal), note=route_note)
    else:
        tell(county_office_people(appeal), appeal, kind="appeals.to_route", acting_user=acting_user,
             title=_("新诉求待派发：%(subject)s") % {"subject": appeal.subject},
             body=_("该诉求的问题分类没有默认承办单位，请尽快派发：签收时限自受理时起算。"))
    return appeal


@transaction.atomic
def appeal_file(*, acting_user, kind: str, subject: str, content: str, category: AppealCategory | None = None,
                caller_name: str = "", caller_phone: str = "", attachments: list[UploadedFile] | None = None) -> Appeal:
    """A firm's user files an appeal for their own firm on the web; its clocks start now."""
    require(acting_user, "appeals.file", _("以企业名义提交诉求"))
    enterprise: Enterprise | None = acting_user.enterprise if acting_user.binds_enterprise else None
    if enterprise is None or not enterprise.is_active:
        raise DomainError(_("您的账号没有关联存续的企业，不能提交诉求。"), field="enterprise", code="forbidden")
    return _create(acting_user=acting_user, channel=Appeal.Channel.WEB, event=Event.FILED, audit_event="appeal.filed",
                   division=enterprise.division, enterprise=enterprise, kind=kind, category=category,
                   subject=subject, content=content, caller_name=caller_name or acting_user.display_name,
                   caller_phone=caller_phone or acting_user.phone, company_name=enterprise.name,
                   received_at=timezone.now(), is_complex=False, unit=None, route_note="",
                   uploads=list(attachments or []))


def _register_division(acting_user, enterprise: Enterprise | None) -> Division:
    if enterprise is not None:
        return enterprise.division
    code = acting_user.unit.division_id if acting_user.unit_id else (acting_user.scope_prefix or "")
    if len(code) < 6:
        raise DomainError(_("请选择反映问题的企业：省、市级账号登记的诉求须能确定所属县（市、区）。"), field="enterprise")
    return Division.objects.get(code=code)


@transaction.atomic
def appeal_register(*, acting_user, kind: str, subject: str, content: str, category: AppealCategory | None = None,
                    caller_name: str = "", caller_phone: str = "", enterprise: Enterprise | None = None,
                    company_name: str = "", received_at: datetime | None = None, is_complex: bool = False,
                    unit: Unit | None = None) -> Appeal:
    """Staff enter a call taken on the hotline. A unit's call stays with that unit; the county office may
    route it at once; otherwise the category's default unit, or the county office routes it later."""
    from chengjie.parks.selectors import enterprises_for_user

    require(acting_user, "appeals.register", _("登记热线诉求"))
    if enterprise is not None and not enterprises_for_user(user=acting_user).filter(pk=enterprise.pk).exists():
        raise DomainError(_("企业“%(name)s”不在您的数据范围内。") % {"name": enterprise.name}, field="enterprise")
    division = _register_division(acting_user, enterprise)
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise DomainError(_("来电时间不能晚于现在。"), field="received_at")
    route_note = ""
    if unit is not None:
        require(acting_user, "appeals.route", _("派发诉求"))
        check_unit(unit, county=division.code[:6])
        route_note = _("登记时派发。")
    elif acting_user.binds_unit and acting_user.unit_id is not None:
        unit, route_note = acting_user.unit, _("本单位接到的来电，由本单位承办。")
    if is_complex:
        require(acting_user, "appeals.route", _("认定复杂诉求"))
    company_name = enterprise.name if enterprise is not None else clean_text(
        company_name, label=_("企业名称"), field="company_name", max_length=200, required=False)
    return _create(acting_user=acting_user, channel=Appeal.Channel.HOTLINE, event=Event.REGISTERED,
                   audit_event="appeal.registered", division=division, enterprise=enterprise, kind=kind,
                   category=category, subject=subject, content=content, caller_name=caller_name,
                   caller_phone=caller_phone, company_name=company_name, received_at=received_at,
                   is_complex=is_complex, unit=unit, route_note=route_note, uploads=[])


@transaction.atomic
def appeal_route(*, acting_user, appeal: Appeal, unit: Unit, note: str = "") -> Appeal:
    """The county office sends an appeal to the unit that handles it (or to another, before acceptance)."""
    require(acting_user, "appeals.route", _("派发诉求"))
    appeal = lock(appeal)
    require_in_scope(acting_user, appeal)
    require_local(appeal)
    require_status(appeal, {Status.NEW, Status.ASSIGNED}, _("派发"))
    check_unit(unit, county=appeal.county_id)
    if unit.pk == appeal.unit_id:
        raise DomainError(_("该诉求已经派发给%(unit)s。") % {"unit": unit.name}, field="unit")
    note = clean_text(note, label=_("派发说明"), field="note", max_length=500, required=False)
    before = audit_snapshot(appeal)
    _route(appeal, unit, by=acting_user, note=note)
    audit_record(event="appeal.routed", acting_user=acting_user, obj=appeal, before=before,
                 after=audit_snapshot(appeal), note=note)
    return appeal


@transaction.atomic
def appeal_set_complex(*, acting_user, appeal: Appeal, is_complex: bool, reason: str) -> Appeal:
    """The county office rules an appeal complex (30 working days to resolve by default) or not."""
    require(acting_user, "appeals.route", _("认定复杂诉求"))
    appeal = lock(appeal)
    require_in_scope(acting_user, appeal)
    require_local(appeal)
    require_status(appeal, {Status.NEW, Status.ASSIGNED, Status.ACCEPTED}, _("调整复杂认定"))
    if appeal.is_complex == is_complex:
        raise DomainError(_("该诉求已经是“%(state)s”。") % {"state": _("复杂诉求") if is_complex else _("一般诉求")},
                          field="is_complex")
    reason = clean_text(reason, label=_("认定理由"), field="reason", max_length=500, required=True)
    before = audit_snapshot(appeal)
    appeal.is_complex = is_complex
    appeal.save(update_fields=["is_complex"])
    log(appeal, Event.MARKED_COMPLEX, by=acting_user,
        text=(_("认定为复杂诉求：%(reason)s") if is_complex else _("取消复杂诉求认定：%(reason)s")) % {"reason": reason})
    audit_record(event="appeal.complex_set", acting_user=acting_user, obj=appeal, before=before,
                 after=audit_snapshot(appeal), note=reason)
    return appeal


@transaction.atomic
def appeal_accept(*, acting_user, appeal: Appeal) -> Appeal:
    appeal = lock(appeal)
    require_handler(acting_user, appeal, _("签收诉求"))
    require_local(appeal)
    require_status(appeal, {Status.ASSIGNED}, _("签收"))
    before = audit_snapshot(appeal)
    appeal.accepted_at = timezone.now()
    appeal.status = Status.ACCEPTED
    appeal.save(update_fields=["accepted_at", "status"])
    log(appeal, Event.ACCEPTED, by=acting_user)
    audit_record(event="appeal.accepted", acting_user=acting_user, obj=appeal, before=before,
                 after=audit_snapshot(appeal))
    return appeal


@transaction.atomic
def appeal_return(*, acting_user, appeal: Appeal, reason: str) -> Appeal:
    """A unit sends back an appeal that is not its to handle; the county office routes it again. The
    acceptance clock keeps running from receipt: the firm has waited all along."""
    appeal = lock(appeal)
    require_handler(acting_user, appeal, _("退回诉求"))
    require_local(appeal)
    require_status(appeal, {Status.ASSIGNED, Status.ACCEPTED}, _("退回"))
    if appeal.replied_at is not None:
        raise DomainError(_("已答复企业的诉求不能退回，请继续办理。"), field="appeal")
    reason = clean_text(reason, label=_("退回理由"), field="reason", max_length=500, required=True)
    before = audit_snapshot(appeal)
    unit = appeal.unit
    appeal.unit, appeal.routed_at, appeal.accepted_at = None, None, None
    appeal.status = Status.NEW
    appeal.return_count += 1
    appeal.save(update_fields=["unit", "routed_at", "accepted_at", "status", "return_count"])
    log(appeal, Event.RETURNED, by=acting_user, text=reason, unit=unit)
    audit_record(event="appeal.returned", acting_user=acting_user, obj=appeal, before=before,
                 after=audit_snapshot(appeal), note=reason)
    tell(county_office_people(appeal), appeal, kind="appeals.returned", acting_user=acting_user,
         title=_("%(unit)s退回诉求：%(subject)s") % {"unit": unit, "subject": appeal.subject},
         body=_("退回理由：%(reason)s。请重新派发。") % {"reason": reason})
    return appeal


@transaction.atomic
def appeal_reply(*, acting_user, appeal: Appeal, text: str) -> Appeal:
    """The unit answers the firm (it may write more than once); the first answer of the round stops the
    reply clock."""
    appeal = lock(appeal)
    require_handler(acting_user, appeal, _("答复企业"))
    require_local(appeal)
    require_status(appeal, {Status.ACCEPTED}, _("答复"))
    text = clean_text(text, label=_("答复内容"), field="text", max_length=TEXT_MAX, required=True)
    before = audit_snapshot(appeal)
    if appeal.replied_at is None:
        appeal.replied_at = timezone.now()
        appeal.save(update_fields=["replied_at"])
    log(appeal, Event.REPLIED, by=acting_user, text=text)
    audit_record(event="appeal.replied", acting_user=acting_user, obj=appeal, before=before,
                 after=audit_snapshot(appeal))
    tell(firm_people(appeal), appeal, kind="appeals.replied", acting_user=acting_user,
         title=_("您的诉求有了答复：%(subject)s") % {"subject": appeal.subject}, body=text[:500])
    return appeal


@transaction.atomic
def appeal_close(*, acting_user, appeal: Appeal, result: str, resolved: bool) -> Appeal:
    """办结: only after the firm has been answered. The firm is then asked to rate it; without a firm
    account, the county office follows it up by phone."""
    appeal = lock(appeal)
    require_handler(acting_user, appeal, _("办结诉求"))
    require_local(appeal)
    require_status(appeal, {Status.ACCEPTED}, _("办结"))
    if appeal.replied_at is None:
        raise DomainError(_("办结前须先答复企业：请先填写答复内容。"), field="result")
    result = clean_text(result, label=_("处理结果"), field="result", max_length=TEXT_MAX, required=True)
    before = audit_snapshot(appeal)
    appeal.closed_at = timezone.now()
    appeal.result = result
    appeal.resolved = resolved
    appeal.status = Status.CLOSED
    appeal.save(update_fields=["closed_at", "result", "resolved", "status"])
    log(appeal, Event.CLOSED, by=acting_user, text=result)
    audit_record(event="appeal.closed", acting_user=acting_user, obj=appeal, before=before,
                 after=audit_snapshot(appeal))
    firm = firm_people(appeal)
    if firm:
        tell(firm, appeal, kind="appeals.closed", acting_user=acting_user,
             title=_("诉求已办结，请评价：%(subject)s") % {"subject": appeal.subject},
             body=_("请对办理结果作出评价：满意、基本满意或不满意。不满意的，诉求将重新办理并提级督办。"))
    else:
        tell(county_office_people(appeal), appeal, kind="appeals.follow_up", acting_user=acting_user,
             title=_("诉求已办结，请电话回访：%(subject)s") % {"subject": appeal.subject})
    return appeal
