"""Recording and announcing escalations. The level an appeal has reached is derived from its clocks on
every read (clock.escalation_level); what is written here is only that the people at a level were told,
once per appeal, round and level — so the sweep may run twice, or beside another, and tell them once."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengjie.audit.services import audit_record

from ..clock import Limits, appeal_clocks, escalation_level, missed_steps, overdue_q
from ..escalation import escalation_target
from ..models import Appeal, AppealEscalation, AppealEvent
from .common import log, tell

Cause = AppealEscalation.Cause
# The rule the county's complaint network runs by, cited in every escalation's audit row.
RULE = gettext_lazy("诉求办理时限（签收 1、答复 3、办结 15 个工作日，复杂诉求 30 个工作日，可按分类调整）逾期或企业不满意的，"
         "逐级提级督办：承办单位负责人 → 项目包保领导（无项目的报县诉求受理机构）")


def record_escalation(*, appeal: Appeal, level: int, cause: str, acting_user=None) -> AppealEscalation | None:
    """Record that `appeal` reached `level` in its current round and tell the people there; None when it
    was already recorded (by an earlier run, or one running beside this)."""
    if AppealEscalation.objects.filter(appeal=appeal, cycle=appeal.cycle, level=level).exists():
        return None
    target = escalation_target(appeal, level)
    try:
        with transaction.atomic():
            row = AppealEscalation.objects.create(appeal=appeal, cycle=appeal.cycle, level=level, cause=cause,
                                                  target=target.label[:200], recorded_at=timezone.now())
    except IntegrityError:
        return None
    text = _("%(cause)s，提级至第 %(level)d 级：%(target)s") % {"cause": Cause(cause).label, "level": level,
                                                            "target": target.label}
    log(appeal, AppealEvent.Kind.ESCALATED, by=acting_user, text=text)
    audit_record(event="appeal.escalated", acting_user=acting_user, obj=appeal,
                 after={"cycle": appeal.cycle, "level": level, "cause": cause, "target": target.label,
                        "notified": [user.pk for user in target.users]}, note=str(RULE))
    tell(target.users, appeal, kind="appeals.escalated", acting_user=acting_user,
         title=_("诉求提级督办（%(cause)s）：%(subject)s") % {"cause": Cause(cause).label, "subject": appeal.subject},
         body=_("%(company)s反映的诉求%(cause)s，已提级至您督办。承办单位：%(unit)s。")
         % {"company": appeal.company_name or _("企业"), "cause": Cause(cause).label,
            "unit": appeal.unit or _("尚未派发")})
    return row


def appeals_escalate_due(*, today: date | None = None) -> int:
    """The sweep: for every open appeal with a step late today, record and announce each level its clocks
    have reached and nobody has been told of yet. Returns how many escalations it recorded. Correctness
    does not depend on it: pages derive the level from the clock whether or not it ran."""
    today = today or timezone.localdate()
    limits = Limits.everywhere()
    due = list(Appeal.objects.filter(overdue_q(limits, today=today))
               .select_related("unit", "county", "enterprise", "category").order_by("pk"))
    told: dict[tuple[int, int], int] = {}
    for appeal_id, cycle, level in AppealEscalation.objects.filter(appeal__in=due).values_list(
            "appeal_id", "cycle", "level"):
        told[(appeal_id, cycle)] = max(level, told.get((appeal_id, cycle), 0))
    recorded = 0
    for appeal in due:
        clocks = appeal_clocks(appeal, limits, today=today)
        missed = missed_steps(appeal, clocks)
        reached = escalation_level(appeal, clocks)
        start = max(told.get((appeal.pk, appeal.cycle), 0), appeal.base_level) + 1
        for level in range(start, reached + 1):
            with transaction.atomic():
                if record_escalation(appeal=appeal, level=level, cause=missed[level - appeal.base_level - 1].step):
                    recorded += 1
    return recorded
