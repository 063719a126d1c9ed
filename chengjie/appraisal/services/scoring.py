"""Scoring: an appraiser saves a project's scores on their own sheet while scoring is open; the bureau closes
scoring, and the ranking and the results document come out.

When the ranking comes out: when the bureau closes scoring. It may close once every appraiser has scored
every project; closing earlier (an appraiser fell ill) needs a stated reason, and then a missing sheet is
left out of the averages of the projects it lacks, never counted as zero (ranking.py), and the results
document says whose scores are missing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.notifications.services import notify

from ..models import Appraisal, Pick, Score, Sheet
from ..selectors import progress
from ._common import locked, require, require_manager, require_status
from .setup import APPRAISAL_FIELDS

TENTH = Decimal("0.1")


def _value(raw, *, criterion) -> Decimal:
    if raw is None or raw == "":
        raise DomainError(_("请为“%(name)s”打分。") % {"name": criterion.name}, field=f"c{criterion.pk}")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise DomainError(_("“%(name)s”的得分“%(value)s”不是数字。") % {"name": criterion.name, "value": raw},
                          field=f"c{criterion.pk}") from None
    if not value.is_finite() or not 0 <= value <= criterion.max_score:
        raise DomainError(_("“%(name)s”的得分应在 0 到 %(max)d 之间，实际是 %(value)s。")
                          % {"name": criterion.name, "max": criterion.max_score, "value": raw}, field=f"c{criterion.pk}")
    if value != value.quantize(TENTH):
        raise DomainError(_("“%(name)s”的得分最多保留一位小数。") % {"name": criterion.name}, field=f"c{criterion.pk}")
    return value.quantize(TENTH)


@transaction.atomic
def score_record(*, acting_user, sheet: Sheet, pick: Pick, values: Mapping[int, object]) -> list[Score]:
    """The appraiser's scores of one project, every criterion at once (criterion id → score). Saving again
    replaces them, until scoring closes."""
    require(acting_user, "appraisal.score", _("您的账号不能为观摩项目打分。"))
    if sheet.appraiser_id != acting_user.pk:
        raise DomainError(_("只能在自己的评分表上打分。"), code="forbidden")
    appraisal = Appraisal.objects.select_for_update().get(pk=sheet.appraisal_id)
    require_status(appraisal, Appraisal.Status.SCORING, _("打分"))
    if pick.appraisal_id != appraisal.pk:
        raise DomainError(_("该项目不在本次观摩名单中。"), field="pick")
    checked = {criterion.pk: _value(values.get(criterion.pk), criterion=criterion)
               for criterion in appraisal.criteria.order_by("position")}
    existing = {score.criterion_id: score for score in Score.objects.filter(sheet=sheet, pick=pick)}
    before = {str(key): str(score.value) for key, score in existing.items()} or None
    for criterion_id, value in checked.items():
        if criterion_id in existing:
            existing[criterion_id].value = value
            existing[criterion_id].save(update_fields=["value", "scored_at"])
        else:
            existing[criterion_id] = Score.objects.create(sheet=sheet, pick=pick, criterion_id=criterion_id, value=value)
    audit_record(event="appraisal.scored", acting_user=acting_user, obj=sheet,
                 object_repr=_("%(appraiser)s 对“%(project)s”的评分") % {"appraiser": acting_user,
                                                                     "project": pick.project.name},
                 before=before, after={str(key): str(value) for key, value in checked.items()})
    return list(existing.values())


@transaction.atomic
def scoring_close(*, acting_user, appraisal: Appraisal, results_seq: int, note: str = "") -> Appraisal:
    """End scoring; the sheets and the ranking open to everyone who sees the appraisal. `results_seq` is the
    number the results document carries (发文字号 顺序号)."""
    require_manager(acting_user, appraisal)
    appraisal = locked(appraisal)
    require_status(appraisal, Appraisal.Status.SCORING, _("结束评分"))
    if isinstance(results_seq, bool) or not isinstance(results_seq, int) or results_seq < 1:
        raise DomainError(_("结果通报文号序号应为正整数（不编虚位，如 15）。"), field="results_seq")
    short = [entry for entry in progress(appraisal) if not entry.complete]
    note = (note or "").strip()
    if short and not note:
        names = "、".join(f"{entry.sheet.appraiser.display_name}（{entry.scored}/{entry.total}）" for entry in short)
        raise DomainError(_("还有评委未打完分：%(names)s。如需提前结束，请填写理由。") % {"names": names}, field="note")
    before = snapshot(appraisal, fields=APPRAISAL_FIELDS)
    appraisal.status, appraisal.closed_at, appraisal.closed_by = Appraisal.Status.CLOSED, timezone.now(), acting_user
    appraisal.close_note, appraisal.results_seq = note if short else "", results_seq
    appraisal.save(update_fields=["status", "closed_at", "closed_by", "close_note", "results_seq"])
    audit_record(event="appraisal.scoring_closed", acting_user=acting_user, obj=appraisal, before=before,
                 after={**snapshot(appraisal, fields=APPRAISAL_FIELDS), "incomplete_sheets": [
                     entry.sheet.appraiser.username for entry in short]}, note=appraisal.close_note)
    notify(recipients=[sheet.appraiser for sheet in appraisal.sheets.select_related("appraiser")],
           kind="appraisal.scoring_closed", acting_user=acting_user,
           title=_("%(title)s评分已结束，结果已公布") % {"title": appraisal.title},
           link=reverse("appraisal:results", args=[appraisal.pk]))
    return appraisal
