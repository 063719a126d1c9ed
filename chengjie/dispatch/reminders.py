"""`chengjie dispatch remind [--date YYYY-MM-DD]` and the daily job: remind the owners of action items that
came due soon or overdue, once per item and kind. Safe to repeat."""

from __future__ import annotations

from datetime import date

from chengjie.core.request_context import acting_as

from .services import action_reminders_send


def run(*, today: date) -> int:
    """One run as a job: inside `acting_as("job")`, so the calendar and the presets are read once."""
    with acting_as("job"):
        return action_reminders_send(today=today)
