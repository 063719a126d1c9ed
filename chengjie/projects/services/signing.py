"""Signing: a project with everything DOMAIN.md lists, its nodes from a template dated in working days from
the signing date, plan version 1 as a draft for the bureau, and a duplicate-signing check."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.leads.services.referrers import check_referrer
from chengjie.org.models import Division, Industry, IndustryGroup, Unit
from chengjie.parks.models import Enterprise, Park

from ..models import Milestone, Node, NodeTemplate, PlanEntry, PlanVersion, Project, ProjectType
from ..planning import PlanNode, plan_dates
from ..template_data import INTRODUCING_UNIT, PARK_COMMITTEE
from ._common import clean_amount, in_scope, not_future, require_capability
from .duplicates import find_duplicates
from .summary import keep_project_summary
from .templates import template_applicable, template_for

PROJECT_AUDIT_FIELDS = [
    "code", "name", "project_type", "investor", "investor_name", "investor_origin", "industry", "industry_group",
    "park", "division", "contracted_investment", "out_of_province_investment", "introducing_unit", "leader",
    "contact_person", "referrer", "lead", "signed_on", "template", "duplicate_state", "duplicate_of",
]
# Which units answer for a template's keyword when several match: a county department before a park
# committee or a township, and a second-level body (自然资源所) last.
_KIND_RANK = {Unit.Kind.DEPARTMENT: 0, Unit.Kind.PARK: 1, Unit.Kind.TOWNSHIP: 2, Unit.Kind.OTHER: 3,
              Unit.Kind.LEADERSHIP: 4, Unit.Kind.SECOND_LEVEL: 5}


def _division(acting_user, division: Division | str) -> Division:
    code = division.code if isinstance(division, Division) else (division or "").strip()
    found = Division.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise DomainError(f"行政区划代码“{code}”不在统计用区划代码表中。", field="division")
    if len(found.code) < 6:
        raise DomainError(f"项目应落在县（市、区）或乡镇，“{found.name}”是省或市。", field="division")
    if not in_scope(acting_user, found.code):
        raise DomainError(f"行政区划“{found.name}”不在您的数据范围内，未作任何修改。", field="division")
    return found


def _same_county(code: str, county: str, *, label: str, field: str, name: str) -> None:
    if not code.startswith(county):
        raise DomainError(f"{label}“{name}”不在项目所在县（市、区），不能选用。", field=field)


def _person(user: User | None, *, county: str, label: str, field: str, role: str | None = None) -> User | None:
    if user is None:
        return None
    if not user.is_active:
        raise DomainError(f"{label}“{user}”的账号已停用。", field=field)
    if role is not None and user.role != role:
        raise DomainError(f"{label}“{user}”不是{Role(role).label}账号。", field=field)
    # A county's own people, or a city or province leader whose scope takes the county in.
    if user.division_id is None or not (county.startswith(user.division_id) or user.division_id.startswith(county)):
        raise DomainError(f"{label}“{user}”不在项目所在县（市、区）。", field=field)
    return user


def _template(template: NodeTemplate | None, *, division: Division, project_type: str) -> NodeTemplate:
    if template is None:
        return template_for(division_code=division.code, project_type=project_type)
    if not template_applicable(template, division_code=division.code):
        raise DomainError(f"节点模板“{template}”已停用或不适用于{division.name}。", field="template")
    return template


def _next_code(division: Division, year: int) -> str:
    """潜山 2026 → 340882-2026-0007: the county, the signing year and a running number."""
    prefix = f"{division.code[:6]}-{year}-"
    last = Project.objects.filter(code__startswith=prefix).aggregate(last=Max("code"))["last"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def named_unit(keyword: str, *, county: str, park: Park | None, units: list[Unit]) -> Unit | None:
    """The unit a template's keyword names in this county; None when the keyword falls to the introducing
    unit (谁引进、谁服务: the unit that brought the project answers for what nobody else does)."""
    if keyword == PARK_COMMITTEE and park is not None and park.committee_id is not None:
        return park.committee
    if not keyword or keyword in (INTRODUCING_UNIT, PARK_COMMITTEE):
        return None
    matches = [u for u in units if keyword in u.name or keyword in u.short_name]
    if not matches:
        return None
    return min(matches, key=lambda u: (u.division_id != county, _KIND_RANK.get(u.kind, 9), u.name))


def responsible_unit_for(keyword: str, *, county: str, introducing_unit: Unit, park: Park | None,
                         units: list[Unit]) -> Unit:
    return named_unit(keyword, county=county, park=park, units=units) or introducing_unit


def keyword_units(county: str) -> list[Unit]:
    """The units a template's keywords are matched against."""
    return list(Unit.objects.filter(division__code__startswith=county, is_active=True))


def create_nodes(*, project: Project, template: NodeTemplate, acting_user, signed_on: date) -> list[Node]:
    """The project's nodes from its template, planned from the signing date; the signing node is done."""
    items = list(template.items.prefetch_related("predecessors").order_by("order"))
    county = project.division_id[:6]
    units = keyword_units(county)
    dates = plan_dates([PlanNode(key=i.key, name=i.name, predecessors=tuple(p.key for p in i.predecessors.all()),
                                 duration_workdays=i.duration_workdays) for i in items], start=signed_on)
    now = timezone.now()
    nodes: dict[str, Node] = {}
    for item in items:
        done = item.milestone == Milestone.SIGNED
        nodes[item.key] = Node.objects.create(
            project=project, template_item=item, key=item.key, name=item.name, order=item.order,
            milestone=item.milestone, required_evidence=list(item.required_evidence),
            responsible_unit=responsible_unit_for(item.responsible_unit_kind, county=county,
                                                  introducing_unit=project.introducing_unit, park=project.park,
                                                  units=units),
            planned_date=dates[item.key],
            actual_date=signed_on if done else None, actual_entered_at=now if done else None,
            actual_entered_by=acting_user if done else None, confirmed_at=now if done else None,
            confirmed_by=acting_user if done else None)
    for item in items:
        nodes[item.key].predecessors.set([nodes[p.key] for p in item.predecessors.all()])
    return list(nodes.values())


