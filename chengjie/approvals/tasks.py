"""Background work for approvals, run by `chengjie worker` (huey)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .sweep import run


@db_periodic_task(crontab(minute="5"))
def record_deemed_approvals() -> None:
    """Hourly, five past: record deemed approvals whose deadline has passed. Pages derive them from the
    clock anyway; an hourly run keeps the record, the late unit's task and the messages close behind even
    after the worker was down."""
    run(today=timezone.localdate())
