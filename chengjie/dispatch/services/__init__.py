"""Writes on quarterly dispatch. Every function is keyword-only, atomic, raises DomainError naming the field
and reason, and writes its audit row in the same transaction."""

from .actions import action_item_close, action_item_create, action_item_report, action_item_return, action_reminders_send
from .meetings import (
    agenda_generate,
    agenda_item_add,
    agenda_item_remove,
    agenda_item_route,
    default_title,
    meeting_create,
    meeting_record,
)
from .minutes import meeting_minutes_export
from .settings import dispatch_setting_set

__all__ = [
    "action_item_close", "action_item_create", "action_item_report", "action_item_return", "action_reminders_send",
    "agenda_generate", "agenda_item_add", "agenda_item_remove", "agenda_item_route", "default_title",
    "dispatch_setting_set", "meeting_create", "meeting_minutes_export", "meeting_record",
]
