"""Handing a project to another introducing unit (谁引进、谁服务 moves with it): the dated transfer the bulletin
attributes months by, the open nodes the old unit answered for only as the introducing unit, and the
supervision notices on them still waiting for a rectification plan."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.notifications.services import notify
from chengjie.org.models import Unit
from chengjie.supervision.messaging import unit_people
from chengjie.supervision.models import SupervisionNotice

from ..models import Node, Project, ProjectTransfer
from ._common import require_bureau
from .signing import keyword_units, named_unit


def introducing_unit_nodes(project: Project, *, for_update: bool = False) -> list[Node]:
    """The open nodes the project's introducing unit holds as its introducing unit: their template's keyword
    names no other unit (引进单位, or a word no unit of the county matches). A node done already, one the
    bureau gave another unit, or one the unit holds as the department a keyword names (自然资源局 may have
    brought the project itself) is not among them. `for_update` locks them: an entry made meanwhile waits."""
    county = project.division_id[:6]
    units = keyword_units(county)
    nodes = project.nodes.select_for_update(of=("self",)) if for_update else project.nodes.all()
    nodes = (nodes.filter(actual_date__isnull=True, responsible_unit_id=project.introducing_unit_id,
                          template_item__isnull=False)
             .select_related("template_item").order_by("order"))
    return [node for node in nodes
            if named_unit(node.template_item.responsible_unit_kind, county=county, park=project.park, units=units)
            is None]


def waiting_notices(project: Project, nodes: list[Node], *, for_update: bool = False) -> list[SupervisionNotice]:
    """The introducing unit's notices on `nodes` or on the project itself that still wait for a
    rectification plan: whoever serves the project answers them."""
    notices = SupervisionNotice.objects.select_for_update() if for_update else SupervisionNotice.objects.all()
    return list(notices.filter(project=project, unit_id=project.introducing_unit_id,
                               status=SupervisionNotice.Status.OPEN)
                .filter(Q(node__in=nodes) | Q(node__isnull=True)).order_by("code"))


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
    """Hand a project to another introducing unit from `moved_on`: the new unit keeps its figures from now on,
    and takes over its open nodes that were the old unit's as the introducing unit (their responsible person,
    one of the old unit's, is cleared for the new unit to name), and the old unit's notices on those nodes
    or on the project itself that still wait for a rectification plan, for the new unit to answer (a plan
    already sent stays with whoever wrote it). Bulletins credit the project to whichever unit held it at the
    end of their month. The people of both units are told."""
    require_bureau(acting_user, project, "移交项目")
    project = (Project.objects.select_for_update(of=("self",)).select_related("introducing_unit", "park")
               .get(pk=project.pk))
    reason = clean_text(reason, label="移交原因", field="reason", max_length=200, required=True)
    if to_unit is None or not to_unit.is_active:
        raise DomainError("请选择在用的接收单位。", field="to_unit")
    if to_unit.division_id[:6] != project.division_id[:6]:
        raise DomainError(f"“{to_unit}”不是项目所在县的单位。", field="to_unit")
    if to_unit.pk == project.introducing_unit_id:
        raise DomainError(f"项目的引进单位已经是“{to_unit}”。", field="to_unit")
    moved_on = _moved_on(moved_on, project)
    nodes = introducing_unit_nodes(project, for_update=True)
    notices = waiting_notices(project, nodes, for_update=True)
    before = {"introducing_unit": project.introducing_unit_id,
              "nodes": {node.key: {"responsible_unit": node.responsible_unit_id,
                                   "responsible_person": node.responsible_person_id} for node in nodes}}
    if notices:
        before["notices"] = {notice.code: project.introducing_unit_id for notice in notices}
    transfer = ProjectTransfer.objects.create(project=project, from_unit=project.introducing_unit, to_unit=to_unit,
                                              moved_on=moved_on, reason=reason, recorded_by=acting_user)
    project.introducing_unit = to_unit
    project.save(update_fields=["introducing_unit"])
    Node.objects.filter(pk__in=[node.pk for node in nodes]).update(responsible_unit=to_unit, responsible_person=None)
    SupervisionNotice.objects.filter(pk__in=[notice.pk for notice in notices]).update(unit=to_unit)
    transfer.nodes.set(nodes)
    after = {"introducing_unit": to_unit.pk, "moved_on": moved_on.isoformat(),
             "nodes": {node.key: {"responsible_unit": to_unit.pk, "responsible_person": None} for node in nodes}}
    if notices:
        after["notices"] = {notice.code: to_unit.pk for notice in notices}
    audit_record(event="projects.transferred", acting_user=acting_user, obj=project, before=before, after=after,
                 note=reason)
    _tell_units(acting_user=acting_user, transfer=transfer, nodes=nodes, notices=notices)
    return transfer


def _tell_units(*, acting_user, transfer: ProjectTransfer, nodes: list[Node], notices: list[SupervisionNotice]) -> None:
    """The new unit learns what is now its own to do; the old one, that the project and those things left it."""
    project, day = transfer.project, transfer.moved_on.isoformat()
    people = unit_people([transfer.from_unit_id, transfer.to_unit_id])
    moved = []
    if nodes:
        moved.append(_("节点：%(nodes)s") % {"nodes": "、".join(node.name for node in nodes)})
    if notices:
        moved.append(_("待报整改方案的督办单：%(codes)s") % {"codes": "、".join(notice.code for notice in notices)})
    reason = _("移交原因：%(reason)s") % {"reason": transfer.reason}
    link = reverse("projects:project_detail", args=[project.pk])
    if recipients := people.get(transfer.to_unit_id, []):
        notify(recipients=recipients, kind="projects.transferred", acting_user=acting_user,
               title=(_("项目“%(project)s”移交贵单位服务（自 %(day)s 起）") % {"project": project.name, "day": day})[:200],
               body="\n".join([reason, *(_("改由贵单位负责的%(what)s") % {"what": line} for line in moved)]), link=link)
    if recipients := people.get(transfer.from_unit_id, []):
        notify(recipients=recipients, kind="projects.transferred_away", acting_user=acting_user,
               title=(_("项目“%(project)s”自 %(day)s 起移交%(unit)s服务")
                      % {"project": project.name, "day": day, "unit": transfer.to_unit.name})[:200],
               body="\n".join([reason, *(_("随项目移交的%(what)s") % {"what": line} for line in moved)]), link=link)
