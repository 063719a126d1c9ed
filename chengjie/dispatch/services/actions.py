"""Action items (议定事项): recorded by the bureau from the meeting's decisions, reported done by the owner
unit, confirmed (closed) or returned by the bureau; reminders from the clock, once per item and kind."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.accounts.models import User
from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.notifications.services import notify
from chengjie.org.models import Unit
from chengjie.supervision.messaging import bureau_people, unit_people
from chengjie.supervision.models import Colour

from ..clock import ActionClock
from ..models import ActionItem, ActionReminder, AgendaItem, Meeting
from ._common import require, require_in_scope

ACTION_FIELDS = ["meeting", "agenda_item", "decision", "owner_unit", "owner_person", "deadline", "status", "done_on",
                 "report_note", "reported_at", "reported_by", "closing_note", "closed_at", "closed_by"]
Status = ActionItem.Status


def _link(item: ActionItem) -> str:
    return reverse("dispatch:action_detail", args=[item.pk])


def _owners(item: ActionItem) -> list[User]:
    people = list(unit_people([item.owner_unit_id]).get(item.owner_unit_id, []))
    if item.owner_person_id and item.owner_person.is_active and item.owner_person not in people:
        people.append(item.owner_person)
    return people


def _in_unit(user, unit_id: int) -> bool:
    return user.binds_unit and user.unit_id is not None and unit_id in user.unit_and_descendant_ids()


def _locked(item: ActionItem) -> ActionItem:
    return (ActionItem.objects.select_for_update(of=("self",))
            .select_related("meeting", "owner_unit", "owner_person").get(pk=item.pk))


@transaction.atomic
def action_item_create(*, acting_user, meeting: Meeting, decision: str, owner_unit: Unit, deadline: date,
                       agenda_item: AgendaItem | None = None, owner_person: User | None = None) -> ActionItem:
    """A decision of a meeting that has been held, with the unit that carries it out and by when."""
    require(acting_user, "dispatch.manage", _("只有招商主管部门可以记录会议议定事项。"))
    require_in_scope(acting_user, meeting.division_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(_("请先记录会议召开情况，再记录议定事项。"), field="decision")
    decision = clean_text(decision, label=_("议定事项"), field="decision", max_length=1000, required=True)
    if agenda_item is not None and (agenda_item.meeting_id != meeting.pk or agenda_item.is_removed):
        raise DomainError(_("所选议题不在本次会议的议题中。"), field="agenda_item")
    if not owner_unit.is_active or not owner_unit.division_id.startswith(meeting.division_id):
        raise DomainError(_("牵头单位“%(unit)s”不是本县在用的单位。") % {"unit": owner_unit}, field="owner_unit")
    if owner_person is not None and (not owner_person.is_active or owner_person.unit_id is None
                                     or owner_person.unit_id not in _unit_ids(owner_unit)):
        raise DomainError(_("责任人“%(person)s”不是%(unit)s的在用账号。") % {"person": owner_person, "unit": owner_unit},
                          field="owner_person")
    if deadline < meeting.held_on:
        raise DomainError(_("完成时限（%(deadline)s）早于会议召开日期（%(held)s）。")
                          % {"deadline": deadline.isoformat(), "held": meeting.held_on.isoformat()}, field="deadline")
    item = ActionItem.objects.create(meeting=meeting, agenda_item=agenda_item, decision=decision,
                                     owner_unit=owner_unit, owner_person=owner_person, deadline=deadline,
                                     created_by=acting_user)
    audit_record(event="dispatch.action_created", acting_user=acting_user, obj=item,
                 after=snapshot(item, fields=ACTION_FIELDS))
    notify(recipients=_owners(item), kind="dispatch.action_assigned", acting_user=acting_user, link=_link(item),
           title=_("%(meeting)s议定事项：请于 %(deadline)s 前办结") % {"meeting": meeting.title,
                                                                "deadline": deadline.isoformat()},
           body=decision)
    return item


def _unit_ids(unit: Unit) -> set[int]:
    from chengjie.org.selectors import unit_descendant_ids

    return set(unit_descendant_ids(unit_id=unit.pk))


@transaction.atomic
def action_item_report(*, acting_user, item: ActionItem, done_on: date, note: str) -> ActionItem:
    """The owner unit reports the work done, with what was done; the bureau then confirms it."""
    require(acting_user, "dispatch.respond", _("您的账号不能报告议定事项办结。"))
    item = _locked(item)
    if not _in_unit(acting_user, item.owner_unit_id):
        raise DomainError(_("该事项的牵头单位是%(unit)s，只能由该单位报告办结。") % {"unit": item.owner_unit},
                          code="forbidden")
    if item.status == Status.CLOSED:
        raise DomainError(_("该事项已确认办结。"))
    note = clean_text(note, label=_("办理情况"), field="note", max_length=2000, required=True)
    today = timezone.localdate()
    if done_on > today:
        raise DomainError(_("办结日期（%(day)s）晚于今天，不能填报将来的日期。") % {"day": done_on.isoformat()},
                          field="done_on")
    if done_on < item.meeting.held_on:
        raise DomainError(_("办结日期（%(day)s）早于会议召开日期（%(held)s）。")
                          % {"day": done_on.isoformat(), "held": item.meeting.held_on.isoformat()}, field="done_on")
    before = snapshot(item, fields=ACTION_FIELDS)
    item.status, item.done_on, item.report_note = Status.REPORTED, done_on, note
    item.reported_at, item.reported_by = timezone.now(), acting_user
    item.save(update_fields=["status", "done_on", "report_note", "reported_at", "reported_by"])
    audit_record(event="dispatch.action_reported", acting_user=acting_user, obj=item, before=before,
                 after=snapshot(item, fields=ACTION_FIELDS))
    bureau = bureau_people([item.meeting.division_id]).get(item.meeting.division_id, [])
    notify(recipients=bureau, kind="dispatch.action_reported", acting_user=acting_user, link=_link(item),
           title=_("%(unit)s报告议定事项已办结，待确认") % {"unit": item.owner_unit}, body=note[:300])
    return item


def _bureau_decision(acting_user, item: ActionItem, note: str, *, label: str) -> tuple[ActionItem, str, dict]:
    require(acting_user, "dispatch.manage", _("只有招商主管部门可以确认议定事项办结。"))
    require_in_scope(acting_user, item.meeting.division_id)
    item = _locked(item)
    if item.status != Status.REPORTED:
        raise DomainError(_("该事项当前为“%(status)s”，牵头单位报告办结后才能确认或退回。")
                          % {"status": item.get_status_display()})
    note = clean_text(note, label=label, field="note", max_length=1000, required=True)
    return item, note, snapshot(item, fields=ACTION_FIELDS)


@transaction.atomic
def action_item_close(*, acting_user, item: ActionItem, note: str) -> ActionItem:
    """The bureau confirms the reported work and closes the item (销号)."""
    item, note, before = _bureau_decision(acting_user, item, note, label=_("确认意见"))
    item.status, item.closing_note, item.closed_at, item.closed_by = Status.CLOSED, note, timezone.now(), acting_user
    item.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    audit_record(event="dispatch.action_closed", acting_user=acting_user, obj=item, before=before,
                 after=snapshot(item, fields=ACTION_FIELDS))
    notify(recipients=_owners(item), kind="dispatch.action_closed", acting_user=acting_user, link=_link(item),
           title=_("议定事项已确认办结"), body=note[:300])
    return item


@transaction.atomic
def action_item_return(*, acting_user, item: ActionItem, note: str) -> ActionItem:
    """The bureau does not accept the report: the item is open again and its clock runs on."""
    item, note, before = _bureau_decision(acting_user, item, note, label=_("退回理由"))
    item.status, item.done_on, item.closing_note = Status.OPEN, None, note
    item.save(update_fields=["status", "done_on", "closing_note"])
    audit_record(event="dispatch.action_returned", acting_user=acting_user, obj=item, before=before,
                 after=snapshot(item, fields=ACTION_FIELDS))
    notify(recipients=_owners(item), kind="dispatch.action_returned", acting_user=acting_user, link=_link(item),
           title=_("议定事项办结报告被退回，请继续办理"), body=note[:300])
    return item


REMINDER_KINDS = {Colour.YELLOW: ActionReminder.Kind.DUE_SOON, Colour.RED: ActionReminder.Kind.OVERDUE}


def action_reminders_send(*, today: date | None = None) -> int:
    """Remind the owners of open action items that came due soon (yellow) or are overdue (red), once per item
    and kind: a reminder row is written with the message, so running again — or twice at once — reminds no
    one twice. An overdue item is also brought to the bureau. Returns how many reminders were sent."""
    clock = ActionClock(today=today)
    items = (ActionItem.objects.filter(status=Status.OPEN).select_related("meeting", "owner_unit", "owner_person")
             .order_by("deadline", "pk"))
    sent = {(r.action_item_id, r.kind) for r in ActionReminder.objects.filter(action_item__status=Status.OPEN)}
    count = 0
    for item in items:
        result = clock.colour(item)
        kind = REMINDER_KINDS.get(result.colour)
        if kind is None or (item.pk, kind) in sent:
            continue
        if _remind(item, kind, result.reason):
            count += 1
    return count


def _remind(item: ActionItem, kind: str, reason: str) -> bool:
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action_item=item, kind=kind, sent_at=timezone.now())
            people = _owners(item)
            if kind == ActionReminder.Kind.OVERDUE:
                title = _("议定事项已逾期：%(decision)s") % {"decision": item.decision[:60]}
                people += bureau_people([item.meeting.division_id]).get(item.meeting.division_id, [])
            else:
                title = _("议定事项即将到期：%(decision)s") % {"decision": item.decision[:60]}
            notify(recipients=people, kind=f"dispatch.action_{kind}", link=_link(item), title=title,
                   body=_("%(meeting)s · %(unit)s · %(reason)s") % {"meeting": item.meeting.title,
                                                                   "unit": item.owner_unit, "reason": reason})
    except IntegrityError:
        # Another run reminded of this item in the meantime (the unique row is the claim).
        return False
    return True
