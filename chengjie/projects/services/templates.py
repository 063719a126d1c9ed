"""Node plan templates: rules as data (STYLE.md 5), validated and versioned. Editing never changes a
template a project was planned with: it writes a new version and retires the old one; a county that edits a
shipped template gets its own version, and other counties keep the shipped one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.org.models import Division

from ..models import Milestone, NodeTemplate, NodeTemplateItem, ProjectType
from ..planning import PlanNode, validate_graph
from ._common import require_capability

MAX_ITEMS = 80


@dataclass(frozen=True)
class TemplateItemSpec:
    """One node of a template as an editor or an importer states it."""

    key: str
    name: str
    milestone: str = ""
    predecessors: tuple[str, ...] = ()
    duration_workdays: int = 0
    responsible_unit_kind: str = ""
    required_evidence: tuple[str, ...] = ()


def template_items_spec(template: NodeTemplate) -> list[TemplateItemSpec]:
    items = list(template.items.prefetch_related("predecessors").order_by("order"))
    return [TemplateItemSpec(key=i.key, name=i.name, milestone=i.milestone,
                             predecessors=tuple(p.key for p in sorted(i.predecessors.all(), key=lambda p: p.order)),
                             duration_workdays=i.duration_workdays, responsible_unit_kind=i.responsible_unit_kind,
                             required_evidence=tuple(i.required_evidence)) for i in items]


def _clean_items(items: list[TemplateItemSpec]) -> list[TemplateItemSpec]:
    if len(items) > MAX_ITEMS:
        raise DomainError(f"一个模板最多 {MAX_ITEMS} 个节点（现为 {len(items)} 个）。", field="items")
    cleaned = []
    for index, item in enumerate(items, start=1):
        name = clean_text(item.name, label=f"第 {index} 个节点的名称", field="items", max_length=50, required=True)
        key = (item.key or "").strip()
        if not key or not all(c.isascii() and (c.isalnum() or c in "-_") for c in key) or len(key) > 40:
            raise DomainError(f"节点“{name}”的代码“{key}”无效：只能用英文字母、数字、短横线和下划线，不超过 40 个字符。",
                              field="items")
        if item.milestone and item.milestone not in Milestone.values:
            raise DomainError(f"节点“{name}”的里程碑“{item.milestone}”无效。", field="items")
        try:
            days = int(item.duration_workdays)
        except (TypeError, ValueError):
            raise DomainError(f"节点“{name}”的计划工期“{item.duration_workdays}”不是整数。", field="items") from None
        if days > 2000:
            raise DomainError(f"节点“{name}”的计划工期 {days} 个工作日过长（最多 2000）。", field="items")
        evidence = tuple(e.strip() for e in item.required_evidence if e and e.strip())
        if any(len(e) > 50 for e in evidence):
            raise DomainError(f"节点“{name}”的佐证材料名称不能超过 50 个字。", field="items")
        responsible = clean_text(item.responsible_unit_kind, label=f"节点“{name}”的责任单位类型", field="items",
                                 max_length=50, required=False)
        cleaned.append(TemplateItemSpec(key=key, name=name, milestone=item.milestone,
                                        predecessors=tuple(p.strip() for p in item.predecessors if p.strip()),
                                        duration_workdays=days, responsible_unit_kind=responsible,
                                        required_evidence=evidence))
    validate_graph([PlanNode(key=i.key, name=i.name, predecessors=i.predecessors,
                             duration_workdays=i.duration_workdays, milestone=i.milestone) for i in cleaned])
    return cleaned


def _write_items(template: NodeTemplate, items: list[TemplateItemSpec]) -> None:
    made: dict[str, NodeTemplateItem] = {}
    for order, spec in enumerate(items, start=1):
        made[spec.key] = NodeTemplateItem.objects.create(
            template=template, key=spec.key, name=spec.name, order=order, milestone=spec.milestone,
            duration_workdays=spec.duration_workdays, responsible_unit_kind=spec.responsible_unit_kind,
            required_evidence=list(spec.required_evidence))
    for spec in items:
        made[spec.key].predecessors.set([made[key] for key in spec.predecessors])


def _snapshot(template: NodeTemplate, items: list[TemplateItemSpec]) -> dict:
    return {"name": template.name, "project_type": template.project_type, "division": template.division_id,
            "version": template.version, "is_default": template.is_default, "change_note": template.change_note,
            "items": [{"key": i.key, "name": i.name, "milestone": i.milestone, "predecessors": list(i.predecessors),
                       "duration_workdays": i.duration_workdays, "responsible_unit_kind": i.responsible_unit_kind,
                       "required_evidence": list(i.required_evidence)} for i in items]}


def _editor_division(acting_user) -> Division:
    prefix = acting_user.scope_prefix
    division = Division.objects.filter(code=prefix).first() if prefix else None
    if division is None:
        raise DomainError("您的账号没有数据范围，不能维护节点模板。", code="forbidden")
    return division


def _check_type(project_type: str) -> str:
    if project_type and project_type not in ProjectType.values:
        raise DomainError(f"项目类型“{project_type}”无效。", field="project_type")
    return project_type


def _template_visible(acting_user, template: NodeTemplate) -> None:
    prefix = acting_user.scope_prefix or ""
    if template.division_id is not None and not (prefix and template.division_id.startswith(prefix)):
        raise DomainError("该模板不在您的数据范围内，未作任何修改。", code="forbidden")


@transaction.atomic
def node_template_revise(*, acting_user, template: NodeTemplate, items: list[TemplateItemSpec],
                         project_type: str | None = None, change_note: str = "") -> NodeTemplate:
    """Save an edit of `template` as its next version. Projects planned with an older version keep it."""
    require_capability(acting_user, "projects.templates", "维护节点模板")
    _template_visible(acting_user, template)
    if not template.is_active:
        raise DomainError(f"“{template}”已被新版本取代，请在最新版本上修改。", field="template")
    items = _clean_items(items)
    division = _editor_division(acting_user)
    lineage = NodeTemplate.objects.select_for_update().filter(name=template.name, division=division)
    version = max(lineage.aggregate(v=Max("version"))["v"] or 0, template.version) + 1
    before = _snapshot(template, template_items_spec(template))
    lineage.filter(is_active=True).update(is_active=False)
    if template.division_id == division.code:
        template.is_active = False
        template.save(update_fields=["is_active"])
    revised = NodeTemplate.objects.create(
        name=template.name, division=division, version=version, is_active=True, is_default=template.is_default,
        project_type=_check_type(template.project_type if project_type is None else project_type),
        change_note=clean_text(change_note, label="修订说明", field="change_note", max_length=200, required=False),
        created_by=acting_user)
    _write_items(revised, items)
    audit_record(event="projects.template_revised", acting_user=acting_user, obj=revised, before=before,
                 after=_snapshot(revised, items))
    return revised


@transaction.atomic
def node_template_create(*, acting_user, name: str, items: list[TemplateItemSpec], project_type: str = "",
                         change_note: str = "") -> NodeTemplate:
    """A new template of the acting user's county (for instance a copy of another one, renamed)."""
    require_capability(acting_user, "projects.templates", "维护节点模板")
    name = clean_text(name, label="模板名称", field="name", max_length=100, required=True)
    division = _editor_division(acting_user)
    if NodeTemplate.objects.filter(name=name, division__isnull=True).exists() or NodeTemplate.objects.filter(
            name=name, division=division).exists():
        raise DomainError(f"已有名为“{name}”的模板：修改它请用“修订”，新建请换一个名称。", field="name")
    items = _clean_items(items)
    template = NodeTemplate.objects.create(
        name=name, division=division, version=1, is_active=True, is_default=False,
        project_type=_check_type(project_type), created_by=acting_user,
        change_note=clean_text(change_note, label="修订说明", field="change_note", max_length=200, required=False))
    _write_items(template, items)
    audit_record(event="projects.template_created", acting_user=acting_user, obj=template,
                 after=_snapshot(template, items))
    return template


def template_for(*, division_code: str, project_type: str) -> NodeTemplate:
    """The template signing uses: one for the project's type before a general one, a default before any
    other general one, and the county's own version before the shipped one."""
    prefixes = [division_code[:n] for n in (2, 4, 6, 9) if n <= len(division_code)]
    candidates = list(NodeTemplate.objects.filter(is_active=True, project_type__in=[project_type, ""]).filter(
        division__isnull=True) | NodeTemplate.objects.filter(is_active=True, project_type__in=[project_type, ""],
                                                             division_id__in=prefixes))
    candidates = [t for t in candidates if t.project_type == project_type or t.is_default]
    if not candidates:
        raise DomainError("没有可用的节点模板：请招商主管部门先维护节点模板。", field="template")
    return max(candidates, key=lambda t: (t.project_type == project_type, t.is_default,
                                          len(t.division_id or ""), t.version))


def template_applicable(template: NodeTemplate, *, division_code: str) -> bool:
    return template.is_active and (template.division_id is None or division_code.startswith(template.division_id))
