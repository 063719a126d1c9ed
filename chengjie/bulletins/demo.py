"""The demo county's annual targets, set by the bureau for the year the demo is loaded in, so the monthly
bulletin has a plan to measure each unit against (% of the annual target, ahead of or behind time
progress) and ranks the units; and last month's bulletin, published.

The seed gives no unit targets, so these are sized against the demo's projects: the 经信局, which brought
in most of them, is about on time progress; the 经开区 lags on investment and starts; 源潭开发区, whose only
project has not moved since signing, has done nothing yet; the 投资促进中心 is held to signings only."""

from __future__ import annotations

from datetime import date, timedelta

from chengjie.accounts.models import User
from chengjie.demo.clock import at
from chengjie.org.models import Unit

from .models import Bulletin, Indicator
from .services import annual_targets_set, bulletin_publish

COUNTY = "340882"
# unit → indicator → annual target (万元, or a count of projects).
TARGETS: dict[str, dict[str, int]] = {
    "潜山市经济和信息化局": {
        Indicator.SIGNED_COUNT: 7, Indicator.SIGNED_AMOUNT: 60000, Indicator.OUT_OF_PROVINCE_FUNDS: 90000,
        Indicator.COMPLETED_INVESTMENT: 85000, Indicator.NEW_STARTS: 6, Indicator.NEW_PRODUCTION: 6},
    "安徽潜山经济开发区管理委员会": {
        Indicator.SIGNED_COUNT: 4, Indicator.SIGNED_AMOUNT: 80000, Indicator.OUT_OF_PROVINCE_FUNDS: 60000,
        Indicator.COMPLETED_INVESTMENT: 50000, Indicator.NEW_STARTS: 3, Indicator.NEW_PRODUCTION: 2},
    "潜山源潭经济开发区管理委员会": {
        Indicator.SIGNED_COUNT: 2, Indicator.SIGNED_AMOUNT: 10000, Indicator.OUT_OF_PROVINCE_FUNDS: 8000,
        Indicator.COMPLETED_INVESTMENT: 6000, Indicator.NEW_STARTS: 1, Indicator.NEW_PRODUCTION: 1},
    "潜山市投资促进中心": {Indicator.SIGNED_COUNT: 2, Indicator.SIGNED_AMOUNT: 20000},
}


def load_demo_targets(*, acting_user: User, year: int) -> int:
    """Set the demo units' targets for `year` as the bureau's account (`acting_user`); returns how many."""
    units = dict(Unit.objects.filter(division__code__startswith=COUNTY, name__in=TARGETS).values_list("name", "pk"))
    values = {(units[name], indicator): value for name, row in TARGETS.items() for indicator, value in row.items()}
    return annual_targets_set(acting_user=acting_user, division_code=COUNTY, year=year, values=values)


def publish_demo_bulletin(*, acting_user: User, today: date) -> Bulletin:
    """Last month's bulletin, published by the bureau's account in the first days of this month (on the
    5th, or today when that is still to come), from the month-end sweep's colours."""
    period = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    with at(min(today, today.replace(day=5)), 10):
        return bulletin_publish(acting_user=acting_user, period=period)
