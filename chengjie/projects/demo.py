"""Demo projects for 潜山市: forty signings at every stage, made through the services as people would make
them — the bureau signs and approves plans, the units' accounts enter nodes with evidence and the 经信局
head confirms, monthly figures for 2026 and 纳统 dates, a change request approved and one pending, two
drafts awaiting approval and one suspected duplicate signing.

Paces: `on_time` projects have done every node planned before today (a few days early); `late` ones did
their nodes up to the stated milestone late and are overdue on the next; `stalled` ones have done nothing
since signing (签而不动); `draft` ones await the bureau's approval of their plan.

Investors and project names are invented; industries, parks and places are the county's own."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.org.models import Industry, IndustryGroup, Unit
from chengjie.parks.models import Enterprise, Park

from .models import Node, NodeTemplate, NodeTemplateItem, PlanVersion, Project
from .selectors import nodes_up_to
from .services import (
    monthly_figure_set,
    node_assign,
    node_complete,
    node_confirm,
    plan_approve,
    plan_change_request,
    project_sign,
    stats_registration_set,
)
from .template_data import FINE_TEMPLATE, load_shipped_templates

COUNTY = "340882"
JX, KF, YT, TC = "潜山市经济和信息化局", "安徽潜山经济开发区管理委员会", "潜山源潭经济开发区管理委员会", "潜山市投资促进中心"
YUANTAN, JINGKAI, TIANZHU = "源潭经济开发区", "安徽潜山经济开发区", "天柱山旅游度假区"
GROUP_OF_INDUSTRY = {"34": "机械机电制造", "35": "机械机电制造", "36": "机械机电制造", "38": "机械机电制造",
                     "33": "机械机电制造", "26": "医药化工", "27": "医药化工", "17": "纺织服装", "18": "纺织服装",
                     "4111": "轻工制刷", "29": "轻工制刷", "13": "农产品及旅游工艺品加工",
                     "15": "农产品及旅游工艺品加工", "24": "农产品及旅游工艺品加工", "20": "农产品及旅游工艺品加工",
                     "30": "农产品及旅游工艺品加工"}
# A one-page PDF, enough to open in a viewer: the demo's evidence files.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@dataclass(frozen=True)
class DemoProject:
    name: str
    investor: str
    origin: str
    park: str
    unit: str
    industry: str
    amount: int  # 万元
    outside: int  # of which from outside the province, 万元
    signed_on: date
    pace: str  # on_time, late, stalled, draft
    stage: str = "signed"  # how far a late project got
    project_type: str = "industrial"
    fine: bool = False


PROJECTS = [
    DemoProject("年产2亿支高端牙刷智能制造项目", "浙江永康洁丽刷业有限公司", "浙江省金华市", YUANTAN, JX, "4111", 18000, 15000,
                date(2024, 3, 12), "on_time"),
    DemoProject("环卫清扫刷及刷辊生产线项目", "江苏常州洁诚环境科技有限公司", "江苏省常州市", YUANTAN, JX, "4111", 8500, 8500,
                date(2024, 6, 20), "late", "production"),
    DemoProject("工业毛刷新材料项目", "广东东莞宏利新材料有限公司", "广东省东莞市", YUANTAN, JX, "2929", 12000, 12000,
                date(2024, 9, 5), "on_time"),
    DemoProject("年产5000吨PBT刷丝项目", "江苏苏州恒瑞化纤有限公司", "江苏省苏州市", YUANTAN, JX, "2929", 15000, 15000,
                date(2025, 1, 16), "late", "started"),
    DemoProject("智能清洁机器人滚刷配套项目", "深圳市科沃清洁科技有限公司", "广东省深圳市", YUANTAN, JX, "4111", 6000, 6000,
                date(2025, 4, 22), "on_time"),
    DemoProject("化妆刷及美妆工具项目", "上海美妍化妆用具有限公司", "上海市", YUANTAN, JX, "4111", 3200, 3200,
                date(2025, 7, 8), "late", "land"),
    DemoProject("刷业电商产业园项目", "安徽潜山恒丰刷业有限公司", "安徽省潜山市", YUANTAN, YT, "4111", 5000, 0,
                date(2025, 10, 15), "stalled"),
    DemoProject("高端化学原料药项目", "浙江台州海诺制药有限公司", "浙江省台州市", JINGKAI, KF, "2710", 45000, 45000,
                date(2024, 2, 26), "on_time", fine=True),
    DemoProject("中药配方颗粒生产基地项目", "北京同康药业有限公司", "北京市", JINGKAI, KF, "2730", 30000, 30000,
                date(2024, 8, 19), "on_time", fine=True),
    DemoProject("医用敷料及防护用品项目", "江苏南通康泰医疗器械有限公司", "江苏省南通市", JINGKAI, KF, "2770", 9000, 9000,
                date(2025, 3, 3), "late", "started", fine=True),
    DemoProject("电子化学品项目", "上海申联精细化工有限公司", "上海市", JINGKAI, KF, "2661", 22000, 22000,
                date(2025, 6, 10), "late", "land", fine=True),
    DemoProject("新能源汽车驱动电机项目", "浙江宁波瑞驰电机有限公司", "浙江省宁波市", JINGKAI, JX, "3812", 36000, 36000,
                date(2024, 5, 14), "on_time"),
    DemoProject("汽车线束及连接器项目", "江苏昆山联创汽车电子有限公司", "江苏省苏州市", JINGKAI, JX, "3670", 16000, 16000,
                date(2024, 11, 8), "late", "production"),
    DemoProject("智能阀门及流体控制项目", "浙江温州瓯通阀门有限公司", "浙江省温州市", JINGKAI, JX, "3443", 11000, 11000,
                date(2025, 2, 18), "on_time"),
    DemoProject("工程机械液压件项目", "江苏徐州恒力液压科技有限公司", "江苏省徐州市", JINGKAI, JX, "3444", 25000, 25000,
                date(2025, 5, 27), "on_time"),
    DemoProject("光伏支架及储能结构件项目", "江苏常州天明新能源科技有限公司", "江苏省常州市", JINGKAI, KF, "3311", 14000, 14000,
                date(2025, 8, 12), "late", "land"),
    DemoProject("特种电缆项目", "河南郑州远航电缆有限公司", "河南省郑州市", JINGKAI, JX, "3831", 20000, 20000,
                date(2026, 9, 8), "on_time"),
    DemoProject("数控机床关键部件项目", "江苏无锡精锐机床有限公司", "江苏省无锡市", "黄铺镇工业聚集区", JX, "3421", 7000, 7000,
                date(2025, 3, 25), "late", "started"),
    DemoProject("丘陵山区农机装备项目", "山东潍坊丰沃农机有限公司", "山东省潍坊市", "黄铺镇工业聚集区", JX, "3572", 5500, 5500,
                date(2026, 4, 16), "on_time"),
    DemoProject("高档针织面料项目", "浙江绍兴锦华纺织有限公司", "浙江省绍兴市", "余井镇工业聚集区", JX, "1761", 9800, 9800,
                date(2024, 7, 2), "on_time"),
    DemoProject("品牌服装智能制造项目", "福建晋江凯歌服饰有限公司", "福建省泉州市", JINGKAI, KF, "1819", 6500, 6500,
                date(2025, 9, 23), "stalled"),
    DemoProject("功能性纱线项目", "江苏江阴华澄纺织有限公司", "江苏省无锡市", "余井镇工业聚集区", JX, "1711", 13000, 13000,
                date(2026, 1, 20), "late", "land"),
    DemoProject("天柱剑毫茶叶精深加工项目", "安徽天柱剑毫茶业有限公司", "安徽省潜山市", TIANZHU, JX, "1530", 3000, 0,
                date(2025, 4, 8), "on_time"),
    DemoProject("旅游工艺品文创产业园项目", "浙江东阳木雕文化发展有限公司", "浙江省金华市", TIANZHU, JX, "2435", 4200, 4200,
                date(2025, 12, 10), "stalled"),
    DemoProject("特色农产品冷链物流项目", "江苏盐城鲜达冷链物流有限公司", "江苏省盐城市", "梅城镇工业聚集区", JX, "5930", 8000,
                8000, date(2025, 6, 24), "late", "started", project_type="service"),
    DemoProject("山核桃及笋干深加工项目", "浙江临安山珍食品有限公司", "浙江省杭州市", "官庄镇工业聚集区", JX, "1373", 2600, 2600,
                date(2026, 2, 26), "on_time"),
    DemoProject("竹木家居制品项目", "福建南平竹源家居有限公司", "福建省南平市", "黄柏镇工业聚集区", JX, "2041", 3500, 3500,
                date(2025, 11, 4), "late", "land"),
    DemoProject("陶瓷文创项目", "江西景德镇瓷韵文化有限公司", "江西省景德镇市", "痘姆乡工业聚集区", JX, "3079", 1800, 1800,
                date(2026, 6, 18), "on_time"),
    DemoProject("塑胶制品及精密模具项目", "浙江台州黄岩精模塑业有限公司", "浙江省台州市", "王河镇工业聚集区", JX, "2929", 4500,
                4500, date(2025, 8, 28), "on_time"),
    DemoProject("生态茶园及茶旅综合体项目", "上海茗享文化旅游发展有限公司", "上海市", "槎水镇工业聚集区", JX, "1530", 6000, 6000,
                date(2026, 3, 12), "late", "land", project_type="agriculture"),
    DemoProject("锂电池正极材料项目", "湖南长沙湘能新材料有限公司", "湖南省长沙市", JINGKAI, KF, "3985", 60000, 60000,
                date(2026, 7, 21), "on_time", fine=True),
    DemoProject("医药中间体扩建项目", "安徽皖潜化学原料药有限公司", "安徽省潜山市", JINGKAI, KF, "2710", 8000, 0,
                date(2026, 11, 16), "draft"),
    DemoProject("智能家居清洁用品项目", "安徽美洁清洁用品有限公司", "安徽省潜山市", YUANTAN, JX, "4111", 4000, 1000,
                date(2026, 10, 28), "draft"),
    DemoProject("高分子材料改性项目", "江苏南京金陵塑胶有限公司", "江苏省南京市", JINGKAI, JX, "2651", 9000, 9000,
                date(2026, 11, 10), "on_time"),
    # Signed again at a later investment fair: the duplicate the bureau has to check.
    DemoProject("高端牙刷智能制造项目", "洁丽刷业（永康）有限公司", "浙江省金华市", YUANTAN, TC, "4111", 18000, 15000,
                date(2025, 5, 18), "stalled"),
    DemoProject("新型绿色建材项目", "安徽铜陵皖江新型建材有限公司", "安徽省铜陵市", JINGKAI, JX, "3021", 7500, 0,
                date(2024, 10, 15), "late", "production"),
    DemoProject("锂电电动工具项目", "浙江金华永劲工具有限公司", "浙江省金华市", JINGKAI, JX, "3465", 10000, 10000,
                date(2024, 12, 3), "on_time"),
    DemoProject("户外运动服装项目", "广东广州耀动服饰有限公司", "广东省广州市", "余井镇工业聚集区", JX, "1811", 3800, 3800,
                date(2026, 5, 19), "stalled"),
    DemoProject("精密轴承项目", "浙江慈溪东升轴承有限公司", "浙江省宁波市", JINGKAI, JX, "3451", 12500, 12500,
                date(2025, 10, 9), "on_time"),
    DemoProject("医疗器械注塑件项目", "江苏常州康辉医疗科技有限公司", "江苏省常州市", JINGKAI, KF, "3589", 5200, 5200,
                date(2026, 2, 9), "on_time"),
]
# The change requests the demo shows: the introducing unit's clerk asks to move production (approved by
# the bureau) and, on another project, to move land (still pending).
APPROVED_CHANGE = "智能清洁机器人滚刷配套项目"
PENDING_CHANGE = "功能性纱线项目"


def _spread(name: str, low: int, high: int) -> int:
    """A stable number in [low, high] per name, so the demo is the same every time it loads."""
    return low + int(hashlib.md5(name.encode()).hexdigest()[:6], 16) % (high - low + 1)


class _Loader:
    def __init__(self, *, acting_user: User, today: date):
        self.bureau, self.today = acting_user, today
        units = {u.name: u for u in Unit.objects.filter(division__code__startswith=COUNTY)}
        self.units = units
        self.parks = {p.name: p for p in Park.objects.filter(division__code__startswith=COUNTY)}
        self.firms = {e.name: e for e in Enterprise.objects.filter(division__code__startswith=COUNTY)}
        self.groups = {g.name: g for g in IndustryGroup.objects.filter(division_id=COUNTY)}
        people = User.objects.filter(is_active=True, division__code__startswith=COUNTY, unit__isnull=False)
        # Who enters a unit's nodes (经办人, or a park committee's own account) and who confirms them.
        self.enterers = {u.unit_id: u for u in people.filter(role__in=[Role.UNIT_CLERK, Role.PARK]).order_by("pk")}
        self.confirmers = {u.unit_id: u for u in people.filter(role=Role.UNIT_HEAD).order_by("pk")}
        # The finer template in force here: the county's own version if it has one.
        fine = NodeTemplate.objects.filter(name=FINE_TEMPLATE["name"], is_active=True)
        self.fine_template = max(fine.filter(division__isnull=True) | fine.filter(division_id=COUNTY),
                                 key=lambda t: (t.division_id is not None, t.version))

    def _leader(self, spec: DemoProject) -> User | None:
        group = self._group(spec)
        return group.leader if group else None

    def _group(self, spec: DemoProject) -> IndustryGroup | None:
        name = GROUP_OF_INDUSTRY.get(spec.industry) or GROUP_OF_INDUSTRY.get(spec.industry[:2])
        return self.groups.get(name) if name else None

    def sign(self, spec: DemoProject) -> Project:
        unit = self.units[spec.unit]
        contact = self.enterers.get(unit.pk) or self.bureau
        task_force = [person for person in (contact, self.confirmers.get(unit.pk)) if person is not None]
        park = self.parks[spec.park]
        return project_sign(
            acting_user=self.bureau, name=spec.name, investor_name=spec.investor, project_type=spec.project_type,
            division=park.division_id, contracted_investment=Decimal(spec.amount),
            out_of_province_investment=Decimal(spec.outside), investor=self.firms.get(spec.investor),
            investor_origin=spec.origin, industry=Industry.objects.filter(code=spec.industry).first(),
            industry_group=self._group(spec), park=park, introducing_unit=unit, leader=self._leader(spec),
            contact_person=contact, task_force=task_force, signed_on=spec.signed_on,
            template=self.fine_template if spec.fine else None)

    def staff_nodes(self, project: Project) -> None:
        """全程代理: approval nodes of units with no account in the demo go to the introducing unit's team."""
        introducing = project.introducing_unit_id
        if introducing not in self.enterers:
            return
        for node in project.nodes.filter(actual_date__isnull=True).exclude(responsible_unit_id__in=list(self.enterers)):
            node_assign(acting_user=self.bureau, node=node, responsible_unit=project.introducing_unit)

    def complete(self, node: Node, day: date, *, confirm: bool) -> None:
        clerk = self.enterers[node.responsible_unit_id]
        files = [SimpleUploadedFile(f"{kind}.pdf", DEMO_PDF, content_type="application/pdf")
                 for kind in node.required_evidence]
        node_complete(acting_user=clerk, node=node, actual_date=day, evidence_files=files)
        head = self.confirmers.get(node.responsible_unit_id)
        if confirm and head is not None:
            node_confirm(acting_user=head, node=node)

    def advance(self, project: Project, spec: DemoProject) -> None:
        if spec.pace == "late":
            wanted = {n.pk for n in nodes_up_to(project=project, milestone=spec.stage)}
        else:
            wanted = {n.pk for n in project.nodes.filter(planned_date__lte=self.today)}
        nodes = [n for n in project.nodes.prefetch_related("predecessors").order_by("order") if n.pk in wanted]
        done = {n.pk: n.actual_date for n in nodes if n.actual_date}
        open_nodes = [n for n in nodes if n.actual_date is None]
        for index, node in enumerate(open_nodes):
            shift = _spread(spec.name + node.key, 10, 45) if spec.pace == "late" else -_spread(spec.name + node.key, 0, 8)
            floor = max((done[p.pk] for p in node.predecessors.all()), default=project.signed_on)
            day = min(max(node.planned_date + timedelta(days=shift), floor), self.today)
            # The latest entry of every third project waits for its head's confirmation.
            last = index == len(open_nodes) - 1
            self.complete(node, day, confirm=not (last and _spread(spec.name, 0, 2) == 0))
            done[node.pk] = day

    def figures(self, project: Project, spec: DemoProject) -> None:
        """2026's monthly figures: land payment in the month of 供地, then investment every month from the
        start (a late project invests at half pace), and 纳统 some six weeks after the start."""
        keeper = self.enterers.get(project.introducing_unit_id) or self.bureau
        nodes = {n.milestone: n for n in project.nodes.exclude(milestone="")}
        land, start = nodes["land"].actual_date, nodes["started"].actual_date
        share = Decimal(spec.outside) / Decimal(spec.amount)
        months = [date(2026, m, 1) for m in range(1, self.today.month + 1) if self.today.year == 2026]
        invested = Decimal(0)
        pace = Decimal("0.5") if spec.pace == "late" else Decimal(_spread(spec.name, 80, 120)) / 100
        for period in months:
            if period < project.signed_on.replace(day=1):
                continue
            completed = Decimal(0)
            funds = Decimal(0)
            if start is not None and start.replace(day=1) <= period:
                completed = min((Decimal(spec.amount) / 24 * pace).quantize(Decimal("0.01")),
                                Decimal(spec.amount) - invested)
                funds = (completed * Decimal("1.1")).quantize(Decimal("0.01"))
            if land is not None and land.replace(day=1) == period:
                funds += (Decimal(spec.amount) * Decimal("0.08")).quantize(Decimal("0.01"))
            if not funds and not completed:
                continue
            invested += completed
            monthly_figure_set(acting_user=keeper, project=project, period=period, funds_in_place=funds,
                               out_of_province_funds=(funds * share).quantize(Decimal("0.01")),
                               completed_investment=completed)
        if start is not None and spec.pace == "on_time" and start + timedelta(days=45) <= self.today:
            stats_registration_set(acting_user=keeper, project=project, registered_on=start + timedelta(days=45))

    def change(self, project: Project, *, approve: bool) -> None:
        clerk = self.enterers[project.introducing_unit_id]
        node = project.nodes.filter(actual_date__isnull=True).exclude(milestone="").order_by("order").first()
        later = {n.pk: n.planned_date + timedelta(days=60)
                 for n in project.nodes.filter(actual_date__isnull=True, order__gte=node.order)}
        reason = ("进口设备通关延迟，安装调试及后续节点顺延两个月" if approve
                  else "施工图审查需补充消防专篇，开工及后续节点顺延两个月")
        version = plan_change_request(acting_user=clerk, project=project, planned_dates=later, reason=reason)
        if approve:
            plan_approve(acting_user=self.bureau, version=version, note="同意调整，请抓紧推进")

    def load(self, spec: DemoProject) -> Project:
        project = self.sign(spec)
        if spec.pace == "draft":
            return project
        self.staff_nodes(project)
        plan_approve(acting_user=self.bureau, version=project.plan_versions.get(status=PlanVersion.Status.DRAFT))
        if spec.pace != "stalled":
            self.advance(project, spec)
            self.figures(project, spec)
        if spec.name in (APPROVED_CHANGE, PENDING_CHANGE):
            self.change(project, approve=spec.name == APPROVED_CHANGE)
        return project


@transaction.atomic
def load_demo_projects(*, acting_user: User, today: date) -> int:
    """Sign the demo's projects in 潜山市 as `acting_user` (the bureau's account) and bring each to its
    stage as of `today`. Returns how many projects it made."""
    # The shipped templates come from a migration; a database flushed since (a transactional test) lacks them.
    load_shipped_templates(NodeTemplate, NodeTemplateItem)
    loader = _Loader(acting_user=acting_user, today=today)
    for spec in sorted(PROJECTS, key=lambda s: s.signed_on):
        loader.load(spec)
    return len(PROJECTS)

