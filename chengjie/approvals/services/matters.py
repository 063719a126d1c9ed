"""The matter catalogue, maintained by the system administrator (configuration, like the calendar).

Every change is validated as a whole (a limit of at least 1 working day, the legal reason when deemed
approval is off, prerequisites of the same county with no cycle), makes a new version, and is audited.
A matter is disabled, never deleted."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.core.text import clean_text
from chengjie.org.models import Division, Unit
from chengjie.org.services import division_in_scope, unit_in_scope

from ..models import Matter, MatterVersion, StopEvent
from .common import require

AUDIT_FIELDS = ["division", "name", "code", "handling_unit", "legal_basis", "time_limit_workdays", "deemed_approval",
                "exclusion_reason", "stop_events", "required_documents", "is_active"]
EDITABLE = {"name", "code", "handling_unit", "legal_basis", "time_limit_workdays", "deemed_approval",
            "exclusion_reason", "stop_events", "required_documents", "prerequisites"}
# A typing guard, not a legal rule: 行政许可法 sets 20 working days (+10), special laws up to a few months.
MAX_LIMIT_WORKDAYS = 250
MAX_DOCUMENTS = 30


def content_of(matter: Matter) -> dict:
    """The matter's rules as its version history and audit rows keep them."""
    data = snapshot(matter, fields=AUDIT_FIELDS)
    data["prerequisites"] = sorted(matter.prerequisites.values_list("pk", flat=True)) if matter.pk else []
    return data


def _county(*, user, code: str) -> Division:
    division = division_in_scope(user=user, code=code)
    if division.level != Division.Level.COUNTY:
        raise DomainError(_("审批事项目录按县（市、区）维护：“%(name)s”不是县级行政区划。") % {"name": division.name},
                          field="division")
    return division


