"""Node progress: the responsible unit's 经办人 enters the actual date with its evidence, its 负责人 confirms
(or returns it). The server stamps who and when; a future date, or one before a predecessor's actual
date, is refused (DOMAIN.md "The pipeline and its nodes")."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from chengjie.accounts.models import User
from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.org.models import Unit

from ..models import Node, PlanVersion
from . import evidence
from ._common import (
    in_unit,
    not_future,
    require_bureau,
    require_capability,
    require_project_in_scope,
)
from .summary import keep_project_summary

NODE_AUDIT_FIELDS = ["actual_date", "actual_entered_at", "actual_entered_by", "confirmed_at", "confirmed_by",
                     "responsible_unit", "responsible_person"]


def _require_responsible(user, node: Node, *, capability: str, action: str) -> None:
    require_capability(user, capability, action)
    require_project_in_scope(user, node.project)
    if not in_unit(user, node.responsible_unit_id):
        raise DomainError(f"节点“{node.name}”的责任单位是{node.responsible_unit}，只有该单位的人员可以{action}。",
                          code="forbidden")


@transaction.atomic
def node_complete(*, acting_user, node: Node, actual_date: date, evidence_files: list[UploadedFile],
                  evidence_kinds: list[str] | None = None) -> Node:
    """Enter a node's actual date with the evidence it requires. `evidence_kinds`, when given, names the
    material each file is (one per file); otherwise files follow the order of the node's required list."""
    _require_responsible(acting_user, node, capability="nodes.update", action="填报节点完成情况")
    node = Node.objects.select_for_update().select_related("project", "responsible_unit").get(pk=node.pk)
    project = node.project
    if not project.plan_versions.filter(status=PlanVersion.Status.APPROVED).exists():
        raise DomainError("该项目的节点计划尚未经招商主管部门批准，批准后才能填报节点。", field="actual_date")
    if node.confirmed_at is not None:
        raise DomainError(f"节点“{node.name}”已于 {timezone.localtime(node.confirmed_at):%Y-%m-%d} 经负责人确认，不能再修改。",
                          field="actual_date")
    if actual_date is None:
        raise DomainError("请填写实际完成日期。", field="actual_date")
    not_future(actual_date, label="实际完成日期", field="actual_date")
    if actual_date < project.signed_on:
        raise DomainError(f"实际完成日期 {actual_date:%Y-%m-%d} 早于签约日期 {project.signed_on:%Y-%m-%d}。",
                          field="actual_date")
    for predecessor in node.predecessors.order_by("order"):
        if predecessor.actual_date is None:
            raise DomainError(f"前置节点“{predecessor.name}”尚未完成，请先填报它的实际完成日期。", field="actual_date")
        if actual_date < predecessor.actual_date:
            raise DomainError(f"实际完成日期 {actual_date:%Y-%m-%d} 早于前置节点“{predecessor.name}”的完成日期 "
                              f"{predecessor.actual_date:%Y-%m-%d}。", field="actual_date")
    for successor in node.successors.filter(actual_date__isnull=False).order_by("order"):
        if actual_date > successor.actual_date:
            raise DomainError(f"实际完成日期 {actual_date:%Y-%m-%d} 晚于后续节点“{successor.name}”已填报的完成日期 "
                              f"{successor.actual_date:%Y-%m-%d}。", field="actual_date")
    evidence_files = list(evidence_files or [])
    checked = [evidence.check_upload(upload) for upload in evidence_files]
    kinds = evidence.match_kinds(node, evidence_files, evidence_kinds)
    before = snapshot(node, fields=NODE_AUDIT_FIELDS)
    stored = [evidence.store(node=node, upload=upload, kind=kind, content_type=content_type,
                                          extension=extension, acting_user=acting_user)
              for upload, kind, (content_type, extension) in zip(evidence_files, kinds, checked)]
    node.actual_date = actual_date
    node.actual_entered_at = timezone.now()
    node.actual_entered_by = acting_user
    node.save(update_fields=["actual_date", "actual_entered_at", "actual_entered_by"])
    keep_project_summary(project)
    audit_record(event="projects.node_completed", acting_user=acting_user, obj=node, before=before,
                 after=snapshot(node, fields=NODE_AUDIT_FIELDS) | {
                     "evidence": [{"kind": e.kind, "name": e.original_name, "sha256": e.sha256} for e in stored]})
    return node


