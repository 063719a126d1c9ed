"""Reads of dispatch meetings and action items, scoped to the user.

Who sees what: the bureau and leaders see the meetings and action items of their division scope; a unit's
people see the county's meetings (the agenda and minutes are circulated to every unit) and, in the action
item list, only the items their unit (or a unit below it) carries out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from chengjie.core.access import get_for_user
from chengjie.core.scope import division_q
from chengjie.org.models import Division
from chengjie.supervision.models import COLOUR_SEVERITY

from .clock import with_colours
from .models import DEFAULT_STALLED_MONTHS, ActionItem, AgendaItem, DispatchSetting, Meeting, Tier


def setting_for(county: str) -> DispatchSetting:
    """The county's settings, or the defaults (unsaved) when it has set none: the organ is the county's
    investment promotion leading group office and the 代字 its first character with 招 (潜山市 → 潜招)."""
    setting = DispatchSetting.objects.filter(division_id=county).first()
    if setting is not None:
        return setting
    name = Division.objects.filter(code=county).values_list("name", flat=True).first() or ""
    return DispatchSetting(division_id=county, stalled_months=DEFAULT_STALLED_MONTHS,
                           organ=f"{name}招商引资工作领导小组办公室", number_prefix=f"{name[:1]}招")


def meetings_for_user(*, user) -> QuerySet[Meeting]:
    if not user.is_authenticated or not user.has_capability("dispatch.view"):
        return Meeting.objects.none()
    return Meeting.objects.filter(division_q(user))


def meeting_list(*, user) -> QuerySet[Meeting]:
    return (meetings_for_user(user=user).select_related("division")
            .annotate(item_count=Count("agenda_items", filter=Q(agenda_items__removed_at__isnull=True), distinct=True),
                      action_count=Count("action_items", distinct=True),
                      open_count=Count("action_items", filter=~Q(action_items__status=ActionItem.Status.CLOSED),
                                       distinct=True))
            .order_by("-year", "-quarter", "division_id"))


def get_meeting_for_user(user, pk, *, write: bool = False, write_capability: str = "dispatch.manage") -> Meeting:
    meetings = meetings_for_user(user=user).select_related("division", "created_by")
    return get_for_user(user, meetings, write=write, write_capability=write_capability, pk=pk)


def get_agenda_item_for_user(user, meeting: Meeting, pk, *, write: bool = True) -> AgendaItem:
    return get_for_user(user, meeting.agenda_items.select_related("meeting"), write=write,
                        write_capability="dispatch.manage", pk=pk)


ACTION_RELATED = ("meeting", "owner_unit", "owner_person", "agenda_item")
UNCLOSED = "unclosed"  # the action list's status filter: reported or still open


@dataclass
class TierGroup:
    tier: str
    label: str
    items: list[AgendaItem]


def agenda(*, meeting: Meeting, today: date | None = None) -> dict:
    """The meeting page: the agenda by tier (county first: the weightiest decisions open the minutes), each
    item with its action items and their colours; removed items apart; every action item of the meeting.
    A fixed number of queries however long the agenda."""
    actions = with_colours(ActionItem.objects.filter(meeting=meeting).select_related(*ACTION_RELATED)
                           .order_by("deadline", "pk"), today=today)
    by_item: dict[int | None, list[ActionItem]] = {}
    for action in actions:
        by_item.setdefault(action.agenda_item_id, []).append(action)
    items = list(meeting.agenda_items.select_related("unit", "project", "notice", "appeal", "added_by", "removed_by")
                 .order_by("position"))
    for item in items:
        item.actions = by_item.get(item.pk, [])
    live = [item for item in items if not item.is_removed]
    groups = [TierGroup(tier=tier, label=label, items=[item for item in live if item.tier == tier])
              for tier, label in reversed(Tier.choices)]
    return {"groups": groups, "removed": [item for item in items if item.is_removed], "live": live,
            "actions": actions, "loose_actions": by_item.get(None, [])}


def actions_for_user(*, user) -> QuerySet[ActionItem]:
    if not user.is_authenticated or not user.has_capability("dispatch.view"):
        return ActionItem.objects.none()
    items = ActionItem.objects.filter(division_q(user, "meeting__division"))
    if user.binds_unit:
        items = items.filter(owner_unit_id__in=user.unit_and_descendant_ids())
    return items


def action_list(*, user, status: str = "", colour: str = "", unit: int | None = None, meeting: int | None = None,
                today: date | None = None) -> list[ActionItem]:
    """The action item list with colours, soonest deadline first; `colour` keeps one colour (worked out from
    the clock in Python: a county has tens of open items, not thousands)."""
    items = actions_for_user(user=user).select_related(*ACTION_RELATED)
    if status == UNCLOSED:
        items = items.exclude(status=ActionItem.Status.CLOSED)
    elif status:
        items = items.filter(status=status)
    if unit:
        items = items.filter(owner_unit_id=unit)
    if meeting:
        items = items.filter(meeting_id=meeting)
    items = with_colours(items.order_by("deadline", "pk"), today=today)
    if colour in COLOUR_SEVERITY:
        items = [item for item in items if item.colour == colour]
    return items


def get_action_for_user(user, pk, *, write: bool = False, write_capability: str = "dispatch.manage") -> ActionItem:
    items = actions_for_user(user=user).select_related(*ACTION_RELATED, "reported_by", "closed_by", "created_by",
                                                       "agenda_item__project")
    return get_for_user(user, items, write=write, write_capability=write_capability, pk=pk)


def with_colour(item: ActionItem, *, today: date | None = None) -> ActionItem:
    return with_colours([item], today=today)[0]
