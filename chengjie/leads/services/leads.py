"""The lead loop: register (收集) → screen (筛选) → assess (研判) → assign (交办) → follow up (跟踪), then
convert into a signed project or drop. Every step is a row of the append-only step log, and the step's
clock (chengjie.leads.clock) runs from when it was entered."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.amounts import non_negative
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.core.updates import check_editable
from chengjie.org.models import Division, IndustryGroup, Unit
from chengjie.org.services import unit_in_scope

from .. import rules
from ..clock import CONVERTIBLE_STEPS, NEXT_STEP, OPEN_STEPS
from ..models import Agency, Lead, LeadStepLog, Referrer
from .agencies import check_agency
from .common import NOTE_MAX, check_industry_group, industry_of, require
from .referrers import check_referrer

Step = Lead.Step

LEAD_AUDIT_FIELDS = ["title", "investor_name", "channel", "agency", "referrer", "industry", "industry_group",
                     "estimated_investment", "division", "unit", "source_unit", "step", "description"]
LEAD_EDITABLE = {"title", "investor_name", "channel", "agency", "referrer", "industry_code", "industry_group",
                 "estimated_investment", "description"}
STEP_AUDIT_FIELDS = ["step", "unit", "step_entered_at"]
# What the note of each step is called; the assessment and the unit's feedback cannot be left blank.
NOTE_LABELS = {Step.SCREENED: gettext_lazy("筛选意见"), Step.ASSESSED: gettext_lazy("研判意见"),
               Step.ASSIGNED: gettext_lazy("交办要求"), Step.FOLLOWING: gettext_lazy("反馈情况")}
NOTE_REQUIRED = frozenset({Step.ASSESSED, Step.FOLLOWING})


def _locked(lead: Lead) -> Lead:
    # Only the lead's own row: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    return (Lead.objects.select_for_update(of=("self",)).select_related("unit", "source_unit", "referrer", "agency")
            .get(pk=lead.pk))


def _check_open(*, user, lead: Lead, what: str) -> None:
    if not rules.in_scope(user, lead):
        raise DomainError(_("该线索不在您的数据范围内，未作任何修改。"), field="lead")
    if lead.step not in OPEN_STEPS:
        raise DomainError(_("线索“%(title)s”%(step)s，不能再%(what)s。")
                          % {"title": lead.title, "step": lead.get_step_display(), "what": what}, field="lead")


def _check_allowed(*, user, lead: Lead, action: str, what: str) -> None:
    if action not in rules.allowed_actions(user, lead):
        raise DomainError(_("您不能%(what)s：这一步由招商主管部门或线索的跟进单位办理。") % {"what": what},
                          code="forbidden")


def _log(lead: Lead, *, by, note: str = "", unit: Unit | None = None, is_report: bool = False) -> LeadStepLog:
    return LeadStepLog.objects.create(lead=lead, step=lead.step, entered_at=lead.step_entered_at, by=by, note=note,
                                      unit=unit, is_report=is_report)


def _check_lead(lead: Lead, *, changed: set[str] | None = None) -> None:
    """The rules a lead's description satisfies, checked before anything is written. The agency and the
    referrer are checked when named (or when what they are checked against changes), not on every later
    edit: an agreement that ran out since does not make an old lead wrong."""
    lead.title = clean_text(lead.title, label=_("线索名称"), field="title", max_length=200, required=True)
    lead.investor_name = clean_text(lead.investor_name, label=_("投资方"), field="investor_name", max_length=200,
                                    required=True)
    if lead.channel not in Lead.Channel.values:
        raise DomainError(_("来源渠道“%(channel)s”无效。") % {"channel": lead.channel}, field="channel")
    lead.description = clean_text(lead.description, label=_("线索内容"), field="description", max_length=NOTE_MAX,
                                  required=False)
    lead.estimated_investment = non_negative(lead.estimated_investment, label=_("预计投资"),
                                             field="estimated_investment")
    today = timezone.localdate()
    if changed is None or changed & {"agency", "channel"}:
        check_agency(lead.agency, channel=lead.channel, county=lead.division_id, on=today)
    if changed is None or changed & {"referrer", "investor_name"}:
        check_referrer(lead.referrer, county=lead.division_id, investor_name=lead.investor_name, on=today)
    if changed is None or "industry_group" in changed:
        check_industry_group(lead.industry_group, county=lead.division_id)


@transaction.atomic
def lead_register(*, acting_user, title: str, investor_name: str, channel: str, unit: Unit,
                  agency: Agency | None = None, referrer: Referrer | None = None, industry_code: str = "",
                  industry_group: IndustryGroup | None = None, estimated_investment: Decimal | None = None,
                  description: str = "") -> Lead:
    """收集: a unit (or the bureau) registers a lead it has found. The registering unit follows it until
    the bureau assigns it; the screening clock starts now."""
    require(acting_user, "leads.register", _("登记招商线索"))
    unit_in_scope(user=acting_user, unit=unit, field="unit", label=_("登记单位"))
    county = Division.objects.filter(code=unit.division_id[:6], level=Division.Level.COUNTY).first()
    if county is None:
        raise DomainError(_("登记单位“%(name)s”不属于某个县（市、区），不能登记线索。") % {"name": unit.name}, field="unit")
    lead = Lead(title=title, investor_name=investor_name, channel=channel, agency=agency, referrer=referrer,
                industry=industry_of(industry_code), industry_group=industry_group,
                estimated_investment=estimated_investment, division=county, unit=unit, source_unit=unit,
                step=Step.COLLECTED, step_entered_at=timezone.now(), description=description,
                created_by=acting_user)
    _check_lead(lead)
    lead.save()
    _log(lead, by=acting_user, unit=unit)
    audit_record(event="lead.registered", acting_user=acting_user, obj=lead,
                 after=snapshot(lead, fields=LEAD_AUDIT_FIELDS))
    return lead


@transaction.atomic
def lead_update(*, acting_user, lead: Lead, **changes) -> Lead:
    """Correct what a lead says (industry as industry_code); its step and units change only through the loop."""
    check_editable(changes, LEAD_EDITABLE)
    lead = _locked(lead)
    _check_open(user=acting_user, lead=lead, what=_("修改"))
    _check_allowed(user=acting_user, lead=lead, action=rules.EDIT, what=_("修改这条线索"))
    before = snapshot(lead, fields=LEAD_AUDIT_FIELDS)
    if "industry_code" in changes:
        lead.industry = industry_of(changes.pop("industry_code"))
    changed = {field for field, value in changes.items() if getattr(lead, field) != value}
    for field in changed:
        setattr(lead, field, changes[field])
    _check_lead(lead, changed=changed)
    lead.save()
    audit_record(event="lead.updated", acting_user=acting_user, obj=lead, before=before,
                 after=snapshot(lead, fields=LEAD_AUDIT_FIELDS))
    return lead


@transaction.atomic
def lead_advance(*, acting_user, lead: Lead, to_step: str, note: str = "", unit: Unit | None = None) -> Lead:
    """Move a lead to the next step of the loop, and only the next: screen, assess, assign (to a unit in
    the acting user's scope) or the unit's first feedback, which starts 跟踪."""
    lead = _locked(lead)
    _check_open(user=acting_user, lead=lead, what=_("推进"))
    if to_step not in NOTE_LABELS:
        raise DomainError(_("“%(step)s”不是线索闭环中可以推进到的环节。") % {"step": to_step}, field="to_step")
    expected = NEXT_STEP[lead.step] if lead.step in NEXT_STEP else None
    if to_step != expected:
        later = (_("下一步是“%(step)s”") % {"step": Step(expected).label} if expected
                 else _("已是最后一个环节，只能报告跟踪情况"))
        raise DomainError(_("线索处于“%(current)s”环节，%(later)s，不能进入“%(step)s”。")
                          % {"current": lead.get_step_display(), "later": later, "step": Step(to_step).label},
                          field="to_step")
    _check_allowed(user=acting_user, lead=lead, action=to_step,
                   what=_("把线索推进到“%(step)s”") % {"step": Step(to_step).label})
    note = clean_text(note, label=NOTE_LABELS[to_step], field="note", max_length=NOTE_MAX,
                      required=to_step in NOTE_REQUIRED)
    before = snapshot(lead, fields=STEP_AUDIT_FIELDS)
    if to_step == Step.ASSIGNED:
        if unit is None:
            raise DomainError(_("请选择交办的跟进单位。"), field="unit")
        unit_in_scope(user=acting_user, unit=unit, field="unit", label=_("跟进单位"))
        if unit.division_id[:6] != lead.division_id:
            raise DomainError(_("跟进单位“%(name)s”不在线索所属的县（市、区）。") % {"name": unit.name}, field="unit")
        lead.unit = unit
    elif unit is not None and unit != lead.unit:
        raise DomainError(_("只有交办时才能选择跟进单位。"), field="unit")
    lead.step = to_step
    lead.step_entered_at = timezone.now()
    lead.save(update_fields=["step", "step_entered_at", "unit"])
    _log(lead, by=acting_user, note=note, unit=lead.unit if to_step == Step.ASSIGNED else None)
    audit_record(event="lead.advanced", acting_user=acting_user, obj=lead, before=before,
                 after=snapshot(lead, fields=STEP_AUDIT_FIELDS), note=note)
    return lead


@transaction.atomic
def lead_follow_up(*, acting_user, lead: Lead, note: str) -> Lead:
    """A follow-up report (跟踪报告) from the unit following the lead; it restarts the two-week clock."""
    lead = _locked(lead)
    _check_open(user=acting_user, lead=lead, what=_("报告跟踪情况"))
    if lead.step != Step.FOLLOWING:
        raise DomainError(_("线索处于“%(step)s”环节：跟进单位首次反馈后才进入跟踪，才能报告跟踪情况。")
                          % {"step": lead.get_step_display()}, field="lead")
    _check_allowed(user=acting_user, lead=lead, action=rules.REPORT, what=_("报告这条线索的跟踪情况"))
    note = clean_text(note, label=_("跟踪情况"), field="note", max_length=NOTE_MAX, required=True)
    before = snapshot(lead, fields=STEP_AUDIT_FIELDS)
    lead.step_entered_at = timezone.now()
    lead.save(update_fields=["step_entered_at"])
    _log(lead, by=acting_user, note=note, is_report=True)
    audit_record(event="lead.reported", acting_user=acting_user, obj=lead, before=before,
                 after=snapshot(lead, fields=STEP_AUDIT_FIELDS), note=note)
    return lead


@transaction.atomic
def lead_drop(*, acting_user, lead: Lead, reason: str) -> Lead:
    """终止: the bureau closes a lead that will not become a project, saying why."""
    lead = _locked(lead)
    _check_open(user=acting_user, lead=lead, what=_("终止"))
    _check_allowed(user=acting_user, lead=lead, action=rules.DROP, what=_("终止这条线索"))
    reason = clean_text(reason, label=_("终止原因"), field="reason", max_length=NOTE_MAX, required=True)
    before = snapshot(lead, fields=STEP_AUDIT_FIELDS)
    lead.step = Step.DROPPED
    lead.step_entered_at = timezone.now()
    lead.save(update_fields=["step", "step_entered_at"])
    _log(lead, by=acting_user, note=reason)
    audit_record(event="lead.dropped", acting_user=acting_user, obj=lead, before=before,
                 after=snapshot(lead, fields=STEP_AUDIT_FIELDS), note=reason)
    return lead


@transaction.atomic
def lead_convert(*, acting_user, lead: Lead, **project_fields):
    """签约: the lead becomes a project through `project_sign`, which keeps the lead (its step log stays
    the project's history before signing) and the lead's referrer. The referrer must have been registered
    on or before the signing date, and may not be the investor."""
    from chengjie.projects.services import project_sign

    if {"lead", "referrer"} & set(project_fields):
        raise DomainError(_("项目的来源线索和引荐人取自线索本身；要更换引荐人，请先修改线索。"), field="referrer")
    lead = _locked(lead)
    _check_open(user=acting_user, lead=lead, what=_("转为项目"))
    if lead.step not in CONVERTIBLE_STEPS:
        raise DomainError(_("线索处于“%(step)s”环节：交办给跟进单位之后才能转为项目。") % {"step": lead.get_step_display()},
                          field="lead")
    _check_allowed(user=acting_user, lead=lead, action=rules.CONVERT, what=_("把这条线索转为项目"))
    check_referrer(lead.referrer, county=lead.division_id, investor_name=project_fields.get("investor_name", ""),
                   investor=project_fields.get("investor"), on=project_fields.get("signed_on"))
    project = project_sign(acting_user=acting_user, lead=lead, referrer=lead.referrer, **project_fields)
    before = snapshot(lead, fields=STEP_AUDIT_FIELDS)
    lead.step = Step.CONVERTED
    lead.step_entered_at = timezone.now()
    lead.save(update_fields=["step", "step_entered_at"])
    _log(lead, by=acting_user, note=_("签约为项目“%(name)s”（%(code)s）") % {"name": project.name, "code": project.code})
    after = snapshot(lead, fields=STEP_AUDIT_FIELDS) | {"project": project.pk}
    audit_record(event="lead.converted", acting_user=acting_user, obj=lead, before=before, after=after)
    return project