@transaction.atomic
def project_sign(*, acting_user, name: str, investor_name: str, project_type: str, division: Division | str,
                 contracted_investment, introducing_unit: Unit, signed_on: date,
                 out_of_province_investment=Decimal(0), investor: Enterprise | None = None,
                 investor_origin: str = "", industry: Industry | None = None,
                 industry_group: IndustryGroup | None = None, park: Park | None = None, leader: User | None = None,
                 contact_person: User | None = None, task_force: Iterable[User] = (), referrer=None, lead=None,
                 template: NodeTemplate | None = None) -> Project:
    """Register a signed project (招商主管部门). Returns it with plan version 1 as a draft to approve."""
    require_capability(acting_user, "projects.manage", "签约登记项目")
    division = _division(acting_user, division)
    county = division.code[:6]
    name = clean_text(name, label="项目名称", field="name", max_length=200, required=True)
    if investor is not None and not (investor_name or "").strip():
        investor_name = investor.name
    investor_name = clean_text(investor_name, label="投资方", field="investor_name", max_length=200, required=True)
    investor_origin = clean_text(investor_origin, label="投资方所在地", field="investor_origin", max_length=100,
                                 required=False)
    if project_type not in ProjectType.values:
        raise DomainError(f"项目类型“{project_type}”无效。", field="project_type")
    total = clean_amount(contracted_investment, label="协议投资", field="contracted_investment")
    if total <= 0:
        raise DomainError("协议投资应大于 0 万元。", field="contracted_investment")
    outside = clean_amount(out_of_province_investment, label="省外资金", field="out_of_province_investment",
                           required=False)
    if outside > total:
        raise DomainError(f"其中省外资金 {outside:,} 万元超过协议投资 {total:,} 万元。",
                          field="out_of_province_investment")
    if signed_on is None:
        raise DomainError("请填写签约日期。", field="signed_on")
    not_future(signed_on, label="签约日期", field="signed_on")
    if introducing_unit is None:
        raise DomainError("请选择引进单位。", field="introducing_unit")
    if not introducing_unit.is_active:
        raise DomainError(f"引进单位“{introducing_unit}”已停用。", field="introducing_unit")
    _same_county(introducing_unit.division_id, county, label="引进单位", field="introducing_unit",
                 name=introducing_unit.name)
    if industry is not None and not industry.is_active:
        raise DomainError(f"行业“{industry}”已停用。", field="industry")
    if industry_group is not None:
        _same_county(industry_group.division_id, county, label="产业工作组", field="industry_group",
                     name=industry_group.name)
    if park is not None:
        _same_county(park.division_id, county, label="园区", field="park", name=park.name)
        if not park.is_active:
            raise DomainError(f"园区“{park}”已停用。", field="park")
    leader = _person(leader, county=county, label="包保领导", field="leader", role=Role.LEADER)
    contact_person = _person(contact_person, county=county, label="联络员", field="contact_person")
    task_force = [_person(member, county=county, label="专班成员", field="task_force") for member in task_force]
    # 引荐奖励办法: registered before the signing, in this county, and not the investor itself.
    check_referrer(referrer, county=county, investor_name=investor_name, investor=investor, on=signed_on)
    if lead is not None:
        _same_county(lead.division_id, county, label="线索", field="lead", name=lead.title)
        if Project.objects.filter(lead=lead).exists():
            raise DomainError(f"线索“{lead.title}”已转为项目，不能再次签约。", field="lead")
    template = _template(template, division=division, project_type=project_type)

    duplicates = find_duplicates(division_code=division.code, name=name, investor_name=investor_name,
                                 investor_id=investor.pk if investor else None, signed_on=signed_on)
    project = Project.objects.create(
        code=_next_code(division, signed_on.year), name=name, project_type=project_type, investor=investor,
        investor_name=investor_name, investor_origin=investor_origin, industry=industry,
        industry_group=industry_group, park=park, division=division, contracted_investment=total,
        out_of_province_investment=outside, introducing_unit=introducing_unit, leader=leader,
        contact_person=contact_person, referrer=referrer, lead=lead, signed_on=signed_on, template=template,
        created_by=acting_user,
        duplicate_state=Project.DuplicateState.SUSPECTED if duplicates else "",
        duplicate_of_id=duplicates[0].project_id if duplicates else None)
    project.task_force.set(task_force)
    nodes = create_nodes(project=project, template=template, acting_user=acting_user, signed_on=signed_on)
    keep_project_summary(project)
    version = PlanVersion.objects.create(project=project, number=1, status=PlanVersion.Status.DRAFT,
                                         requested_by=acting_user, reason="签约时按节点模板生成")
    PlanEntry.objects.bulk_create([PlanEntry(version=version, node=node, planned_date=node.planned_date)
                                   for node in nodes])
    audit_record(event="projects.signed", acting_user=acting_user, obj=project,
                 after=snapshot(project, fields=PROJECT_AUDIT_FIELDS) | {
                     "task_force": sorted(member.pk for member in task_force),
                     "plan": {node.key: node.planned_date for node in nodes}},
                 note=f"疑似与 {len(duplicates)} 个项目重复签约" if duplicates else "")
    return project
