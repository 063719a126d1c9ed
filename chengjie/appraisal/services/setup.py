"""Setting an appraisal up: the projects and their visiting order, the criteria and weights, the
appraisers; then opening scoring. All of it is editable only before scoring opens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.notifications.services import notify
from chengjie.org.models import Division
from chengjie.projects.models import Milestone, Project

from ..models import DEFAULT_CRITERIA, Appraisal, Criterion, Pick, Sheet
from ..selectors import rule_candidates, scorer_choices
from ._common import locked, require_manager, require_status

APPRAISAL_FIELDS = ["division", "year", "half", "title", "status", "rule_milestone", "rule_min_investment"]
SETUP = Appraisal.Status.SETUP


def default_title(year: int, half: int) -> str:
    return _("%(year)d年%(half)s重点项目现场观摩") % {"year": year, "half": Appraisal.Half(half).label}


@transaction.atomic
def appraisal_create(*, acting_user, division_code: str, year: int, half: int, title: str = "") -> Appraisal:
    """A county's appraisal for a half-year, with the default criteria (editable until scoring opens)."""
    require_manager(acting_user)
    division = Division.objects.filter(code=division_code, level=Division.Level.COUNTY).first()
    prefix = acting_user.scope_prefix
    if division is None or prefix is None or not division.code.startswith(prefix):
        raise DomainError(_("请选择您数据范围内的县（市、区）。"), field="division")
    if half not in Appraisal.Half.values:
        raise DomainError(_("请选择上半年或下半年。"), field="half")
    if not 2000 <= year <= 2100:
        raise DomainError(_("年度“%(year)s”无效。") % {"year": year}, field="year")
    title = (title or "").strip() or default_title(year, half)
    if len(title) > 100:
        raise DomainError(_("名称不能超过 100 个字。"), field="title")
    if Appraisal.objects.filter(division=division, year=year, half=half).exists():
        raise DomainError(_("%(county)s %(year)d 年%(half)s的观摩已经建立，请在列表中打开它。")
                          % {"county": division.name, "year": year, "half": Appraisal.Half(half).label}, field="half")
    try:
        with transaction.atomic():
            appraisal = Appraisal.objects.create(division=division, year=year, half=half, title=title,
                                                 created_by=acting_user)
    except IntegrityError:
        raise DomainError(_("该半年的观摩刚刚已由他人建立，请在列表中打开它。"), field="half") from None
    Criterion.objects.bulk_create([Criterion(appraisal=appraisal, position=n, name=name, weight=weight, max_score=weight)
                                   for n, (name, weight) in enumerate(DEFAULT_CRITERIA, start=1)])
    audit_record(event="appraisal.created", acting_user=acting_user, obj=appraisal,
                 after={**snapshot(appraisal, fields=APPRAISAL_FIELDS), "criteria": DEFAULT_CRITERIA})
    return appraisal


@transaction.atomic
def appraisal_rule_set(*, acting_user, appraisal: Appraisal, milestone: str, min_investment) -> Appraisal:
    """The selection rule's parameters: the node reached in the half-year, and the least contracted
    investment (万元)."""
    require_manager(acting_user, appraisal)
    appraisal = locked(appraisal)
    require_status(appraisal, SETUP, _("修改选取规则"))
    if milestone not in Milestone.values or milestone == Milestone.SIGNED:
        raise DomainError(_("请选择供地、开工、竣工投产或达产达效。"), field="milestone")
    try:
        amount = Decimal(str(min_investment))
    except InvalidOperation:
        raise DomainError(_("协议投资下限“%(value)s”不是数字。") % {"value": min_investment}, field="min_investment") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise DomainError(_("协议投资下限应为不小于 0 的万元数。"), field="min_investment")
    before = snapshot(appraisal, fields=APPRAISAL_FIELDS)
    appraisal.rule_milestone, appraisal.rule_min_investment = milestone, amount.quantize(Decimal("0.01"))
    appraisal.save(update_fields=["rule_milestone", "rule_min_investment"])
    audit_record(event="appraisal.rule_changed", acting_user=acting_user, obj=appraisal, before=before,
                 after=snapshot(appraisal, fields=APPRAISAL_FIELDS))
    return appraisal


