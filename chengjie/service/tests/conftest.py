from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.inspections.testing import register, second_firm


@pytest.fixture
def firm_b(cast):
    return second_firm(cast)


@pytest.fixture
def frozen_past_plan(cast, monkeypatch):
    """An inspection registered five days ago for three days ago, which the firm has not confirmed."""
    real = timezone.localdate
    past = real() - timedelta(days=5)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda value=None, tz=None: past if value is None else real(value, tz))
        return register(cast, planned_on=past + timedelta(days=2), purpose="安全生产检查（待确认）")
