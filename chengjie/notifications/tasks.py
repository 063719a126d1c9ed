"""Background work for notifications, run by `chengjie worker` (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .sending import deliveries_retry_due, delivery_attempt


@db_task()
def deliver(delivery_id: int) -> None:
    """The first attempt, queued when the action that caused the notification commits."""
    delivery_attempt(delivery_id=delivery_id)


@db_periodic_task(crontab(minute="*"))
def retry_due_deliveries() -> None:
    """Every minute: failed deliveries whose backoff has passed, and first sends that were never queued."""
    deliveries_retry_due()
