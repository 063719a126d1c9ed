from datetime import date

import pytest

from chengjie.inspections.testing import second_firm


@pytest.fixture
def firm_b(cast):
    return second_firm(cast)


@pytest.fixture
def frozen_today(monkeypatch):
    """Set the day the services and selectors take as today (created_at stays the real time)."""
    from django.utils import timezone

    real = timezone.localdate

    def freeze(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: day if value is None else real(value, tz))
        return day

    return freeze
