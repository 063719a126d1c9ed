"""The demo county's appeals, replayed through the services at the moments they happened: the bureau's
categories with their default units, then four appeals — a consultation the 经信局 answered and the firm
rated on the web, a land problem the 自然资源局 solved and the bureau followed up by phone, a complaint the
经信局 is working on (answered, not yet resolved), and a hotline call the 住建局 has not signed for, which
the escalation sweep has raised to the unit's head.

The dates count back from the day the demo is loaded in working days, so every clock reads the same
whatever the day. The demo keeps no phone numbers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from chengjie.accounts.models import User
from chengjie.demo.clock import at
from chengjie.org.models import Unit
from chengjie.parks.models import Enterprise
from chengjie.workcalendar.workdays import add_workdays

from .models import Appeal, AppealCategory, AppealRating
from .services import (
    appeal_accept,
    appeal_category_create,
    appeal_close,
    appeal_file,
    appeal_rate,
    appeal_register,
    appeal_reply,
    appeals_escalate_due,
)

COUNTY = "340882"
# (category, its sub-categories with the unit each is routed to by default)
CATEGORIES = [
    ("要素保障", [("用地", "潜山市自然资源和规划局"), ("用电", "国网安徽省电力有限公司潜山市供电公司"),
              ("用工", "潜山市人力资源和社会保障局")]),
    ("基础设施", [("道路排水", "潜山市住房和城乡建设局")]),
    ("政策兑现", [("工业扶持政策", "潜山市经济和信息化局")]),
    ("政务服务", [("审批服务", "潜山市数据资源管理局")]),
]
Kind = Appeal.Kind


class _Replay:
    def __init__(self, *, people: Mapping[str, User], today: date):
        self.people, self.today = people, today
        self.bureau, self.clerk, self.clerk2 = people["bureau"], people["clerk"], people["clerk2"]
        self.categories: dict[str, AppealCategory] = {}

    def day(self, workdays_before: int) -> date:
        return add_workdays(self.today, -workdays_before)

    def firm(self, name: str) -> Enterprise:
        return Enterprise.objects.get(division__code__startswith=COUNTY, name=name)

    def catalogue(self) -> None:
        names = [unit for _top, children in CATEGORIES for _name, unit in children]
        units = {u.name: u for u in Unit.objects.filter(division__code__startswith=COUNTY, name__in=names)}
        with at(self.today - timedelta(days=90), 11):
            for top, children in CATEGORIES:
                parent = appeal_category_create(acting_user=self.bureau, name=top, county_code=COUNTY)
                for name, unit in children:
                    self.categories[name] = appeal_category_create(acting_user=self.bureau, name=name, parent=parent,
                                                                   default_unit=units[unit])

    def handled(self, appeal: Appeal, handler: User, *, accepted: int, reply: tuple[int, str],
                close: tuple[int, str] | None = None) -> Appeal:
        with at(self.day(accepted), 14):
            appeal = appeal_accept(acting_user=handler, appeal=appeal)
        with at(self.day(reply[0]), 11):
            appeal = appeal_reply(acting_user=handler, appeal=appeal, text=reply[1])
        if close is not None:
            with at(self.day(close[0]), 16):
                appeal = appeal_close(acting_user=handler, appeal=appeal, result=close[1], resolved=True)
        return appeal

    def run(self) -> list[Appeal]:
        enterprise = self.people["enterprise"]
        with at(self.day(30), 10):
            consulted = appeal_file(acting_user=enterprise, kind=Kind.CONSULT, category=self.categories["工业扶持政策"],
                                    subject="省级专精特新中小企业申报条件咨询",
                                    content="我公司拟申报省级专精特新中小企业，请问研发投入占比和主导产品市场占有率的具体要求。")
        consulted = self.handled(consulted, self.clerk, accepted=30, reply=(29, "已电话告知申报条件并发送申报指南，"
                                 "贵公司研发投入占比需达到3%以上，可于下月申报窗口期提交材料。"),
                                 close=(27, "已答复申报条件，并安排中小企业服务中心上门辅导申报材料。"))
        with at(self.day(26), 15):
            appeal_rate(acting_user=enterprise, appeal=consulted, satisfaction=AppealRating.Satisfaction.SATISFIED,
                        comment="答复及时，上门辅导很有帮助。")
        with at(self.day(20), 9, 30):
            land = appeal_register(acting_user=self.bureau, kind=Kind.HELP, category=self.categories["用地"],
                                   enterprise=self.firm("安徽潜山重工机械有限公司"), caller_name="胡志勇",
                                   subject="扩建用地红线与规划道路冲突",
                                   content="公司扩建地块红线与经开区规划支路部分重叠，影响厂房设计方案报审，请求协调调整。")
        land = self.handled(land, self.clerk2, accepted=20, reply=(18, "已会同经开区管委会现场踏勘，拟优化支路线形。"),
                            close=(12, "规划支路线形已调整，地块规划条件已重新核定，不影响厂房报审。"))
        with at(self.day(11), 10):
            appeal_rate(acting_user=self.bureau, appeal=land, satisfaction=AppealRating.Satisfaction.SATISFIED,
                        comment="电话回访：企业对处理结果满意。")
        with at(self.day(4), 10):
            subsidy = appeal_file(acting_user=enterprise, kind=Kind.COMPLAINT, category=self.categories["工业扶持政策"],
                                  subject="技改设备补助资金迟迟未兑现",
                                  content="我公司去年申报的智能制刷设备技改补助已公示半年，补助资金至今未拨付，影响企业资金周转。")
        subsidy = self.handled(subsidy, self.clerk, accepted=4, reply=(3, "已与财政局对接核实，补助资金已纳入本月拨付计划，"
                                                                      "拨付后将及时告知。"))
        with at(self.day(3), 9, 30):
            drainage = appeal_register(acting_user=self.bureau, kind=Kind.HELP, category=self.categories["道路排水"],
                                       enterprise=self.firm("安徽洁宝环卫刷业有限公司"), caller_name="陈少华",
                                       subject="厂区门前道路积水影响出货",
                                       content="连日降雨后厂区门前道路积水严重，货车无法进出，请协调疏通排水管网。")
        with at(self.today, 1, 30):
            appeals_escalate_due(today=self.today)
        return [consulted, land, subsidy, drainage]


def load_demo_appeals(*, people: Mapping[str, User], today: date) -> list[Appeal]:
    """Replay the demo's appeals; `people` are the demo's accounts by username. Returns the appeals."""
    replay = _Replay(people=people, today=today)
    replay.catalogue()
    return replay.run()
