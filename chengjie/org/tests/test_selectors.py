"""Which counties a user's scope offers: one selector for every page that asks a user above a county to
pick one (leads, dispatch, bulletin targets, the project list)."""

from chengjie.accounts.roles import Role
from chengjie.core.testing import make_user
from chengjie.org.selectors import counties_for_user


def codes(user) -> list[str]:
    return list(counties_for_user(user=user).values_list("code", flat=True))


def test_a_county_user_and_a_user_scoped_below_the_county_get_the_county(cast):
    assert codes(cast.bureau) == ["340882"]
    park_clerk = make_user("park_clerk", role=Role.PARK, unit=cast.park_unit, division="340882400")
    assert codes(park_clerk) == ["340882"]


def test_a_city_user_gets_every_active_county_of_the_city_and_a_user_without_a_role_none(cast):
    city = make_user("city_leader", role=Role.LEADER, division="3408")
    assert "340882" in codes(city) and all(code.startswith("3408") and len(code) == 6 for code in codes(city))
    assert codes(cast.no_role) == []
