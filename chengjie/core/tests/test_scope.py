"""Data scope: a division prefix, narrowed to the unit or the firm for roles that act for one."""

import pytest
from stdnum.cn import uscc

from chengjie.core.scope import scope_queryset
from chengjie.org.models import Unit
from chengjie.parks.models import Enterprise

pytestmark = pytest.mark.django_db


def test_division_prefix_scopes_county_users_to_their_county(cast):
    ours = set(scope_queryset(cast.bureau, Unit.objects.all()).values_list("name", flat=True))
    assert "潜山市经济和信息化局" in ours and "桐城市经济和信息化局" not in ours
    theirs = set(scope_queryset(cast.outsider, Unit.objects.all(), unit_field=None).values_list("name", flat=True))
    assert theirs == {"桐城市经济和信息化局"}


def test_a_city_scope_sees_every_county_below_it(cast):
    cast.leader.division_id = "3408"
    names = set(scope_queryset(cast.leader, Unit.objects.all()).values_list("name", flat=True))
    assert {"潜山市经济和信息化局", "桐城市经济和信息化局"} <= names


def test_unit_roles_see_only_their_own_unit_and_its_sub_units(cast):
    sub = Unit.objects.create(name="经信局中小企业服务中心", kind=Unit.Kind.SECOND_LEVEL, parent=cast.unit_a,
                              division=cast.unit_a.division)
    seen = set(scope_queryset(cast.clerk_a, Unit.objects.all(), unit_field="pk").values_list("pk", flat=True))
    assert seen == {cast.unit_a.pk, sub.pk}


def test_a_firm_user_sees_only_its_own_firm(cast):
    base = "91340882MA2N0C0X2"
    Enterprise.objects.create(uscc=base + uscc.calc_check_digit(base), name="别家公司", division_id="340882400")
    seen = list(scope_queryset(cast.enterprise, Enterprise.objects.all(), enterprise_field="pk"))
    assert seen == [cast.firm]


def test_no_role_or_no_scope_sees_nothing(cast):
    assert not scope_queryset(cast.no_role, Unit.objects.all()).exists()
    cast.bureau.division_id = None
    assert not scope_queryset(cast.bureau, Unit.objects.all()).exists()
