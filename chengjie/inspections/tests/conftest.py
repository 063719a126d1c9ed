import pytest

from chengjie.core.testing import freeze_today
from chengjie.inspections.testing import second_firm


@pytest.fixture
def firm_b(cast):
    return second_firm(cast)


@pytest.fixture
def frozen_today(monkeypatch):
    """frozen_today(day): the services and selectors take `day` as today."""
    return lambda day: freeze_today(monkeypatch, day)
