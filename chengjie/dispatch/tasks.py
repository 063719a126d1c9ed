"""Background work for quarterly dispatch, run by `chengjie worker` (huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .reminders import run


@db_periodic_task(crontab(hour="8", minute="0"))
def daily_action_reminders() -> None:
    """Every morning at 08:00, when the units start work: remind the owners of action items that came due
    soon or overdue. Running more often changes nothing (each reminder is sent once)."""
    run(today=timezone.localdate())