def _clean_documents(documents: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for document in documents or ():
        name = clean_text(document, label=_("申请材料名称"), field="required_documents", max_length=100, required=False)
        if name and name not in cleaned:
            cleaned.append(name)
    if len(cleaned) > MAX_DOCUMENTS:
        raise DomainError(_("申请材料最多 %(count)d 项。") % {"count": MAX_DOCUMENTS}, field="required_documents")
    return cleaned


def _clean_stop_events(events: Iterable[str]) -> list[str]:
    events = set(events or ())
    unknown = events - set(StopEvent.values)
    if unknown:
        raise DomainError(_("不认识的暂停计时情形：%(events)s。") % {"events": "、".join(sorted(unknown))},
                          field="stop_events")
    return [value for value in StopEvent.values if value in events]


def _cycle_through(matter: Matter, prerequisites: list[Matter]) -> list[Matter] | None:
    """The chain that would lead from one of `prerequisites` back to `matter`, or None."""
    if matter.pk is None:
        return None  # a new matter has no dependents yet, so nothing can lead back to it
    edges: dict[int, list[int]] = {}
    for source, target in Matter.prerequisites.through.objects.filter(
            from_matter__division_id=matter.division_id).values_list("from_matter_id", "to_matter_id"):
        edges.setdefault(source, []).append(target)
    edges[matter.pk] = [p.pk for p in prerequisites]
    path: list[int] = [matter.pk]
    seen: set[int] = set()

    def walk(node: int) -> bool:
        for nxt in edges.get(node, []):
            if nxt == matter.pk:
                path.append(nxt)
                return True
            if nxt in seen:
                continue
            seen.add(nxt)
            path.append(nxt)
            if walk(nxt):
                return True
            path.pop()
        return False

    if not walk(matter.pk):
        return None
    names = dict(Matter.objects.filter(pk__in=path).values_list("pk", "name"))
    return [names[pk] for pk in path]


def _check(*, acting_user, matter: Matter, prerequisites: list[Matter]) -> None:
    """Every rule a matter must satisfy, checked before anything is written."""
    matter.name = clean_text(matter.name, label=_("事项名称"), field="name", max_length=100, required=True)
    matter.code = clean_text(matter.code, label=_("事项编码"), field="code", max_length=40, required=False)
    matter.legal_basis = clean_text(matter.legal_basis, label=_("设定和实施依据"), field="legal_basis", max_length=300,
                                    required=False)
    if Matter.objects.filter(division_id=matter.division_id, name=matter.name).exclude(pk=matter.pk).exists():
        raise DomainError(_("本县已有名为“%(name)s”的审批事项。") % {"name": matter.name}, field="name")
    unit = matter.handling_unit
    unit_in_scope(user=acting_user, unit=unit, field="handling_unit", label=_("承办单位"))
    if not unit.division_id.startswith(matter.division_id):
        raise DomainError(_("承办单位“%(unit)s”不属于本县（市、区）。") % {"unit": unit.name}, field="handling_unit")
    limit = matter.time_limit_workdays
    if not isinstance(limit, int) or limit < 1:
        raise DomainError(_("法定办理时限至少 1 个工作日。"), field="time_limit_workdays")
    if limit > MAX_LIMIT_WORKDAYS:
        raise DomainError(_("法定办理时限不能超过 %(max)d 个工作日，请核对。") % {"max": MAX_LIMIT_WORKDAYS},
                          field="time_limit_workdays")
    matter.exclusion_reason = clean_text(matter.exclusion_reason, label=_("不适用超时默认的法律依据"),
                                         field="exclusion_reason", max_length=300, required=False)
    if matter.deemed_approval:
        matter.exclusion_reason = ""
    elif not matter.exclusion_reason:
        raise DomainError(_("不适用超时默认的事项须写明法律依据（涉及公共安全、人身健康、生命财产安全的事项）。"),
                          field="exclusion_reason")
    matter.stop_events = _clean_stop_events(matter.stop_events)
    matter.required_documents = _clean_documents(matter.required_documents)
    current = set(matter.prerequisites.values_list("pk", flat=True)) if matter.pk else set()
    for prerequisite in prerequisites:
        if prerequisite.pk == matter.pk:
            raise DomainError(_("事项不能以自己为前置事项。"), field="prerequisites")
        if prerequisite.division_id != matter.division_id:
            raise DomainError(_("前置事项“%(name)s”不属于本县（市、区）的事项目录。") % {"name": prerequisite.name},
                              field="prerequisites")
        if not prerequisite.is_active and prerequisite.pk not in current:
            raise DomainError(_("前置事项“%(name)s”已停用，不能选用。") % {"name": prerequisite.name},
                              field="prerequisites")
    if (cycle := _cycle_through(matter, prerequisites)) is not None:
        raise DomainError(_("前置事项形成循环：%(path)s。请去掉其中一环。") % {"path": " → ".join(cycle)},
                          field="prerequisites")


def _new_version(*, acting_user, matter: Matter, note: str) -> None:
    MatterVersion.objects.create(matter=matter, number=matter.version, content=content_of(matter), note=note,
                                 changed_by=acting_user, changed_at=timezone.now())


@transaction.atomic
def matter_create(*, acting_user, division_code: str, name: str, handling_unit: Unit, time_limit_workdays: int,
                  deemed_approval: bool = True, exclusion_reason: str = "", stop_events: Iterable[str] = (),
                  required_documents: Iterable[str] = (), prerequisites: Iterable[Matter] = (), code: str = "",
                  legal_basis: str = "") -> Matter:
    require(acting_user, "approvals.catalogue", _("维护审批事项目录"))
    division = _county(user=acting_user, code=division_code)
    prerequisites = list(prerequisites)
    matter = Matter(division=division, name=name, code=code, handling_unit=handling_unit, legal_basis=legal_basis,
                    time_limit_workdays=time_limit_workdays, deemed_approval=deemed_approval,
                    exclusion_reason=exclusion_reason, stop_events=list(stop_events),
                    required_documents=list(required_documents))
    _check(acting_user=acting_user, matter=matter, prerequisites=prerequisites)
    matter.save()
    matter.prerequisites.set(prerequisites)
    _new_version(acting_user=acting_user, matter=matter, note=_("新增事项"))
    audit_record(event="matter.created", acting_user=acting_user, obj=matter, after=content_of(matter))
    return matter


@transaction.atomic
def matter_update(*, acting_user, matter: Matter, note: str = "", **changes) -> Matter:
    """Change the matter's rules; requests already filed keep the version they were filed under."""
    require(acting_user, "approvals.catalogue", _("维护审批事项目录"))
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    _county(user=acting_user, code=matter.division_id)
    before = content_of(matter)
    prerequisites = list(changes.pop("prerequisites", matter.prerequisites.all()))
    for field, value in changes.items():
        setattr(matter, field, list(value) if field in ("stop_events", "required_documents") else value)
    _check(acting_user=acting_user, matter=matter, prerequisites=prerequisites)
    after = {**snapshot(matter, fields=AUDIT_FIELDS), "prerequisites": sorted(p.pk for p in prerequisites)}
    if after == before:
        return matter
    matter.version += 1
    matter.save()
    matter.prerequisites.set(prerequisites)
    _new_version(acting_user=acting_user, matter=matter,
                 note=clean_text(note, label=_("修订说明"), field="note", max_length=200, required=False))
    audit_record(event="matter.updated", acting_user=acting_user, obj=matter, before=before,
                 after={**after, "version": matter.version}, note=note)
    return matter


@transaction.atomic
def matter_set_active(*, acting_user, matter: Matter, active: bool) -> Matter:
    """Disable (no new requests; running ones go on) or enable again."""
    require(acting_user, "approvals.catalogue", _("维护审批事项目录"))
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    _county(user=acting_user, code=matter.division_id)
    if matter.is_active == active:
        return matter
    if not active:
        dependents = list(matter.dependents.filter(is_active=True).values_list("name", flat=True))
        if dependents:
            raise DomainError(_("“%(name)s”是启用中事项“%(dependents)s”的前置事项，请先调整这些事项的前置事项。")
                              % {"name": matter.name, "dependents": "”“".join(dependents)})
    else:
        disabled = list(matter.prerequisites.filter(is_active=False).values_list("name", flat=True))
        if disabled:
            raise DomainError(_("前置事项“%(names)s”已停用，请先启用它们或调整前置事项。")
                              % {"names": "”“".join(disabled)})
    before = content_of(matter)
    matter.is_active = active
    matter.version += 1
    matter.save(update_fields=["is_active", "version", "updated_at"])
    _new_version(acting_user=acting_user, matter=matter, note=_("启用") if active else _("停用"))
    audit_record(event="matter.enabled" if active else "matter.disabled", acting_user=acting_user, obj=matter,
                 before=before, after=content_of(matter))
    return matter
