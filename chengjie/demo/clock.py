"""The demo replays a county's recent months through the apps' services. Those services stamp the server's
time on what people do (a request is received today, an appeal accepted now), as they must for real
users, so the demo runs each step inside `at(...)`: the services, their audit rows and their messages
then carry the moment the step belongs to in the demo's story."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock

from django.utils import timezone


@contextmanager
def at(day: date, hour: int = 9, minute: int = 0):
    """Run the code inside as if it were `day` at `hour`:`minute`, Asia/Shanghai — never later than now, so
    a step dated today is not stamped with an hour still to come."""
    moment = min(timezone.make_aware(datetime.combine(day, time(hour, minute))), timezone.now())
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment
