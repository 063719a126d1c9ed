"""Background work for appeals, run by `chengjie worker` (huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .sweep import run


@db_periodic_task(crontab(minute="10"))
def hourly_appeals_escalation() -> None:
    """Every hour: record and announce the escalations open appeals' clocks have reached. Hourly rather than
    nightly, so a step due yesterday is escalated in the first hour of today; running more often changes
    nothing (each level is recorded once)."""
    run(today=timezone.localdate())
