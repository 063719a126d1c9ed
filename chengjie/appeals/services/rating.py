"""The follow-up (回访) of a closed appeal: the firm rates it on the web, or the county office records the
rating from a phone call. 满意 and 基本满意 finish the appeal; 不满意 reopens it for a new round (reply and
resolve clocks restart) and escalates it one level above where the closed round had reached."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text

from ..clock import MAX_LEVEL, Limits, appeal_clocks, escalation_level
from ..models import Appeal, AppealEscalation, AppealEvent, AppealRating
from .common import (
    audit_snapshot,
    lock,
    log,
    require,
    require_in_scope,
    require_local,
    require_status,
    tell,
    unit_people,
)
from .escalations import record_escalation

Satisfaction = AppealRating.Satisfaction
Status = Appeal.Status
Event = AppealEvent.Kind


def _reopen(appeal: Appeal, *, acting_user, comment: str) -> None:
    reached = escalation_level(appeal, appeal_clocks(appeal, Limits.for_county(appeal.county_id)))
    before = audit_snapshot(appeal)
    appeal.cycle += 1
    appeal.cycle_started_at = timezone.now()
    appeal.replied_at = appeal.closed_at = appeal.resolved = None
    appeal.result = ""
    appeal.status = Status.ACCEPTED
    appeal.redo_count += 1
    appeal.base_level = min(MAX_LEVEL, reached + 1)
    appeal.save(update_fields=["cycle", "cycle_started_at", "replied_at", "closed_at", "resolved", "result",
                               "status", "redo_count", "base_level"])
    log(appeal, Event.REOPENED, by=acting_user, text=comment)
    audit_record(event="appeal.reopened", acting_user=acting_user, obj=appeal, before=before,
                 after=audit_snapshot(appeal), note=_("企业不满意，重新办理（第 %(cycle)d 轮）") % {"cycle": appeal.cycle})
    tell(unit_people(appeal.unit_id), appeal, kind="appeals.reopened", acting_user=acting_user,
         title=_("诉求被评为不满意，须重新办理：%(subject)s") % {"subject": appeal.subject},
         body=_("企业意见：%(comment)s。答复和办结时限从今天重新起算，并已提级督办。") % {"comment": comment})
    record_escalation(appeal=appeal, level=appeal.base_level, cause=AppealEscalation.Cause.DISSATISFIED,
                      acting_user=acting_user)


@transaction.atomic
def appeal_rate(*, acting_user, appeal: Appeal, satisfaction: str, comment: str = "") -> Appeal:
    """Record the round's rating: the firm's own on the web, or staff's from a phone follow-up."""
    appeal = lock(appeal)
    if acting_user.binds_enterprise:
        require(acting_user, "appeals.file", _("评价诉求"))
        via = AppealRating.Via.WEB
    else:
        require(acting_user, "appeals.follow_up", _("记录回访结果"))
        via = AppealRating.Via.PHONE
    require_in_scope(acting_user, appeal)
    require_local(appeal)
    require_status(appeal, {Status.CLOSED}, _("评价"))
    if satisfaction not in Satisfaction.values:
        raise DomainError(_("请选择满意、基本满意或不满意。"), field="satisfaction")
    dissatisfied = satisfaction == Satisfaction.DISSATISFIED
    comment = clean_text(comment, label=_("不满意的原因") if dissatisfied else _("评价意见"), field="comment",
                         max_length=1000, required=dissatisfied)
    before = audit_snapshot(appeal)
    rating = AppealRating.objects.create(appeal=appeal, cycle=appeal.cycle, satisfaction=satisfaction, via=via,
                                         comment=comment, rated_by=acting_user, rated_at=timezone.now())
    log(appeal, Event.RATED, by=acting_user,
        text=f"{rating.get_via_display()}：{rating.get_satisfaction_display()}" + (f"。{comment}" if comment else ""))
    if not dissatisfied:
        appeal.status = Status.FINISHED
        appeal.save(update_fields=["status"])
    audit_record(event="appeal.rated", acting_user=acting_user, obj=appeal, before=before,
                 after={**audit_snapshot(appeal), "satisfaction": satisfaction, "via": via}, note=comment)
    if dissatisfied:
        _reopen(appeal, acting_user=acting_user, comment=comment)
    return appeal
