"""Background work for supervision, run by `chengjie worker` (huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from chengjie.core.request_context import acting_as

from .sweep import warnings_sweep


# huey reads crontabs in UTC (its default, which settings keep): 17:30 UTC is 01:30 in Asia/Shanghai.
@db_periodic_task(crontab(hour="17", minute="30"))
def daily_warnings_sweep() -> None:
    """Every night at 01:30 Beijing time (after the day's entries, before anyone opens a page): the
    month's colours, new notices for red items, escalation of unanswered ones."""
    with acting_as("job"):
        warnings_sweep(today=timezone.localdate())
