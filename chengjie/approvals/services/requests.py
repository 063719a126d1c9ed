"""A request's life: the firm (or its agent) files it; the handling unit accepts it or returns it for
supplements, may stop the clock for a hearing or expert review, and decides with its result document.

Dates are stamped by the server. The clock each action checks against is the derived one (`clock.py`),
so a deadline that passed while no job ran binds exactly as one the job has recorded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.accounts.roles import Role
from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.parks.models import Enterprise

from .. import chain, messaging
from ..clock import STATUS_LABELS, request_clock
from ..models import ApprovalRequest, ClockStop, Matter, RequestFile, StopEvent
from ..selectors import authorisation_for
from .common import REASON_MAX, check_upload, require, save_upload
from .deemed import deemed_approval_record

AUDIT_FIELDS = ["matter", "matter_version", "enterprise", "handling_unit", "project", "subject", "authorisation",
                "time_limit_workdays", "deemed_approval_applies", "stop_events", "state", "received_on",
                "accepted_on", "decided_on", "decision_reason", "refusal_ground"]
MAX_SUPPLEMENT_FILES = 10
State = ApprovalRequest.State


def _lock(request: ApprovalRequest) -> ApprovalRequest:
    return (ApprovalRequest.objects.select_for_update(of=("self",))
            .select_related("matter", "enterprise", "handling_unit", "authorisation__agent").get(pk=request.pk))


def _store_file(*, request: ApprovalRequest, upload: UploadedFile, purpose: str, kind: str, field: str,
                acting_user) -> RequestFile:
    content_type, extension = check_upload(upload, field=field, label=kind)
    record = RequestFile(request=request, purpose=purpose, kind=kind[:100], content_type=content_type,
                         uploaded_by=acting_user, uploaded_at=timezone.now())
    facts = save_upload(record.file, upload, extension=extension)
    record.original_name, record.size, record.sha256 = facts["original_name"], facts["size"], facts["sha256"]
    record.save()
    return record


def _filer_authorisation(acting_user, *, enterprise: Enterprise, matter: Matter, today):
    """Who may file for the firm: its own user, or an agent holding its authorisation for the matter."""
    require(acting_user, "approvals.file", _("申报审批事项"))
    if acting_user.binds_enterprise:
        if acting_user.enterprise_id != enterprise.pk:
            raise DomainError(_("只能为本企业申报审批事项。"), field="enterprise")
        return None
    if acting_user.role == Role.AGENT:
        authorisation = authorisation_for(agent=acting_user, enterprise=enterprise, matter=matter, on=today)
        if authorisation is None:
            raise DomainError(_("您没有“%(firm)s”办理“%(matter)s”的有效代办授权，请先登记企业签署的授权委托书。")
                              % {"firm": enterprise.name, "matter": matter.name}, field="enterprise")
        return authorisation
    raise DomainError(_("您的角色不能申报审批事项。"), code="forbidden")


def _check_acts_for(acting_user, request: ApprovalRequest, today) -> None:
    """The firm's user, or an agent authorised for it today, acts on the firm's request."""
    _filer_authorisation(acting_user, enterprise=request.enterprise, matter=request.matter, today=today)


def _check_handler(acting_user, request: ApprovalRequest, what: str) -> None:
    require(acting_user, "approvals.handle", what)
    if not acting_user.binds_unit or request.handling_unit_id not in acting_user.unit_and_descendant_ids():
        raise DomainError(_("该办件由“%(unit)s”承办，您不能%(what)s。") % {"unit": request.handling_unit.name, "what": what},
                          code="forbidden")


def _file_facts(records: list[RequestFile]) -> list[dict]:
    """What the audit row keeps of uploaded files: enough to prove later which file was handed in."""
    return [{"kind": r.kind, "name": r.original_name, "sha256": r.sha256} for r in records]


def _audit(event: str, *, acting_user, request: ApprovalRequest, before: dict | None = None, note: str = "",
           extra: dict | None = None) -> None:
    after = snapshot(request, fields=AUDIT_FIELDS) | (extra or {})
    audit_record(event=event, acting_user=acting_user, obj=request, object_repr=f"{request.reference} {request}",
                 before=before, after=after, note=note)


@transaction.atomic
def request_file(*, acting_user, matter: Matter, enterprise: Enterprise, subject: str,
                 documents: Mapping[str, UploadedFile], project=None) -> ApprovalRequest:
    """File a request: one file per document the matter requires, every prerequisite granted."""
    today = timezone.localdate()
    authorisation = _filer_authorisation(acting_user, enterprise=enterprise, matter=matter, today=today)
    if not matter.is_active:
        raise DomainError(_("审批事项“%(name)s”已停用，不再受理。") % {"name": matter.name}, field="matter")
    if not enterprise.is_active:
        raise DomainError(_("企业“%(name)s”已不再存续。") % {"name": enterprise.name}, field="enterprise")
    if not enterprise.division_id.startswith(matter.division_id):
        raise DomainError(_("“%(matter)s”不是企业所在县（市、区）的审批事项。") % {"matter": matter.name}, field="matter")
    if project is not None and project.investor_id != enterprise.pk:
        raise DomainError(_("项目“%(project)s”的投资企业不是“%(firm)s”。") % {"project": project.name, "firm": enterprise.name},
                          field="project")
    subject = clean_text(subject, label=_("申请内容"), field="subject", max_length=200, required=True)
    missing = [name for name in matter.required_documents if documents.get(name) is None]
    if missing:
        raise DomainError(_("请上传申请材料：%(names)s。") % {"names": "、".join(missing)}, field="documents")
    for index, name in enumerate(matter.required_documents):
        check_upload(documents[name], field=f"document_{index}", label=name)
    links = chain.links(matter=matter, enterprise=enterprise, project=project, today=today)
    for link in links:
        if not link.granted:
            if link.request is None:
                where = _("该企业尚未申报“%(matter)s”") % {"matter": link.matter.name}
            else:
                where = _("该企业的“%(matter)s”办件目前为“%(status)s”") % {"matter": link.matter.name,
                                                                     "status": STATUS_LABELS[link.status]}
            raise DomainError(_("“%(matter)s”须先取得前置事项“%(prerequisite)s”的许可（含超时默认）：%(where)s。")
                              % {"matter": matter.name, "prerequisite": link.matter.name, "where": where},
                              field="matter")
    request = ApprovalRequest.objects.create(
        matter=matter, matter_version=matter.version, enterprise=enterprise, division_id=enterprise.division_id,
        handling_unit=matter.handling_unit, project=project, subject=subject, filed_by=acting_user,
        filed_at=timezone.now(), authorisation=authorisation, time_limit_workdays=matter.time_limit_workdays,
        deemed_approval_applies=matter.deemed_approval, stop_events=list(matter.stop_events), received_on=today)
    request.prerequisite_requests.set([link.request for link in links])
    stored = [_store_file(request=request, upload=documents[name], purpose=RequestFile.Purpose.APPLICATION, kind=name,
                          field=f"document_{index}", acting_user=acting_user)
              for index, name in enumerate(matter.required_documents)]
    _audit("approval.filed", acting_user=acting_user, request=request,
           extra={"prerequisite_requests": [link.request.pk for link in links], "files": _file_facts(stored)})
    messaging.tell(recipients=messaging.unit_people(request), request=request, kind="approvals.filed",
                   acting_user=acting_user,
                   title=_("新的审批申请：%(matter)s · %(firm)s") % {"matter": matter.name, "firm": enterprise.name},
                   body=_("请在 5 个工作日内受理或一次告知需要补正的全部内容（行政许可法第三十二条）。"))
    return request


@transaction.atomic
def request_accept(*, acting_user, request: ApprovalRequest) -> ApprovalRequest:
    request = _lock(request)
    _check_handler(acting_user, request, _("受理该申请"))
    if request.state != State.SUBMITTED:
        raise DomainError(_("该办件当前为“%(state)s”，不能受理。") % {"state": request.get_state_display()})
    before = snapshot(request, fields=AUDIT_FIELDS)
    request.state, request.accepted_on, request.accepted_by = State.ACCEPTED, timezone.localdate(), acting_user
    request.save(update_fields=["state", "accepted_on", "accepted_by"])
    clock = request_clock(request, today=request.accepted_on)
    _audit("approval.accepted", acting_user=acting_user, request=request, before=before)
    body = (_("办理时限 %(limit)d 个工作日，自 %(start)s 起算，%(deadline)s 届满。")
            % {"limit": clock.limit, "start": clock.started_on.isoformat(), "deadline": clock.deadline.isoformat()})
    if clock.deemed_accepted:
        body += _("受理晚于收件后 5 个工作日，依行政许可法第三十二条自收件之日起计时。")
    messaging.tell(recipients=messaging.firm_people(request), request=request, kind="approvals.accepted",
                   acting_user=acting_user, body=body,
                   title=_("已受理：%(matter)s") % {"matter": request.matter.name})
    return request


@transaction.atomic
def request_return(*, acting_user, request: ApprovalRequest, reason: str) -> ApprovalRequest:
    """Return for supplements. Before acceptance this is the unit's one-time notice (一次告知, 第三十二条);
    after it, the clock stops if the matter allows supplements to stop it, until the firm resubmits."""
    request = _lock(request)
    _check_handler(acting_user, request, _("退回补正"))
    reason = clean_text(reason, label=_("需要补正的全部内容"), field="reason", max_length=REASON_MAX, required=True)
    if request.state not in (State.SUBMITTED, State.ACCEPTED):
        raise DomainError(_("该办件当前为“%(state)s”，不能退回补正。") % {"state": request.get_state_display()})
    today = timezone.localdate()
    clock = request_clock(request, today=today)
    before_acceptance = clock.started_on is None
    if not before_acceptance:
        if StopEvent.SUPPLEMENT not in request.stop_events:
            raise DomainError(_("“%(matter)s”不允许补正材料暂停计时，受理后不能退回补正。")
                              % {"matter": request.matter.name}, field="reason")
        _check_clock_can_stop(request, clock)
    before = snapshot(request, fields=AUDIT_FIELDS)
    ClockStop.objects.create(request=request, event=StopEvent.SUPPLEMENT, before_acceptance=before_acceptance,
                             reason=reason, started_on=today, started_by=acting_user, started_at=timezone.now())
    request.state = State.RETURNED
    request.save(update_fields=["state"])
    _audit("approval.returned", acting_user=acting_user, request=request, before=before, note=reason,
           extra={"before_acceptance": before_acceptance})
    messaging.tell(recipients=messaging.firm_people(request), request=request, kind="approvals.returned",
                   acting_user=acting_user, body=reason,
                   title=_("请补正材料：%(matter)s") % {"matter": request.matter.name})
    return request


def _check_clock_can_stop(request: ApprovalRequest, clock) -> None:
    if clock.stopped_by is not None:
        raise DomainError(_("计时已因“%(event)s”暂停。") % {"event": clock.stopped_by.event_label})
    if clock.ran_out:
        raise DomainError(_("办理时限已于 %(day)s 届满，不能再暂停计时。") % {"day": clock.deadline.isoformat()})


@transaction.atomic
def request_resubmit(*, acting_user, request: ApprovalRequest, note: str,
                     documents: Sequence[UploadedFile]) -> ApprovalRequest:
    """The firm hands in the supplements; the clock (or, before acceptance, the acceptance window) starts
    again from today."""
    request = _lock(request)
    today = timezone.localdate()
    _check_acts_for(acting_user, request, today)
    stop = request.stops.filter(ended_on__isnull=True, event=StopEvent.SUPPLEMENT).first()
    if request.state != State.RETURNED or stop is None:
        raise DomainError(_("该办件没有待补正的要求。"))
    note = clean_text(note, label=_("补正说明"), field="note", max_length=REASON_MAX, required=False)
    documents = [upload for upload in documents if upload is not None]
    if not documents:
        raise DomainError(_("请上传补正材料。"), field="documents")
    if len(documents) > MAX_SUPPLEMENT_FILES:
        raise DomainError(_("一次最多上传 %(count)d 个文件。") % {"count": MAX_SUPPLEMENT_FILES}, field="documents")
    for upload in documents:
        check_upload(upload, field="documents", label=_("补正材料"))
    before = snapshot(request, fields=AUDIT_FIELDS)
    stop.ended_on, stop.ended_by, stop.ended_at, stop.end_note = today, acting_user, timezone.now(), note
    stop.save(update_fields=["ended_on", "ended_by", "ended_at", "end_note"])
    fields = ["state"]
    if stop.before_acceptance:
        request.received_on = today
        fields.append("received_on")
    request.state = State.ACCEPTED if request.accepted_on is not None else State.SUBMITTED
    request.save(update_fields=fields)
    stored = [_store_file(request=request, upload=upload, purpose=RequestFile.Purpose.SUPPLEMENT, kind=_("补正材料"),
                          field="documents", acting_user=acting_user) for upload in documents]
    _audit("approval.resubmitted", acting_user=acting_user, request=request, before=before, note=note,
           extra={"files": _file_facts(stored)})
    messaging.tell(recipients=messaging.unit_people(request), request=request, kind="approvals.resubmitted",
                   acting_user=acting_user, body=note,
                   title=_("企业已补正材料：%(matter)s · %(firm)s") % {"matter": request.matter.name,
                                                                     "firm": request.enterprise.name})
    return request


@transaction.atomic
def request_stop(*, acting_user, request: ApprovalRequest, event: str, reason: str) -> ApprovalRequest:
    """Stop the clock for a hearing or an expert review (行政许可法第四十五条), where the matter allows it."""
    request = _lock(request)
    _check_handler(acting_user, request, _("暂停计时"))
    if event not in (StopEvent.HEARING, StopEvent.EXPERT_REVIEW):
        raise DomainError(_("请选择听证或专家评审；补正材料请用“退回补正”。"), field="event")
    label = StopEvent(event).label
    if event not in request.stop_events:
        raise DomainError(_("“%(matter)s”不允许因%(event)s暂停计时。") % {"matter": request.matter.name, "event": label},
                          field="event")
    reason = clean_text(reason, label=_("原因"), field="reason", max_length=REASON_MAX, required=True)
    today = timezone.localdate()
    clock = request_clock(request, today=today)
    if request.state not in (State.SUBMITTED, State.ACCEPTED) or clock.started_on is None:
        raise DomainError(_("办件受理后才能暂停计时。"))
    _check_clock_can_stop(request, clock)
    ClockStop.objects.create(request=request, event=event, reason=reason, started_on=today, started_by=acting_user,
                             started_at=timezone.now())
    _audit("approval.clock_stopped", acting_user=acting_user, request=request, note=reason, extra={"event": event})
    messaging.tell(recipients=messaging.firm_people(request), request=request, kind="approvals.clock_stopped",
                   acting_user=acting_user, body=reason,
                   title=_("%(event)s，暂停计时：%(matter)s") % {"event": label, "matter": request.matter.name})
    return request


@transaction.atomic
def request_resume(*, acting_user, request: ApprovalRequest, note: str = "") -> ApprovalRequest:
    """End a hearing or expert review; the clock runs again from the day after today."""
    request = _lock(request)
    _check_handler(acting_user, request, _("恢复计时"))
    stop = request.stops.filter(ended_on__isnull=True).exclude(event=StopEvent.SUPPLEMENT).first()
    if stop is None:
        raise DomainError(_("该办件没有因听证或专家评审暂停的计时。"))
    note = clean_text(note, label=_("结果说明"), field="note", max_length=REASON_MAX, required=False)
    stop.ended_on, stop.ended_by, stop.ended_at, stop.end_note = timezone.localdate(), acting_user, timezone.now(), note
    stop.save(update_fields=["ended_on", "ended_by", "ended_at", "end_note"])
    _audit("approval.clock_resumed", acting_user=acting_user, request=request, note=note, extra={"event": stop.event})
    messaging.tell(recipients=messaging.firm_people(request), request=request, kind="approvals.clock_resumed",
                   acting_user=acting_user, body=note,
                   title=_("%(event)s结束，恢复计时：%(matter)s") % {"event": StopEvent(stop.event).label,
                                                                   "matter": request.matter.name})
    return request


def _check_refusal(request: ApprovalRequest, *, ground: str, clock, today) -> None:
    """A refusal must state its ground, may not come after a deemed approval, and may not rest on a
    prerequisite the firm holds (by decision or by 超时默认)."""
    if ground not in ApprovalRequest.RefusalGround.values:
        raise DomainError(_("请选择不予许可的理由类别。"), field="refusal_ground")
    if clock.deemed_applies and clock.ran_out:
        raise DomainError(_("该办件的办理时限已于 %(deadline)s 届满，已超时默认准予许可，不能再作出不予许可决定；"
                            "请在 %(due)s 前出具审批文件。") % {"deadline": clock.deadline.isoformat(),
                                                          "due": clock.document_due_on.isoformat()},
                          field="decision")
    if ground != ApprovalRequest.RefusalGround.PREREQUISITE:
        return
    links = chain.links(matter=request.matter, enterprise=request.enterprise, project=request.project, today=today)
    granted = [link for link in links if link.granted]
    if links and len(granted) == len(links):
        link = next((link for link in granted if link.deemed), granted[0])
        how = _("超时默认准予许可") if link.deemed else _("准予许可")
        raise DomainError(_("前置事项“%(matter)s”已于 %(day)s %(how)s，按超时默认制不得以缺少前置审批文件为由不予许可。")
                          % {"matter": link.matter.name, "day": link.granted_on.isoformat(), "how": how},
                          field="refusal_ground")


@transaction.atomic
def request_decide(*, acting_user, request: ApprovalRequest, approve: bool, reason: str = "",
                   refusal_ground: str = "", result_document: UploadedFile | None = None) -> ApprovalRequest:
    """Approve or refuse, with the written decision (行政许可法第三十八条: a refusal gives its reasons).
    Past the deadline of a matter where deemed approval applies, only the document can follow: the
    approval itself took effect at the deadline and is recorded here if the job has not yet done so."""
    request = _lock(request)
    _check_handler(acting_user, request, _("作出决定"))
    today = timezone.localdate()
    clock = request_clock(request, today=today)
    if request.state not in (State.SUBMITTED, State.ACCEPTED) or clock.started_on is None:
        raise DomainError(_("该办件当前为“%(state)s”，不能作出决定。") % {"state": request.get_state_display()})
    if clock.stopped_by is not None:
        raise DomainError(_("计时因“%(event)s”暂停中，请先恢复计时。") % {"event": clock.stopped_by.event_label})
    reason = clean_text(reason, label=_("决定理由"), field="reason", max_length=REASON_MAX, required=not approve)
    if not approve:
        _check_refusal(request, ground=refusal_ground, clock=clock, today=today)
    label = _("准予许可决定书或证照") if approve else _("不予许可决定书")
    check_upload(result_document, field="result_document", label=label)
    before = snapshot(request, fields=AUDIT_FIELDS)
    deemed = None
    if approve and clock.deemed_applies and clock.ran_out:
        deemed = deemed_approval_record(request=request, clock=clock)
        deemed = request.deemed_approval if deemed is None else deemed
    request.state = State.APPROVED if approve else State.REFUSED
    request.decided_on, request.decided_at, request.decided_by = today, timezone.now(), acting_user
    request.decision_reason, request.refusal_ground = reason, "" if approve else refusal_ground
    request.save(update_fields=["state", "decided_on", "decided_at", "decided_by", "decision_reason",
                                "refusal_ground"])
    document = _store_file(request=request, upload=result_document, purpose=RequestFile.Purpose.RESULT, kind=label,
                           field="result_document", acting_user=acting_user)
    if deemed is not None:
        deemed.document, deemed.document_issued_at = document, document.uploaded_at
        deemed.save(update_fields=["document", "document_issued_at"])
        _audit("approval.document_issued", acting_user=acting_user, request=request, before=before, note=reason,
               extra={"deemed_on": deemed.deemed_on.isoformat(), "document_due_on": clock.document_due_on.isoformat(),
                      "files": _file_facts([document])})
    else:
        _audit("approval.approved" if approve else "approval.refused", acting_user=acting_user, request=request,
               before=before, note=reason, extra={"files": _file_facts([document])})
    title = (_("准予许可：%(matter)s") if approve else _("不予许可：%(matter)s")) % {"matter": request.matter.name}
    messaging.tell(recipients=messaging.firm_people(request), request=request, kind="approvals.decided",
                   acting_user=acting_user, title=title, body=reason)
    return request
