from datetime import date

import pytest

from chengjie.core.testing import freeze_today

# Bulletin tests run in late November 2026: October is the last finished month.
TODAY = date(2026, 11, 20)


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, TODAY)
