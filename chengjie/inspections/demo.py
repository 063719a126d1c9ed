"""The demo county's inspections of firms (涉企检查), replayed through the services at the moments they
happened: 经信局 registered a safety inspection of 恒丰刷业 ahead of time and the firm confirmed it took
place; 自然资源局 has registered a land-use inspection still to come; 经信局 withdrew one of 源潭新材料 when
the firm stopped for maintenance; and 恒丰刷业 reported a 市场监管局 visit nobody registered, which the
county office is told of. The dates count back from the day the demo is loaded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from chengjie.accounts.models import User
from chengjie.demo.clock import at
from chengjie.org.models import Unit
from chengjie.parks.models import Enterprise

from .models import Inspection
from .services import inspection_cancel, inspection_confirm, inspection_register, inspection_report

COUNTY = "340882"
OWN_FIRM, OTHER_FIRM = "安徽潜山恒丰刷业有限公司", "安徽源潭新材料科技有限公司"
MARKET_REGULATOR = "潜山市市场监督管理局"
# 行政执法三项制度: two officers with their 执法证 numbers on every registered inspection.
ECONOMY_OFFICERS = [("王海军", "34088201023"), ("陈思远", "34088201031")]
LAND_OFFICERS = [("刘建华", "34088204007"), ("方晓燕", "34088204012")]


def load_demo_inspections(*, people: Mapping[str, User], today: date) -> list[Inspection]:
    firms = {firm.name: firm for firm in Enterprise.objects.filter(division__code__startswith=COUNTY,
                                                                   name__in=[OWN_FIRM, OTHER_FIRM])}
    clerk, land_clerk, firm_user = people["clerk"], people["clerk2"], people["enterprise"]
    done = []
    with at(today - timedelta(days=40), 10):
        safety = inspection_register(acting_user=clerk, enterprise=firms[OWN_FIRM], planned_on=today - timedelta(days=30),
                                     purpose="安全生产专项检查（粉尘涉爆）", legal_basis="《中华人民共和国安全生产法》第六十五条",
                                     inspectors=ECONOMY_OFFICERS)
    with at(today - timedelta(days=29), 16):
        done.append(inspection_confirm(acting_user=firm_user, inspection=safety, occurred_on=today - timedelta(days=30)))
    with at(today - timedelta(days=15), 9):
        withdrawn = inspection_register(acting_user=clerk, enterprise=firms[OTHER_FIRM],
                                        planned_on=today + timedelta(days=3), purpose="工业企业节能监察",
                                        legal_basis="《中华人民共和国节约能源法》第十二条", inspectors=ECONOMY_OFFICERS)
    with at(today - timedelta(days=12), 17):
        done.append(inspection_report(
            acting_user=firm_user, unit=Unit.objects.get(name=MARKET_REGULATOR, division_id=COUNTY),
            occurred_on=today - timedelta(days=12),
            description="两名工作人员到厂检查产品标识和计量器具，未事先告知，也未出示执法证件。"))
    with at(today - timedelta(days=2), 11):
        done.append(inspection_register(acting_user=land_clerk, enterprise=firms[OWN_FIRM],
                                        planned_on=today + timedelta(days=7), purpose="工业用地开发利用情况核查",
                                        legal_basis="《闲置土地处置办法》第五条", inspectors=LAND_OFFICERS))
    with at(today, 9):
        done.append(inspection_cancel(acting_user=clerk, inspection=withdrawn, reason="企业停产检修，改期另行登记"))
    return done
