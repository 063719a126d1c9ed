"""超时默认, recorded. The state itself is derived from the clock when read (`clock.status_of`); this only
writes it down once — the DeemedApproval row, the system's audit row citing the rule, the messages to the
late unit and to the firm — so the default counts against the unit and its document task is tracked.

The sweep is safe to run twice or at the same time as another: the row is unique per request, and a run
that finds it there writes and sends nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record

from .. import messaging
from ..clock import Clock, Status, request_clock, status_of
from ..models import ApprovalRequest, DeemedApproval

# The rule the system cites in the audit row and on the request page.
RULE = _("本县审批“超时默认制”：承办单位在办理时限内未作出决定的，视为同意，于时限届满之日超时默认准予许可；"
         "超时单位须在 1 个工作日内出具审批文件，超时记录计入单位考核（一次约谈，两次及以上通报批评）。"
         "办理时限自受理之日起算（《中华人民共和国行政许可法》第四十二条），按工作日计算、不含法定节假日"
         "（第八十二条），听证、专家评审等时间不计入（第四十五条）。")


def rule_for(request: ApprovalRequest, clock: Clock) -> str:
    return RULE + _("本件：%(matter)s，办理时限 %(limit)d 个工作日，自 %(start)s 起算，%(deadline)s 届满未作决定；"
                    "审批文件应于 %(due)s 前出具。") % {
        "matter": request.matter.name, "limit": clock.limit, "start": clock.started_on.isoformat(),
        "deadline": clock.deadline.isoformat(), "due": clock.document_due_on.isoformat()}


def deemed_approval_record(*, request: ApprovalRequest, clock: Clock) -> DeemedApproval | None:
    """Record the deemed approval of a request whose clock ran out; None when it was already recorded.
    Call inside a transaction (the audit row and the messages commit with the row)."""
    rule = rule_for(request, clock)
    deemed, created = DeemedApproval.objects.get_or_create(
        request=request, defaults={"unit_id": request.handling_unit_id, "deemed_on": clock.deadline, "rule": rule,
                                   "recorded_at": timezone.now()})
    if not created:
        return None
    audit_record(event="approval.deemed", obj=request, username="system", note=rule,
                 object_repr=f"{request.reference} {request}",
                 after={"deemed_on": clock.deadline.isoformat(), "unit": request.handling_unit_id,
                        "time_limit_workdays": clock.limit, "started_on": clock.started_on.isoformat(),
                        "document_due_on": clock.document_due_on.isoformat()})
    due = clock.document_due_on.isoformat()
    messaging.tell(recipients=messaging.unit_people(request), request=request, kind="approvals.deemed",
                   title=_("超时默认：%(matter)s · %(firm)s") % {"matter": request.matter.name,
                                                               "firm": request.enterprise.name},
                   body=_("办理时限已于 %(deadline)s 届满，本件已超时默认准予许可，并计入本单位超时记录。"
                          "请于 %(due)s 前出具审批文件。") % {"deadline": clock.deadline.isoformat(), "due": due})
    messaging.tell(recipients=messaging.firm_people(request), request=request, kind="approvals.deemed",
                   title=_("已超时默认准予许可：%(matter)s") % {"matter": request.matter.name},
                   body=_("承办单位未在办理时限（%(deadline)s 届满）内作出决定，依超时默认制视为准予许可，"
                          "承办单位应于 %(due)s 前出具审批文件。") % {"deadline": clock.deadline.isoformat(), "due": due})
    return deemed


@dataclass
class SweepResult:
    day: date
    checked: int = 0
    recorded: list[str] = field(default_factory=list)


def deemed_approvals_sweep(*, today: date) -> SweepResult:
    """Record every deemed approval the clock has produced by `today` and no one has recorded yet. Each
    request in its own transaction, so one failure leaves the others recorded."""
    result = SweepResult(day=today)
    candidates = (ApprovalRequest.objects.filter(deemed_approval_applies=True, decided_on__isnull=True,
                                                 deemed_approval__isnull=True)
                  .select_related("matter", "enterprise", "handling_unit", "authorisation__agent")
                  .prefetch_related("stops").order_by("pk"))
    for request in candidates.iterator(chunk_size=500):
        result.checked += 1
        clock = request_clock(request, today=today, stops=request.stops.all())
        if status_of(request, clock) != Status.DEEMED:
            continue
        with transaction.atomic():
            locked = ApprovalRequest.objects.select_for_update().filter(pk=request.pk, decided_on__isnull=True)
            if locked.exists() and deemed_approval_record(request=request, clock=clock) is not None:
                result.recorded.append(request.reference)
    return result