@transaction.atomic
def node_confirm(*, acting_user, node: Node) -> Node:
    """The responsible unit's 负责人 confirms the date and evidence the 经办人 entered."""
    _require_responsible(acting_user, node, capability="nodes.confirm", action="确认节点完成情况")
    node = Node.objects.select_for_update().get(pk=node.pk)
    if node.actual_date is None:
        raise DomainError(f"节点“{node.name}”还没有填报实际完成日期，无可确认。", field="node")
    if node.confirmed_at is not None:
        raise DomainError(f"节点“{node.name}”已确认。", field="node")
    if missing := evidence.missing_kinds(node):
        raise DomainError(f"节点“{node.name}”还缺佐证材料：{'、'.join(missing)}。请经办人补充上传后再确认。",
                          field="node")
    before = snapshot(node, fields=NODE_AUDIT_FIELDS)
    node.confirmed_at = timezone.now()
    node.confirmed_by = acting_user
    node.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(event="projects.node_confirmed", acting_user=acting_user, obj=node, before=before,
                 after=snapshot(node, fields=NODE_AUDIT_FIELDS))
    return node


@transaction.atomic
def node_return(*, acting_user, node: Node, reason: str) -> Node:
    """The 负责人 sends an unconfirmed entry back: the date is cleared (the evidence stays on file) and the
    经办人 enters it again."""
    _require_responsible(acting_user, node, capability="nodes.confirm", action="退回节点填报")
    node = Node.objects.select_for_update().select_related("project").get(pk=node.pk)
    reason = clean_text(reason, label="退回理由", field="reason", max_length=500, required=True)
    if node.actual_date is None or node.confirmed_at is not None:
        raise DomainError(f"节点“{node.name}”没有待确认的填报，无可退回。", field="node")
    if node.successors.filter(actual_date__isnull=False).exists():
        raise DomainError(f"节点“{node.name}”的后续节点已经填报，不能退回。", field="node")
    before = snapshot(node, fields=NODE_AUDIT_FIELDS)
    node.actual_date = None
    node.actual_entered_at = None
    node.actual_entered_by = None
    node.save(update_fields=["actual_date", "actual_entered_at", "actual_entered_by"])
    keep_project_summary(node.project)
    audit_record(event="projects.node_returned", acting_user=acting_user, obj=node, before=before,
                 after=snapshot(node, fields=NODE_AUDIT_FIELDS), note=reason)
    return node


@transaction.atomic
def node_assign(*, acting_user, node: Node, responsible_unit: Unit, responsible_person: User | None = None) -> Node:
    """The bureau names the unit and the person who answer for a node (one node, one responsible unit and
    person). A node already done keeps who did it."""
    require_bureau(acting_user, node.project, "指定节点责任单位")
    node = Node.objects.select_for_update().select_related("project").get(pk=node.pk)
    if node.actual_date is not None:
        raise DomainError(f"节点“{node.name}”已完成，不能再更换责任单位。", field="responsible_unit")
    if responsible_unit is None or not responsible_unit.is_active:
        raise DomainError("请选择一个启用中的责任单位。", field="responsible_unit")
    if not responsible_unit.division_id.startswith(node.project.division_id[:6]):
        raise DomainError(f"责任单位“{responsible_unit}”不在项目所在县（市、区）。", field="responsible_unit")
    if responsible_person is not None and (not responsible_person.is_active
                                           or responsible_person.unit_id != responsible_unit.pk):
        raise DomainError(f"责任人“{responsible_person}”不是{responsible_unit}的在岗人员。", field="responsible_person")
    before = snapshot(node, fields=NODE_AUDIT_FIELDS)
    node.responsible_unit = responsible_unit
    node.responsible_person = responsible_person
    node.save(update_fields=["responsible_unit", "responsible_person"])
    audit_record(event="projects.node_assigned", acting_user=acting_user, obj=node, before=before,
                 after=snapshot(node, fields=NODE_AUDIT_FIELDS))
    return node
