"""The meeting and its agenda: call a meeting for a quarter, build the agenda from the county's facts, add or
remove items with a reason, route each item to a tier, record that the meeting was held."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.org.models import Unit
from chengjie.projects.models import Project

from ..agenda import agenda_candidates
from ..models import AgendaItem, Meeting, Tier
from ..selectors import setting_for
from ._common import county_of, require, require_in_scope

MEETING_FIELDS = ["division", "year", "quarter", "title", "status", "held_on", "venue", "chair", "attendees",
                  "summary", "minutes_seq"]
ITEM_FIELDS = ["meeting", "position", "source", "project", "notice", "appeal", "unit", "title", "detail", "tier",
               "added_reason", "removed_reason", "removed_at", "removed_by"]
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
MANAGE = "dispatch.manage"


def default_title(year: int, quarter: int) -> str:
    return _("%(year)d年第%(quarter)s季度重点项目调度会") % {"year": year, "quarter": QUARTER_NAMES[quarter]}


def _manage(user, meeting: Meeting | None = None) -> None:
    require(user, MANAGE, _("只有招商主管部门可以组织季度调度会。"))
    if meeting is not None:
        require_in_scope(user, meeting.division_id)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _preparing(meeting: Meeting, action: str) -> None:
    if meeting.status != Meeting.Status.PREPARING:
        raise DomainError(_("%(title)s已于 %(day)s 召开，不能再%(action)s。") % {
            "title": meeting.title, "day": meeting.held_on.isoformat(), "action": action})


@transaction.atomic
def meeting_create(*, acting_user, division_code: str, year: int, quarter: int, title: str = "") -> Meeting:
    _manage(acting_user)
    division = county_of(acting_user, division_code)
    if quarter not in QUARTER_NAMES:
        raise DomainError(_("季度应为 1 到 4。"), field="quarter")
    if not 2000 <= year <= 2100:
        raise DomainError(_("年度“%(year)s”无效。") % {"year": year}, field="year")
    title = clean_text(title, label=_("会议名称"), field="title", max_length=100, required=False) or \
        default_title(year, quarter)
    if Meeting.objects.filter(division=division, year=year, quarter=quarter).exists():
        raise DomainError(_("%(county)s %(year)d 年第 %(quarter)d 季度的调度会已经建立，请在列表中打开它。")
                          % {"county": division.name, "year": year, "quarter": quarter}, field="quarter")
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(division=division, year=year, quarter=quarter, title=title,
                                             created_by=acting_user)
    except IntegrityError:
        raise DomainError(_("该季度的调度会刚刚已由他人建立，请在列表中打开它。"), field="quarter") from None
    audit_record(event="dispatch.meeting_created", acting_user=acting_user, obj=meeting,
                 after=snapshot(meeting, fields=MEETING_FIELDS))
    return meeting


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1


def _present_keys(meeting: Meeting) -> set[tuple[str, int]]:
    keys = set()
    for project_id, notice_id, appeal_id in meeting.agenda_items.values_list("project_id", "notice_id", "appeal_id"):
        if notice_id:
            keys.add(("notice", notice_id))
        elif appeal_id:
            keys.add(("appeal", appeal_id))
        if project_id and not notice_id:
            keys.add(("project", project_id))
    return keys


@transaction.atomic
def agenda_generate(*, acting_user, meeting: Meeting, today: date | None = None) -> list[AgendaItem]:
    """Add to the agenda every problem found today that is not on it yet (see agenda.py). Items already
    there — kept, re-routed or removed with a reason — are left as they are, so building again after a
    week adds only what is new."""
    _manage(acting_user, meeting)
    meeting = _locked(meeting)
    _preparing(meeting, _("生成议题"))
    today = today or timezone.localdate()
    setting = setting_for(meeting.division_id)
    candidates = agenda_candidates(meeting.division_id, year=meeting.year, quarter=meeting.quarter, today=today,
                                   stalled_months=setting.stalled_months)
    present = _present_keys(meeting)
    position = _next_position(meeting)
    items = []
    for candidate in candidates:
        if candidate.key in present:
            continue
        present.add(candidate.key)
        items.append(AgendaItem(meeting=meeting, position=position, source=candidate.source,
                                project=candidate.project, notice=candidate.notice, appeal=candidate.appeal,
                                unit=candidate.unit, title=candidate.title[:200], detail=candidate.detail,
                                tier=candidate.tier))
        position += 1
    AgendaItem.objects.bulk_create(items)
    before = snapshot(meeting, fields=["agenda_built_on"])
    meeting.agenda_built_on = today
    meeting.save(update_fields=["agenda_built_on"])
    audit_record(event="dispatch.agenda_generated", acting_user=acting_user, obj=meeting, before=before,
                 after={"agenda_built_on": today.isoformat(), "added": [
                     {"source": item.source, "title": item.title, "tier": item.tier} for item in items]},
                 note=_("新增议题 %(count)d 项") % {"count": len(items)})
    return items


@transaction.atomic
def agenda_item_add(*, acting_user, meeting: Meeting, title: str, reason: str, detail: str = "",
                    unit: Unit | None = None, project: Project | None = None, tier: str = Tier.ON_SITE) -> AgendaItem:
    """增列: an item the generator did not find (a matter a unit raised), with the reason it is added."""
    _manage(acting_user, meeting)
    meeting = _locked(meeting)
    _preparing(meeting, _("增列议题"))
    title = clean_text(title, label=_("议题"), field="title", max_length=200, required=True)
    reason = clean_text(reason, label=_("增列理由"), field="reason", max_length=500, required=True)
    detail = clean_text(detail, label=_("情况"), field="detail", max_length=2000, required=False)
    if tier not in Tier.values:
        raise DomainError(_("请选择处理层级。"), field="tier")
    if unit is not None and not unit.division_id.startswith(meeting.division_id):
        raise DomainError(_("责任单位“%(unit)s”不属于本县。") % {"unit": unit}, field="unit")
    if project is not None:
        if not project.division_id.startswith(meeting.division_id):
            raise DomainError(_("项目“%(name)s”不属于本县。") % {"name": project.name}, field="project")
        if meeting.agenda_items.filter(project=project, notice__isnull=True, removed_at__isnull=True).exists():
            raise DomainError(_("项目“%(name)s”已在议题中。") % {"name": project.name}, field="project")
    item = AgendaItem.objects.create(meeting=meeting, position=_next_position(meeting), source=AgendaItem.Source.MANUAL,
                                     project=project, unit=unit, title=title, detail=detail, tier=tier,
                                     added_reason=reason, added_by=acting_user)
    audit_record(event="dispatch.agenda_item_added", acting_user=acting_user, obj=item,
                 after=snapshot(item, fields=ITEM_FIELDS))
    return item


def _locked_item(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)


@transaction.atomic
def agenda_item_remove(*, acting_user, item: AgendaItem, reason: str) -> AgendaItem:
    """撤下: the item stays on record with who removed it and why; building the agenda again does not bring
    it back."""
    _manage(acting_user, item.meeting)
    item = _locked_item(item)
    _preparing(item.meeting, _("撤下议题"))
    if item.is_removed:
        raise DomainError(_("议题“%(title)s”已撤下。") % {"title": item.title})
    reason = clean_text(reason, label=_("撤下理由"), field="reason", max_length=500, required=True)
    before = snapshot(item, fields=ITEM_FIELDS)
    item.removed_reason, item.removed_at, item.removed_by = reason, timezone.now(), acting_user
    item.save(update_fields=["removed_reason", "removed_at", "removed_by"])
    audit_record(event="dispatch.agenda_item_removed", acting_user=acting_user, obj=item, before=before,
                 after=snapshot(item, fields=ITEM_FIELDS))
    return item


@transaction.atomic
def agenda_item_route(*, acting_user, item: AgendaItem, tier: str) -> AgendaItem:
    """The tier the item is handled at: on site, a cross-unit joint meeting (会商), or the county government.
    Decided before or at the meeting."""
    _manage(acting_user, item.meeting)
    item = _locked_item(item)
    if item.is_removed:
        raise DomainError(_("议题“%(title)s”已撤下，不能再确定处理层级。") % {"title": item.title})
    if tier not in Tier.values:
        raise DomainError(_("请选择处理层级。"), field="tier")
    if tier == item.tier:
        return item
    before = snapshot(item, fields=ITEM_FIELDS)
    item.tier = tier
    item.save(update_fields=["tier"])
    audit_record(event="dispatch.agenda_item_routed", acting_user=acting_user, obj=item, before=before,
                 after=snapshot(item, fields=ITEM_FIELDS))
    return item


@transaction.atomic
def meeting_record(*, acting_user, meeting: Meeting, held_on: date, venue: str, chair: str, attendees: str,
                   summary: str, minutes_seq: int) -> Meeting:
    """The meeting took place: when, where, who chaired and attended, what it concluded overall, and the
    number its minutes carry. From then on its decisions are recorded as action items; the record may be
    corrected later."""
    _manage(acting_user, meeting)
    meeting = _locked(meeting)
    if held_on > timezone.localdate():
        raise DomainError(_("召开日期（%(day)s）晚于今天，会议召开后再记录。") % {"day": held_on.isoformat()},
                          field="held_on")
    if held_on.year < meeting.year:
        raise DomainError(_("召开日期（%(day)s）早于会议所属年度。") % {"day": held_on.isoformat()}, field="held_on")
    if meeting.agenda_built_on and held_on < meeting.agenda_built_on:
        raise DomainError(_("召开日期（%(day)s）早于议题生成日期（%(built)s）。")
                          % {"day": held_on.isoformat(), "built": meeting.agenda_built_on.isoformat()}, field="held_on")
    if isinstance(minutes_seq, bool) or not isinstance(minutes_seq, int) or minutes_seq < 1:
        raise DomainError(_("纪要文号序号应为正整数（不编虚位，如 12）。"), field="minutes_seq")
    before = snapshot(meeting, fields=MEETING_FIELDS)
    meeting.held_on, meeting.status, meeting.minutes_seq = held_on, Meeting.Status.HELD, minutes_seq
    meeting.venue = clean_text(venue, label=_("地点"), field="venue", max_length=100, required=True)
    meeting.chair = clean_text(chair, label=_("主持人"), field="chair", max_length=100, required=True)
    meeting.attendees = clean_text(attendees, label=_("参会单位和人员"), field="attendees", max_length=2000, required=True)
    meeting.summary = clean_text(summary, label=_("会议概述"), field="summary", max_length=4000, required=False)
    meeting.save(update_fields=["held_on", "status", "minutes_seq", "venue", "chair", "attendees", "summary"])
    audit_record(event="dispatch.meeting_recorded", acting_user=acting_user, obj=meeting, before=before,
                 after=snapshot(meeting, fields=MEETING_FIELDS))
    return meeting
