"""A city's bulletin compares and ranks its counties; a county's target is the sum of its units' targets.

安庆市 (3408): 潜山市 — 经信局 12,000 and 自然资源局 6,000 to complete, 3,000 done by October (one project);
桐城市 — one unit with 5,000 to complete and 4,000 done. 桐城 4,000 ÷ 5,000 = 80.0% (3.3 behind) ranks before
潜山 3,000 ÷ 18,000 = 16.7% (66.7 behind); the city: 7,000 ÷ 23,000 = 30.43…% → 30.4%, 52.9 behind."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from chengjie.accounts.roles import Role
from chengjie.bulletins.compute import compute
from chengjie.bulletins.models import Bulletin
from chengjie.bulletins.selectors import gather
from chengjie.bulletins.services import bulletin_publish
from chengjie.bulletins.testing import pipeline, targets
from chengjie.core.testing import OTHER_COUNTY, login_as, make_user

OCTOBER = date(2026, 10, 1)


@pytest.fixture
def city(cast, today):
    targets(cast, {(cast.unit_a.pk, "completed_investment"): 12000, (cast.unit_b.pk, "completed_investment"): 6000})
    pipeline(cast, unit=cast.unit_a, signed_on=date(2026, 2, 10), contracted=12000, start_plan=date(2026, 5, 1),
             production_plan=date(2027, 3, 1), figures={"2026-03": (0, 0, 1000), "2026-10": (0, 0, 2000)})
    tongcheng_bureau = make_user("tc_bureau", role=Role.BUREAU, division=OTHER_COUNTY, full_name="桐城招商局")
    tongcheng = SimpleNamespace(bureau=tongcheng_bureau, unit_a=cast.outsider.unit, leader=None, clerk_a=None,
                                park_obj=SimpleNamespace(division_id=OTHER_COUNTY))
    targets(tongcheng, {(cast.outsider.unit.pk, "completed_investment"): 5000}, division=OTHER_COUNTY)
    pipeline(tongcheng, unit=cast.outsider.unit, signed_on=date(2026, 1, 20), contracted=30000, park=None,
             start_plan=date(2026, 4, 1), production_plan=date(2027, 6, 1), figures={"2026-06": (0, 0, 4000)})
    return make_user("aq_bureau", role=Role.BUREAU, division="3408", full_name="安庆市招商局")


def test_city_bulletin_ranks_counties(cast, city):
    content = compute(gather(division_code="3408", period=OCTOBER))
    assert content["group_by"] == "county" and content["row_word"] == "县（市、区）"
    assert [(r["key"], r["name"]) for r in content["rows"]] == [("c340881", "桐城市"), ("c340882", "潜山市")]
    by_key = {r["key"]: r["figures"]["completed_investment"] for r in content["rows"]}
    assert (by_key["c340882"]["ytd"], by_key["c340882"]["target"]) == ("3000.00", "18000.00")
    assert (by_key["c340881"]["ytd"], by_key["c340881"]["target"]) == ("4000.00", "5000.00")
    assert content["ranking"] == ["c340881", "c340882"]
    assert "1-10月累计完成投资7,000万元，占年度计划的30.4%，落后序时进度52.9个百分点。" in content["sentences"]["overview"]
    assert content["sentences"]["ranking"] == ["按完成固定资产投资占年度计划的比例排名，依次是桐城市、潜山市。"]


def test_city_bureau_publishes_the_city_bulletin(client, cast, city):
    bulletin = bulletin_publish(acting_user=city, period=OCTOBER)
    assert (bulletin.division_id, bulletin.number) == ("3408", "安招〔2026〕1号")
    assert bulletin.title == "关于2026年1-10月全市招商引资项目推进情况的通报"
    ranking = next(t for t in bulletin.content["tables"] if t["key"] == "ranking")
    assert [[c["t"] for c in r["cells"]] for r in ranking["rows"]] == [
        ["1", "桐城市", "5,000.00", "4,000.00", "80.0%", "-3.3"],
        ["2", "潜山市", "18,000.00", "3,000.00", "16.7%", "-66.7"]]
    # The county's staff read the city's bulletin that ranks them; a county's rows lead to the county's targets.
    login_as(client, cast.clerk_a)
    page = client.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert f'href="{reverse("bulletins:targets")}?division=340882&amp;year=2026#c340882"' in page
    rows = client.get(reverse("bulletins:rows", args=[bulletin.pk, "c340881.completed_investment.ytd"]))
    assert rows.status_code == 200 and "合计：4,000.00" in rows.content.decode()
    # A county bulletin is not the city's staff's to publish from the county, nor another county's to read.
    county = bulletin_publish(acting_user=cast.bureau, period=OCTOBER)
    login_as(client, city)
    assert client.get(reverse("bulletins:detail", args=[county.pk])).status_code == 200
    login_as(client, cast.outsider)
    assert client.get(reverse("bulletins:detail", args=[county.pk])).status_code == 404
    assert client.get(reverse("bulletins:detail", args=[bulletin.pk])).status_code == 200
    assert Bulletin.objects.filter(division_id="3408").count() == 1


def test_city_users_pick_a_county_for_targets(client, cast, city):
    login_as(client, city)
    page = client.get(reverse("bulletins:targets"), {"division": "340881", "year": 2026}).content.decode()
    assert "桐城市经济和信息化局" in page and "潜山市经济和信息化局" not in page
    page = client.get(reverse("bulletins:targets"), {"division": "340882", "year": 2026}).content.decode()
    assert "潜山市经济和信息化局" in page and 'value="12000.00"' in page
    # A county's staff cannot switch to another county.
    login_as(client, cast.outsider)
    page = client.get(reverse("bulletins:targets"), {"division": "340882", "year": 2026}).content.decode()
    assert "潜山市经济和信息化局" not in page and "桐城市经济和信息化局" in page
