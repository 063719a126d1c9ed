"""Background work for the dashboard, run by `chengjie worker` (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from chengjie.core.request_context import acting_as

from .services import county_snapshots_refresh_all
from .snapshots import REFRESH_MINUTES


@db_periodic_task(crontab(minute=f"*/{REFRESH_MINUTES}"))
def refresh_county_snapshots() -> None:
    """The counties' figures the city's and the province's dashboards compare."""
    with acting_as("job"):
        county_snapshots_refresh_all()
