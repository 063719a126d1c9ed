"""Handing a project to another introducing unit (谁引进、谁服务 moves with it): the dated transfer the bulletin
attributes months by."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError
from chengjie.org.models import Unit

from ..models import Project, ProjectTransfer
from ._common import clean_text, require_bureau


def _moved_on(moved_on: date | None, project: Project) -> date:
    if moved_on is None:
        raise DomainError("请填写移交日期。", field="moved_on")
    if moved_on > timezone.localdate():
        raise DomainError(f"移交日期 {moved_on:%Y-%m-%d} 晚于今天。", field="moved_on")
    if moved_on < project.signed_on:
        raise DomainError(f"移交日期 {moved_on:%Y-%m-%d} 早于签约日期 {project.signed_on:%Y-%m-%d}。", field="moved_on")
    last = project.transfers.order_by("-moved_on", "-id").first()
    if last is not None and moved_on < last.moved_on:
        raise DomainError(f"移交日期 {moved_on:%Y-%m-%d} 早于上一次移交（{last.moved_on:%Y-%m-%d}）。", field="moved_on")
    return moved_on


@transaction.atomic
def project_transfer(*, acting_user, project: Project, to_unit: Unit, moved_on: date, reason: str) -> ProjectTransfer:
    """Hand a project to another introducing unit from `moved_on`: the new unit keeps its figures from now on.
    Bulletins credit the project to whichever unit held it at the end of their month."""
    require_bureau(acting_user, project, "移交项目")
    project = Project.objects.select_for_update().select_related("introducing_unit").get(pk=project.pk)
    reason = clean_text(reason, label="移交原因", field="reason", max_length=200)
    if to_unit is None or not to_unit.is_active:
        raise DomainError("请选择在用的接收单位。", field="to_unit")
    if to_unit.division_id[:6] != project.division_id[:6]:
        raise DomainError(f"“{to_unit}”不是项目所在县的单位。", field="to_unit")
    if to_unit.pk == project.introducing_unit_id:
        raise DomainError(f"项目的引进单位已经是“{to_unit}”。", field="to_unit")
    moved_on = _moved_on(moved_on, project)
    before = {"introducing_unit": project.introducing_unit_id}
    transfer = ProjectTransfer.objects.create(project=project, from_unit=project.introducing_unit, to_unit=to_unit,
                                              moved_on=moved_on, reason=reason, recorded_by=acting_user)
    project.introducing_unit = to_unit
    project.save(update_fields=["introducing_unit"])
    audit_record(event="projects.transferred", acting_user=acting_user, obj=project, before=before,
                 after={"introducing_unit": to_unit.pk, "moved_on": moved_on.isoformat()}, note=reason)
    return transfer