def _next_position(appraisal: Appraisal) -> int:
    return (appraisal.picks.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def appraisal_pick_by_rule(*, acting_user, appraisal: Appraisal) -> list[Pick]:
    """Add every project the rule finds that is not picked yet, after the ones already in the order."""
    require_manager(acting_user, appraisal)
    appraisal = locked(appraisal)
    require_status(appraisal, SETUP, _("选取项目"))
    present = set(appraisal.picks.values_list("project_id", flat=True))
    position = _next_position(appraisal)
    added = []
    for project in rule_candidates(appraisal):
        if project.pk in present:
            continue
        added.append(Pick(appraisal=appraisal, project=project, position=position, by_rule=True, picked_by=acting_user))
        position += 1
    Pick.objects.bulk_create(added)
    audit_record(event="appraisal.picked_by_rule", acting_user=acting_user, obj=appraisal,
                 after={"rule": {"milestone": appraisal.rule_milestone,
                                 "min_investment": str(appraisal.rule_min_investment)},
                        "projects": [pick.project.name for pick in added]})
    return added


@transaction.atomic
def appraisal_pick(*, acting_user, appraisal: Appraisal, project: Project, reason: str) -> Pick:
    """A project the rule does not find (a smaller project worth showing), picked by hand with the reason."""
    require_manager(acting_user, appraisal)
    appraisal = locked(appraisal)
    require_status(appraisal, SETUP, _("选取项目"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写人工选取的理由。"), field="reason")
    if len(reason) > 200:
        raise DomainError(_("选取理由不能超过 200 个字。"), field="reason")
    if not project.division_id.startswith(appraisal.division_id) or \
            project.duplicate_state == Project.DuplicateState.MERGED:
        raise DomainError(_("项目“%(name)s”不是本县在册的项目。") % {"name": project.name}, field="project")
    if appraisal.picks.filter(project=project).exists():
        raise DomainError(_("项目“%(name)s”已在观摩名单中。") % {"name": project.name}, field="project")
    pick = Pick.objects.create(appraisal=appraisal, project=project, position=_next_position(appraisal),
                               reason=reason, picked_by=acting_user)
    audit_record(event="appraisal.picked", acting_user=acting_user, obj=appraisal,
                 after={"project": project.name, "reason": reason, "position": pick.position})
    return pick


def _renumber(appraisal: Appraisal, order: Sequence[int]) -> None:
    """Positions 1…n in `order` (pick ids). Two passes: the unique position never holds two picks at once."""
    offset = len(order) + 1000
    for position, pk in enumerate(order, start=1):
        Pick.objects.filter(pk=pk, appraisal=appraisal).update(position=offset + position)
    for position, pk in enumerate(order, start=1):
        Pick.objects.filter(pk=pk, appraisal=appraisal).update(position=position)


@transaction.atomic
def appraisal_unpick(*, acting_user, pick: Pick) -> None:
    require_manager(acting_user, pick.appraisal)
    appraisal = locked(pick.appraisal)
    require_status(appraisal, SETUP, _("调整观摩名单"))
    name = pick.project.name
    pick.delete()
    _renumber(appraisal, list(appraisal.picks.order_by("position").values_list("pk", flat=True)))
    audit_record(event="appraisal.unpicked", acting_user=acting_user, obj=appraisal, before={"project": name})


@transaction.atomic
def appraisal_reorder(*, acting_user, appraisal: Appraisal, order: Sequence[int]) -> list[int]:
    """The visiting order: every pick of the appraisal, each once, first visited first."""
    require_manager(acting_user, appraisal)
    appraisal = locked(appraisal)
    require_status(appraisal, SETUP, _("调整观摩顺序"))
    current = list(appraisal.picks.order_by("position").values_list("pk", flat=True))
    if sorted(order) != sorted(current) or len(set(order)) != len(order):
        raise DomainError(_("观摩顺序应包含名单中的每个项目各一次，名单可能刚被他人修改，请刷新后重试。"), field="order")
    _renumber(appraisal, order)
    audit_record(event="appraisal.reordered", acting_user=acting_user, obj=appraisal, before={"order": current},
                 after={"order": list(order)})
    return list(order)


@dataclass(frozen=True)
class CriterionRow:
    name: str
    weight: int
    max_score: int


@transaction.atomic
def appraisal_criteria_set(*, acting_user, appraisal: Appraisal, rows: Sequence[CriterionRow]) -> list[Criterion]:
    """Replace the criteria set. Weights are whole numbers summing to exactly 100; each criterion is scored
    0 to its full marks (1–100); names are unique."""
    require_manager(acting_user, appraisal)
    appraisal = locked(appraisal)
    require_status(appraisal, SETUP, _("修改评分指标"))
    if not rows:
        raise DomainError(_("至少要有一项评分指标。"), field="criteria")
    names = set()
    for number, row in enumerate(rows, start=1):
        name = row.name.strip()
        if not name or len(name) > 30:
            raise DomainError(_("第 %(n)d 项指标的名称应为 1–30 个字。") % {"n": number}, field="criteria")
        if name in names:
            raise DomainError(_("指标“%(name)s”重复。") % {"name": name}, field="criteria")
        names.add(name)
        for value, label in ((row.weight, _("权重")), (row.max_score, _("满分"))):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
                raise DomainError(_("指标“%(name)s”的%(label)s应为 1–100 的整数，实际是“%(value)s”。")
                                  % {"name": name, "label": label, "value": value}, field="criteria")
    total = sum(row.weight for row in rows)
    if total != 100:
        raise DomainError(_("各指标权重之和应为 100，现为 %(total)d。") % {"total": total}, field="criteria")
    before = [{"name": c.name, "weight": c.weight, "max_score": c.max_score} for c in appraisal.criteria.all()]
    appraisal.criteria.all().delete()
    created = Criterion.objects.bulk_create([
        Criterion(appraisal=appraisal, position=n, name=row.name.strip(), weight=row.weight, max_score=row.max_score)
        for n, row in enumerate(rows, start=1)])
    audit_record(event="appraisal.criteria_set", acting_user=acting_user, obj=appraisal, before={"criteria": before},
                 after={"criteria": [{"name": c.name, "weight": c.weight, "max_score": c.max_score} for c in created]})
    return created


@transaction.atomic
def appraisal_appraisers_set(*, acting_user, appraisal: Appraisal, users: Sequence[User]) -> list[Sheet]:
    """The appraisers, each with one score sheet: active people of the county whose role may score."""
    require_manager(acting_user, appraisal)
    appraisal = locked(appraisal)
    require_status(appraisal, SETUP, _("调整评委"))
    allowed = set(scorer_choices(appraisal).values_list("pk", flat=True))
    for user in users:
        if user.pk not in allowed:
            raise DomainError(_("“%(user)s”不能担任本次观摩的评委（须为本县在用的领导、招商主管部门、单位负责人或园区人员）。")
                              % {"user": user}, field="appraisers")
    wanted = {user.pk for user in users}
    before = sorted(appraisal.sheets.values_list("appraiser__username", flat=True))
    appraisal.sheets.exclude(appraiser_id__in=wanted).delete()
    present = set(appraisal.sheets.values_list("appraiser_id", flat=True))
    Sheet.objects.bulk_create([Sheet(appraisal=appraisal, appraiser_id=pk) for pk in sorted(wanted - present)])
    audit_record(event="appraisal.appraisers_set", acting_user=acting_user, obj=appraisal,
                 before={"appraisers": before}, after={"appraisers": sorted(user.username for user in users)})
    return list(appraisal.sheets.select_related("appraiser"))


@transaction.atomic
def appraisal_open_scoring(*, acting_user, appraisal: Appraisal) -> Appraisal:
    """Scoring opens: projects, order, criteria and appraisers are fixed from now on; appraisers are told."""
    require_manager(acting_user, appraisal)
    appraisal = locked(appraisal)
    require_status(appraisal, SETUP, _("开始评分"))
    if not appraisal.picks.exists():
        raise DomainError(_("观摩名单还是空的，请先选取项目。"), field="picks")
    if not appraisal.sheets.exists():
        raise DomainError(_("还没有选定评委。"), field="appraisers")
    total = sum(appraisal.criteria.values_list("weight", flat=True))
    if total != 100:
        raise DomainError(_("各指标权重之和应为 100，现为 %(total)d。") % {"total": total}, field="criteria")
    before = snapshot(appraisal, fields=APPRAISAL_FIELDS)
    appraisal.status, appraisal.scoring_opened_at = Appraisal.Status.SCORING, timezone.now()
    appraisal.save(update_fields=["status", "scoring_opened_at"])
    audit_record(event="appraisal.scoring_opened", acting_user=acting_user, obj=appraisal, before=before,
                 after=snapshot(appraisal, fields=APPRAISAL_FIELDS))
    sheets = list(appraisal.sheets.select_related("appraiser"))
    for sheet in sheets:
        notify(recipients=[sheet.appraiser], kind="appraisal.scoring_opened", acting_user=acting_user,
               title=_("请为%(title)s打分") % {"title": appraisal.title},
               body=_("观摩项目 %(count)d 个，可在手机上逐个打分。") % {"count": appraisal.picks.count()},
               link=reverse("appraisal:sheet", args=[appraisal.pk, sheet.pk]))
    return appraisal
