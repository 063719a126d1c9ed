from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.core.testing import freeze_today
from chengjie.inspections.testing import register, second_firm


@pytest.fixture
def firm_b(cast):
    return second_firm(cast)


@pytest.fixture
def frozen_today(monkeypatch):
    """frozen_today(day): the services and selectors take `day` as today."""
    return lambda day: freeze_today(monkeypatch, day)


@pytest.fixture
def frozen_past_plan(cast, monkeypatch):
    """An inspection registered five days ago for three days ago, which the firm has not confirmed."""
    past = timezone.localdate() - timedelta(days=5)
    with monkeypatch.context() as patch:
        freeze_today(patch, past)
        return register(cast, planned_on=past + timedelta(days=2), purpose="安全生产检查（待确认）")
