"""Node plans: version 1 drafted at signing, adjusted and approved by the bureau as the baseline; every later
change a request with a reason, decided by a bureau member other than the one who asked (DOMAIN.md: "a
planned date, once approved, changes only through a change request (reason, approver); the first approved
plan stays as the baseline")."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text

from ..models import Node, PlanEntry, PlanVersion, Project
from ._common import require_bureau, require_introducing_unit_or_bureau
from .summary import keep_project_summary


def _plan_nodes(project: Project) -> list[Node]:
    return list(Node.objects.filter(project=project).prefetch_related("predecessors").order_by("order"))


def _check_plan(project: Project, nodes: list[Node], plan: dict[int, date]) -> None:
    """A plan's dates: none before signing, none before a predecessor's, the signing node on the signing day."""
    by_id = {node.pk: node for node in nodes}
    for node in nodes:
        planned = plan[node.pk]
        if planned is None:
            raise DomainError(f"请填写节点“{node.name}”的计划日期。", field=f"node_{node.pk}")
        if node.milestone == "signed" and planned != project.signed_on:
            raise DomainError(f"签约节点的计划日期就是签约日期 {project.signed_on:%Y-%m-%d}，不能调整。",
                              field=f"node_{node.pk}")
        if planned < project.signed_on:
            raise DomainError(f"节点“{node.name}”的计划日期 {planned:%Y-%m-%d} 早于签约日期 {project.signed_on:%Y-%m-%d}。",
                              field=f"node_{node.pk}")
        for predecessor in node.predecessors.all():
            before = plan[predecessor.pk]
            if before is not None and planned < before:
                raise DomainError(f"节点“{node.name}”的计划日期 {planned:%Y-%m-%d} 早于其前置节点“{by_id[predecessor.pk].name}”的"
                                  f"计划日期 {before:%Y-%m-%d}。", field=f"node_{node.pk}")


def _changes(nodes: list[Node], planned_dates: dict[int, date]) -> dict[int, date]:
    ids = {node.pk for node in nodes}
    unknown = set(planned_dates) - ids
    if unknown:
        raise DomainError("调整的节点不属于该项目。", field="planned_dates")
    return {int(pk): value for pk, value in planned_dates.items()}


def _entries(version: PlanVersion) -> dict[int, date]:
    return dict(version.entries.values_list("node_id", "planned_date"))


def _open_version(project: Project) -> PlanVersion | None:
    return project.plan_versions.filter(status__in=[PlanVersion.Status.DRAFT, PlanVersion.Status.PENDING]).first()


def _dates(plan: dict[int, date], nodes: list[Node]) -> dict[str, str]:
    return {node.key: plan[node.pk].isoformat() for node in nodes}


@transaction.atomic
def plan_draft_update(*, acting_user, version: PlanVersion, planned_dates: dict[int, date]) -> PlanVersion:
    """The bureau adjusts the draft plan (version 1) before approving it as the baseline."""
    project = version.project
    require_bureau(acting_user, project, "调整节点计划")
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != PlanVersion.Status.DRAFT:
        raise DomainError(f"第 {version.number} 版计划已{version.get_status_display()}，不能直接修改；请提出调整申请。",
                          field="planned_dates")
    nodes = _plan_nodes(project)
    before = _entries(version)
    plan = before | _changes(nodes, planned_dates)
    _check_plan(project, nodes, plan)
    for node in nodes:
        if plan[node.pk] != before.get(node.pk):
            PlanEntry.objects.update_or_create(version=version, node=node, defaults={"planned_date": plan[node.pk]})
            node.planned_date = plan[node.pk]
            node.save(update_fields=["planned_date"])
    keep_project_summary(project)
    audit_record(event="projects.plan_drafted", acting_user=acting_user, obj=project,
                 object_repr=f"{project} 第 {version.number} 版计划", before={"plan": _dates(before, nodes)},
                 after={"plan": _dates(plan, nodes)})
    return version


@transaction.atomic
def plan_change_request(*, acting_user, project: Project, planned_dates: dict[int, date], reason: str) -> PlanVersion:
    """Ask to move planned dates (node id → new date) of an approved plan. The bureau or the introducing unit
    asks; the request waits for a bureau member's decision and changes nothing until then."""
    require_introducing_unit_or_bureau(acting_user, project, capability="plans.request", action="提出计划调整申请")
    project = Project.objects.select_for_update().get(pk=project.pk)
    reason = clean_text(reason, label="调整理由", field="reason", max_length=1000, required=True)
    if not project.plan_versions.filter(status=PlanVersion.Status.APPROVED).exists():
        raise DomainError("该项目的节点计划尚未批准，请招商主管部门直接修改草拟计划后批准。", field="planned_dates")
    if (open_version := _open_version(project)) is not None:
        raise DomainError(f"第 {open_version.number} 版计划调整申请尚在审批中，审批后才能再提出新的申请。",
                          field="planned_dates")
    nodes = _plan_nodes(project)
    changes = _changes(nodes, planned_dates)
    current = {node.pk: node.planned_date for node in nodes}
    changes = {pk: value for pk, value in changes.items() if value != current[pk]}
    if not changes:
        raise DomainError("没有调整任何节点的计划日期。", field="planned_dates")
    by_id = {node.pk: node for node in nodes}
    for pk in changes:
        if by_id[pk].actual_date is not None:
            raise DomainError(f"节点“{by_id[pk].name}”已于 {by_id[pk].actual_date:%Y-%m-%d} 完成，不能再调整计划日期。",
                              field=f"node_{pk}")
    plan = current | changes
    _check_plan(project, nodes, plan)
    number = (project.plan_versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(project=project, number=number, status=PlanVersion.Status.PENDING,
                                         reason=reason, requested_by=acting_user)
    PlanEntry.objects.bulk_create([PlanEntry(version=version, node=node, planned_date=plan[node.pk]) for node in nodes])
    audit_record(event="projects.plan_change_requested", acting_user=acting_user, obj=project,
                 object_repr=f"{project} 第 {number} 版计划",
                 before={"plan": {by_id[pk].key: current[pk].isoformat() for pk in changes}},
                 after={"plan": {by_id[pk].key: changes[pk].isoformat() for pk in changes}, "reason": reason})
    return version


def _decide(acting_user, version: PlanVersion, action: str) -> PlanVersion:
    require_bureau(acting_user, version.project, action)
    version = PlanVersion.objects.select_for_update().select_related("project").get(pk=version.pk)
    if version.status not in (PlanVersion.Status.DRAFT, PlanVersion.Status.PENDING):
        raise DomainError(f"第 {version.number} 版计划已{version.get_status_display()}，不能再审批。", field="version")
    # 审批分离: a change request is decided by someone other than the person who asked.
    if version.status == PlanVersion.Status.PENDING and version.requested_by_id == acting_user.pk:
        raise DomainError("不能审批自己提出的计划调整申请，请由招商主管部门的其他人员审批。", field="version")
    return version


@transaction.atomic
def plan_approve(*, acting_user, version: PlanVersion, note: str = "") -> PlanVersion:
    """Approve a plan. The first approval sets the baseline, which never moves again; a later approval moves
    only the current plan."""
    version = _decide(acting_user, version, "审批节点计划")
    project = version.project
    note = clean_text(note, label="审批意见", field="note", max_length=1000, required=False)
    nodes = _plan_nodes(project)
    plan = _entries(version)
    _check_plan(project, nodes, {node.pk: plan.get(node.pk, node.planned_date) for node in nodes})
    first = not project.plan_versions.filter(status=PlanVersion.Status.APPROVED).exists()
    before = {node.key: node.planned_date.isoformat() if node.planned_date else None for node in nodes}
    for node in nodes:
        fields = []
        if node.pk in plan and node.planned_date != plan[node.pk]:
            node.planned_date = plan[node.pk]
            fields.append("planned_date")
        if first:
            node.baseline_date = node.planned_date
            fields.append("baseline_date")
        if fields:
            node.save(update_fields=fields)
    keep_project_summary(project)
    version.status = PlanVersion.Status.APPROVED
    version.decided_by = acting_user
    version.decided_at = timezone.now()
    version.decision_note = note
    version.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(event="projects.plan_approved", acting_user=acting_user, obj=project,
                 object_repr=f"{project} 第 {version.number} 版计划", before={"plan": before},
                 after={"plan": {node.key: node.planned_date.isoformat() for node in nodes}, "baseline": first},
                 note=note)
    return version


@transaction.atomic
def plan_reject(*, acting_user, version: PlanVersion, note: str) -> PlanVersion:
    """Turn down a change request, saying why; the current plan stays as it was."""
    version = _decide(acting_user, version, "审批节点计划")
    if version.status == PlanVersion.Status.DRAFT:
        raise DomainError("签约生成的草拟计划不能驳回：请调整日期后批准。", field="version")
    note = clean_text(note, label="驳回理由", field="note", max_length=1000, required=True)
    version.status = PlanVersion.Status.REJECTED
    version.decided_by = acting_user
    version.decided_at = timezone.now()
    version.decision_note = note
    version.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(event="projects.plan_rejected", acting_user=acting_user, obj=version.project,
                 object_repr=f"{version.project} 第 {version.number} 版计划", note=note)
    return version
