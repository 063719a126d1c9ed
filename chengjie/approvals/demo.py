"""The demo county's approvals, replayed through the services at the moments they happened: the system
administrator's catalogue of five matters (a planning → construction chain, a drainage permit, a
hazardous-chemicals licence excluded from deemed approval by law), three firms' authorisations of the
county's service agent (全程代理), and five requests — one approved, one whose clock runs out in two
working days, one deemed approved because the 住建局 let its clock run out (its document is late), one
returned for supplements before acceptance, one just filed.

The requests' dates count back from the day the demo is loaded in working days, so every clock reads the
same whatever the day."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from chengjie.accounts.models import User
from chengjie.demo.clock import at
from chengjie.org.models import Unit
from chengjie.parks.models import Enterprise
from chengjie.projects.demo import DEMO_PDF
from chengjie.workcalendar.workdays import add_workdays

from .models import ApprovalRequest, Matter, StopEvent
from .services import (
    authorisation_record,
    deemed_approvals_sweep,
    matter_create,
    request_accept,
    request_decide,
    request_file,
    request_return,
)

COUNTY = "340882"
ZR, ZJ, YJ = "潜山市自然资源和规划局", "潜山市住房和城乡建设局", "潜山市应急管理局"
LAND_USE, WORKS, BUILDING = "建设用地规划许可证核发", "建设工程规划许可证核发", "建筑工程施工许可证核发"
DRAINAGE, HAZARDOUS = "城镇污水排入排水管网许可证核发", "危险化学品经营许可证核发"
SUPPLEMENT_ONLY = [StopEvent.SUPPLEMENT]
# (name, handling unit, limit in working days, stop events, documents, prerequisites, legal basis, and the
# legal reason when deemed approval does not apply)
MATTERS = [
    (LAND_USE, ZR, 20, [StopEvent.SUPPLEMENT, StopEvent.EXPERT_REVIEW],
     ["建设用地规划许可申请表", "建设项目用地预审与选址意见书", "国有建设用地使用权出让合同"], [],
     "《中华人民共和国城乡规划法》第三十八条", ""),
    (WORKS, ZR, 20, [StopEvent.SUPPLEMENT, StopEvent.EXPERT_REVIEW], ["建设工程规划许可申请表", "建设工程设计方案"],
     [LAND_USE], "《中华人民共和国城乡规划法》第四十条", ""),
    (BUILDING, ZJ, 7, SUPPLEMENT_ONLY, ["建筑工程施工许可申请表", "施工合同"], [WORKS], "《中华人民共和国建筑法》第八条", ""),
    (DRAINAGE, ZJ, 15, SUPPLEMENT_ONLY, ["排水许可申请表", "排水户内部排水管网平面图"], [],
     "《城镇排水与污水处理条例》第二十一条", ""),
    (HAZARDOUS, YJ, 30, SUPPLEMENT_ONLY, ["危险化学品经营许可申请表", "安全评价报告"], [],
     "《危险化学品安全管理条例》第三十三条", "涉及公共安全，依《危险化学品安全管理条例》第三十五条不适用超时默认"),
]
# Firms that authorised the agent (全程代理), and who signed the letter.
AUTHORISING = [("安徽源潭新材料科技有限公司", "操志刚（法定代表人）"), ("安徽顺通刷业科技有限公司", "程立新（法定代表人）"),
               ("安徽潜阳精细化工有限公司", "郑国强（法定代表人）")]
OWN_FIRM = "安徽潜山恒丰刷业有限公司"


@dataclass(frozen=True)
class Filing:
    matter: str
    firm: str
    subject: str
    filed: int  # working days before today


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", DEMO_PDF, content_type="application/pdf")


class _Replay:
    def __init__(self, *, people: Mapping[str, User], today: date):
        self.people, self.today = people, today
        self.firms = {f.name: f for f in Enterprise.objects.filter(
            division__code__startswith=COUNTY, name__in=[OWN_FIRM] + [name for name, _signer in AUTHORISING])}
        self.matters: dict[str, Matter] = {}

    def day(self, workdays_before: int) -> date:
        return add_workdays(self.today, -workdays_before)

    def catalogue(self) -> None:
        units = {u.name: u for u in Unit.objects.filter(division__code__startswith=COUNTY, name__in=[ZR, ZJ, YJ])}
        with at(self.today - timedelta(days=90), 10):
            for name, unit, limit, stops, documents, prerequisites, basis, exclusion in MATTERS:
                self.matters[name] = matter_create(
                    acting_user=self.people["sysadmin"], division_code=COUNTY, name=name, handling_unit=units[unit],
                    time_limit_workdays=limit, stop_events=stops, required_documents=documents,
                    prerequisites=[self.matters[p] for p in prerequisites], legal_basis=basis,
                    deemed_approval=not exclusion, exclusion_reason=exclusion)

    def authorise(self) -> None:
        signed_on = self.today - timedelta(days=60)
        with at(signed_on, 15):
            for name, signer in AUTHORISING:
                authorisation_record(acting_user=self.people["agent"], enterprise=self.firms[name],
                                     agent=self.people["agent"], authorised_by=signer, authorised_on=signed_on,
                                     valid_until=signed_on + timedelta(days=365), letter=_pdf("授权委托书"))

    def file(self, filing: Filing) -> ApprovalRequest:
        firm = self.firms[filing.firm]
        filer = self.people["enterprise"] if firm.name == OWN_FIRM else self.people["agent"]
        matter = self.matters[filing.matter]
        with at(self.day(filing.filed), 10):
            return request_file(acting_user=filer, matter=matter, enterprise=firm, subject=filing.subject,
                                documents={name: _pdf(name) for name in matter.required_documents})

    def run(self) -> list[ApprovalRequest]:
        clerk = self.people["clerk2"]
        approved = self.file(Filing(LAND_USE, OWN_FIRM, "年产5000万支工业刷扩建项目建设用地规划许可", 45))
        with at(self.day(44), 9, 30):
            request_accept(acting_user=clerk, request=approved)
        with at(self.day(30), 16):
            request_decide(acting_user=clerk, request=approved, approve=True, reason="符合控制性详细规划，准予许可。",
                           result_document=_pdf("建设用地规划许可证"))
        # Accepted 18 working days ago with a limit of 20: two working days left.
        due_soon = self.file(Filing(WORKS, OWN_FIRM, "年产5000万支工业刷扩建项目新建生产车间及仓库", 19))
        with at(self.day(18), 9, 30):
            request_accept(acting_user=clerk, request=due_soon)
        # Nobody at the 住建局 accepted or decided it: accepted by law on receipt, deemed approved at 15.
        deemed = self.file(Filing(DRAINAGE, "安徽源潭新材料科技有限公司", "PBT刷丝生产线生产废水经预处理后排入园区污水管网", 24))
        with at(self.day(8), 1, 5):
            deemed_approvals_sweep(today=self.day(8))
        returned = self.file(Filing(LAND_USE, "安徽顺通刷业科技有限公司", "智能制刷产业园二期建设用地规划许可", 6))
        with at(self.day(5), 11):
            request_return(acting_user=clerk, request=returned,
                           reason="请一次补正：1. 建设项目用地预审与选址意见书原件扫描件；2. 土地出让合同附件宗地图。")
        waiting = self.file(Filing(HAZARDOUS, "安徽潜阳精细化工有限公司", "新增甲醇、乙酸乙酯经营品种（不带储存设施）", 2))
        return [approved, due_soon, deemed, returned, waiting]


def load_demo_approvals(*, people: Mapping[str, User], today: date) -> list[ApprovalRequest]:
    """Replay the demo's approvals; `people` are the demo's accounts by username. Returns the requests."""
    replay = _Replay(people=people, today=today)
    replay.catalogue()
    replay.authorise()
    return replay.run()
