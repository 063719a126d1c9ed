"""`chengjie sweep appeals [--date YYYY-MM-DD]` and the hourly job: record and announce the escalations
open appeals' clocks have reached. Pages already show the level without this; the sweep tells the people
at each level once. Safe to repeat."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from chengjie.core.request_context import acting_as
from chengjie.workcalendar import workdays

from .services import appeals_escalate_due


def run(*, today: date) -> int:
    """One sweep as a job: inside `acting_as("job")`, so the calendar is read once for the whole run."""
    with acting_as("job"):
        return appeals_escalate_due(today=today)


def command_run(command, *, today: date) -> None:
    """What `chengjie sweep appeals` does and prints."""
    recorded = run(today=today)
    with acting_as("cli"):
        years = workdays.missing_years_between(today, today)
    if years:
        command.stderr.write(_("警告：") + workdays.missing_years_message(years))
    command.stdout.write(_("%(day)s 诉求时限扫描完成：新记录提级 %(recorded)d 次。")
                         % {"day": today.isoformat(), "recorded": recorded})
