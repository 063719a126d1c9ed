from datetime import date

import pytest

from chengjie.core.testing import freeze_today

TODAY = date(2026, 6, 30)


@pytest.fixture
def today(monkeypatch):
    """Services, selectors and the project factory take 2026-06-30 as today."""
    return freeze_today(monkeypatch, TODAY)


@pytest.fixture
def appraisal(cast, today):
    from chengjie.appraisal.services import appraisal_create

    return appraisal_create(acting_user=cast.bureau, division_code="340882", year=2026, half=1)


@pytest.fixture
def three(cast, appraisal):
    """Three projects picked by hand, in that visiting order."""
    from chengjie.appraisal.services import appraisal_pick
    from chengjie.projects.testing import make_project

    names = ["智能装备产业园项目", "新型刷材项目", "医药中间体项目"]
    return [appraisal_pick(acting_user=cast.bureau, appraisal=appraisal, reason="县领导点名",
                           project=make_project(cast=cast, name=name, signed_on=date(2026, 1, 10 + n)))
            for n, name in enumerate(names)]


@pytest.fixture
def scoring(cast, appraisal, three):
    """Scoring open with two appraisers: the leader and unit A's head."""
    from chengjie.appraisal.services import appraisal_appraisers_set, appraisal_open_scoring

    appraisal_appraisers_set(acting_user=cast.bureau, appraisal=appraisal, users=[cast.leader, cast.head_a])
    return appraisal_open_scoring(acting_user=cast.bureau, appraisal=appraisal)


def sheet_of(appraisal, user):
    return appraisal.sheets.get(appraiser=user)


def criteria_ids(appraisal) -> list[int]:
    return list(appraisal.criteria.order_by("position").values_list("pk", flat=True))


def score(appraisal, user, pick, values):
    """values in the criteria's order (default set: 投资强度 30, 建设进度 30, 产业带动 20, 亩均效益 20)."""
    from chengjie.appraisal.services import score_record

    return score_record(acting_user=user, sheet=sheet_of(appraisal, user), pick=pick,
                        values=dict(zip(criteria_ids(appraisal), values)))


@pytest.fixture
def outside_bureau(cast):
    """The bureau of another county (桐城市): may manage appraisals, none of this county's."""
    from chengjie.accounts.roles import Role
    from chengjie.core.testing import OTHER_COUNTY, make_user

    return make_user("bureau_tc", role=Role.BUREAU, unit=cast.outsider.unit, division=OTHER_COUNTY,
                     full_name="桐城招商局干部")
