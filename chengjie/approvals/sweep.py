"""`chengjie sweep approvals [--date YYYY-MM-DD]` and the periodic job: record the deemed approvals the
clock has produced (超时默认). The pages already show them without this; the sweep writes them down once,
so the default counts against the unit, the late unit's document task starts and everyone is told.
Safe to repeat."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from chengjie.core.request_context import acting_as
from chengjie.workcalendar import workdays

from .services.deemed import SweepResult, deemed_approvals_sweep


def run(*, today: date) -> SweepResult:
    """One sweep as a job: inside `acting_as("job")`, so the calendar is read once for the whole run."""
    with acting_as("job"):
        return deemed_approvals_sweep(today=today)


def command_run(command, *, today: date) -> None:
    """What `chengjie sweep approvals` does and prints."""
    result = run(today=today)
    with acting_as("cli"):
        years = workdays.missing_years_between(today, today)
    if years:
        command.stderr.write(_("警告：") + workdays.missing_years_message(years))
    command.stdout.write(_("%(day)s 超时默认扫描完成：检查在办办件 %(checked)d 件，新记录超时默认 %(recorded)d 件%(list)s。") % {
        "day": today.isoformat(), "checked": result.checked, "recorded": len(result.recorded),
        "list": ("：" + "、".join(result.recorded)) if result.recorded else ""})
