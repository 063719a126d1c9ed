from datetime import date

import pytest

from chengjie.core.testing import freeze_today

# The last day of the second quarter of 2026 (a year the working-day calendar covers).
TODAY = date(2026, 6, 30)


@pytest.fixture
def today(monkeypatch):
    """Services, selectors and the project factory take 2026-06-30 as today."""
    return freeze_today(monkeypatch, TODAY)


@pytest.fixture
def other_county(cast):
    """Another county's bureau, as a cast `make_project` can sign with (桐城市)."""
    from types import SimpleNamespace

    from chengjie.accounts.roles import Role
    from chengjie.core.testing import OTHER_COUNTY, make_user

    bureau = make_user("bureau_tc", role=Role.BUREAU, unit=cast.outsider.unit, division=OTHER_COUNTY,
                       full_name="桐城招商局干部")
    return SimpleNamespace(bureau=bureau, unit_a=cast.outsider.unit, park_obj=SimpleNamespace(division_id=OTHER_COUNTY),
                           leader=None, clerk_a=None)


def other_county_project(other_county, **fields):
    from chengjie.projects.testing import make_project

    return make_project(cast=other_county, park=None, **fields)


@pytest.fixture
def held(cast, today):
    """The county's second-quarter meeting, held on 2026-06-10."""
    from chengjie.dispatch.services import meeting_create, meeting_record

    meeting = meeting_create(acting_user=cast.bureau, division_code="340882", year=2026, quarter=2)
    return meeting_record(acting_user=cast.bureau, meeting=meeting, held_on=date(2026, 6, 10), venue="县政府三楼会议室",
                          chair="常务副县长 张明", attendees="县招商局、经信局、自然资源局、开发区管委会",
                          summary="会议通报了二季度项目推进情况。", minutes_seq=12)


def action(cast, meeting, *, deadline: date, unit=None, decision: str = "协调解决项目用地报批", **extra):
    from chengjie.dispatch.services import action_item_create

    return action_item_create(acting_user=cast.bureau, meeting=meeting, decision=decision,
                              owner_unit=unit or cast.unit_a, deadline=deadline, **extra)


def report(cast, item, *, done_on: date, by=None):
    from chengjie.dispatch.services import action_item_report

    return action_item_report(acting_user=by or cast.clerk_a, item=item, done_on=done_on, note="已办结。")
