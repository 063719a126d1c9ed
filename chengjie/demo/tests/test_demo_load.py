"""`chengjie demo`: the seed's county as data — counts, facts, valid codes — loaded once, never twice."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from stdnum.cn import uscc

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.audit.selectors import audit_verify
from chengjie.demo.data.people import DEMO_PASSWORD
from chengjie.demo.services import demo_usernames
from chengjie.org.models import IndustryGroup, Unit
from chengjie.parks.models import Enterprise, Park

pytestmark = pytest.mark.django_db
COUNTY = "340882"


def _county_units():
    return Unit.objects.filter(division__code__startswith=COUNTY)


def test_seed_counts_70_county_units_and_135_second_level_bodies(demo):
    units = _county_units()
    assert units.filter(kind=Unit.Kind.DEPARTMENT, parent__isnull=True).count() == 70
    second_level = units.filter(kind=Unit.Kind.SECOND_LEVEL)
    assert second_level.count() == 135
    assert not second_level.exclude(parent__kind=Unit.Kind.DEPARTMENT).exists()
    townships = units.filter(kind=Unit.Kind.TOWNSHIP)
    assert townships.count() == 16
    assert set(townships.values_list("division__level", flat=True)) == {4}
    assert units.filter(kind=Unit.Kind.PARK).count() == 3


def test_five_industry_groups_each_led_by_a_different_county_leader(demo):
    groups = IndustryGroup.objects.filter(division_id=COUNTY).select_related("leader", "lead_unit")
    assert sorted(g.name for g in groups) == sorted(["机械机电制造", "医药化工", "纺织服装", "轻工制刷",
                                                     "农产品及旅游工艺品加工"])
    assert {g.leader.role for g in groups} == {Role.LEADER}
    assert len({g.leader_id for g in groups}) == 5
    assert all(g.lead_unit is not None and g.industries.exists() for g in groups)
    brush = groups.get(name="轻工制刷")
    assert "4111" in set(brush.industries.values_list("code", flat=True))


def test_economic_development_zone_carries_the_2018_catalogue_facts(demo):
    zone = Park.objects.get(name="安徽潜山经济开发区")
    assert zone.kind == Park.Kind.PROVINCIAL and zone.division_id == "340882400"
    assert zone.catalogue_code == "S347081" and zone.approved_by == "省政府"
    assert (zone.approved_on.year, zone.approved_on.month) == (2002, 11)
    assert zone.approved_area_ha == Decimal("1015.48")
    assert zone.planned_area_km2 == Decimal("21.25")
    assert zone.leading_industries == "医药化工、机械机电、农副产品加工"
    assert zone.committee.kind == Unit.Kind.PARK


def test_resort_yuantan_and_the_nine_township_clusters_with_10_7_km2_built(demo):
    assert Park.objects.get(name="天柱山旅游度假区").kind == Park.Kind.RESORT
    yuantan = Park.objects.get(name="源潭经济开发区")
    assert yuantan.kind == Park.Kind.PROVINCIAL and yuantan.division.name == "源潭镇"
    clusters = Park.objects.filter(kind=Park.Kind.CLUSTER).select_related("division", "committee")
    assert sorted(c.division.name for c in clusters) == sorted(["黄铺镇", "余井镇", "梅城镇", "痘姆乡", "王河镇",
                                                                "槎水镇", "黄柏镇", "官庄镇"])
    assert all(c.committee.kind == Unit.Kind.TOWNSHIP and c.committee.division_id == c.division_id for c in clusters)
    assert sum(c.built_area_km2 for c in clusters) + yuantan.built_area_km2 == Decimal("10.70")


def test_every_enterprise_has_a_valid_uscc_and_yuantan_makes_brushes(demo):
    firms = list(Enterprise.objects.select_related("park", "industry"))
    assert 30 <= len(firms) <= 60
    assert all(uscc.is_valid(firm.uscc) for firm in firms)
    assert all(firm.uscc.startswith("91340882") for firm in firms)
    assert all(firm.park is not None and firm.industry is not None for firm in firms)
    brush_makers = [f for f in firms if f.park.name == "源潭经济开发区" and f.industry.code == "4111"]
    assert len(brush_makers) >= 15
    assert {f.park.name for f in firms} == set(Park.objects.values_list("name", flat=True))


def test_one_account_per_role_with_the_documented_password_not_forced_to_change(demo):
    users = User.objects.filter(username__in=demo_usernames())
    assert users.count() == len(demo_usernames())
    assert set(users.values_list("role", flat=True)) == set(Role.values)
    assert users.filter(role=Role.LEADER).count() == 5
    for user in users:
        assert user.check_password(DEMO_PASSWORD), user.username
        assert not user.password_expired, user.username
    clerk, head, unit_admin = (users.get(username=name) for name in ("clerk", "head", "unitadmin"))
    assert clerk.unit_id == head.unit_id == unit_admin.unit_id
    assert users.get(username="clerk2").unit_id != clerk.unit_id
    assert users.get(username="enterprise").enterprise.park.name == "源潭经济开发区"


def test_load_is_audited_on_the_cli_channel_and_the_chain_verifies(demo):
    loaded = AuditEvent.objects.get(event="demo.loaded")
    assert loaded.channel == "cli" and loaded.object_id == COUNTY
    assert loaded.after["departments"] == 70 and loaded.after["second_level"] == 135
    assert AuditEvent.objects.filter(event="unit.created").count() == _county_units().count()
    assert AuditEvent.objects.filter(event="enterprise.created").count() == Enterprise.objects.count()
    assert not AuditEvent.objects.exclude(channel="cli").exists()
    assert DEMO_PASSWORD not in str(list(AuditEvent.objects.values_list("after", flat=True)))
    assert audit_verify()[1] is None


def test_plain_demo_on_a_loaded_database_refuses_without_duplicates(demo):
    units, users = _county_units().count(), User.objects.count()
    with pytest.raises(CommandError, match="已有 225 个单位"):
        call_command("demo")
    assert (_county_units().count(), User.objects.count()) == (units, users)
