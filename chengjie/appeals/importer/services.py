"""The 12345 import: read and check the whole export, then write all of it or nothing — or, when the user
asks, only the valid rows, keeping the refused ones as a workbook to download, correct and import again.
A ticket imported before (same 工单编号 in the county) is updated, never added twice.

A 12345 ticket is handled on the platform; here it is mirrored so its clocks, escalation and the units'
hotline figures are seen beside the appeals filed here. The export carries no 签收 time: the dispatch time
(else receipt) stands for it once the platform says the unit has the ticket, and the 处理结果 is the reply
the firm was given when it was closed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, audit_record_many

from ..models import Appeal, AppealEvent, AppealImport, AppealRating
from ..services.categories import county_for
from ..services.common import audit_snapshot, require
from .plan import CLOSED_STATUSES, ImportPlan, PlannedRow, build_plan
from .reader import read_export
from .workbooks import rejects_workbook

Status = Appeal.Status
Event = AppealEvent.Kind
HANDLED = {Status.ACCEPTED, Status.CLOSED, Status.FINISHED}


@dataclass
class ImportResult:
    plan: ImportPlan
    record: AppealImport | None
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def written(self) -> bool:
        return self.record is not None


def appeals_import_check(*, acting_user, source: BinaryIO, file_name: str) -> ImportPlan:
    """Read and check an export without writing anything."""
    require(acting_user, "appeals.manage", _("导入 12345 工单"))
    return build_plan(read_export(source, file_name=file_name), county=county_for(acting_user))


def _derived(fields: dict, status: str, appeal: Appeal) -> dict:
    """The handling times the export implies for a ticket in `status`."""
    handled = status in HANDLED
    closed = status in CLOSED_STATUSES
    return {
        "accepted_at": (appeal.accepted_at or fields["routed_at"] or fields["received_at"]) if handled else None,
        "replied_at": fields["closed_at"] if closed else None,
        "cycle_started_at": fields["received_at"],
        "division_id": fields["enterprise"].division_id if fields["enterprise"] is not None else appeal.county_id,
    }


def _events(appeal: Appeal, row: PlannedRow, *, user, created: bool, changed: list[str],
            was_closed: bool) -> list[AppealEvent]:
    events = []

    def add(kind, at, text=""):
        events.append(AppealEvent(appeal=appeal, kind=kind, cycle=appeal.cycle, at=at, by=user, text=text))

    if created:
        add(Event.IMPORTED, appeal.received_at, _("12345 工单 %(ticket)s") % {"ticket": appeal.ticket_no})
        if appeal.unit_id is not None:
            add(Event.ROUTED, appeal.routed_at or appeal.received_at,
                _("平台派发至%(unit)s") % {"unit": appeal.unit.name})
    else:
        add(Event.UPDATED, timezone.now(), _("按 12345 导出更新：%(fields)s")
            % {"fields": "、".join(str(Appeal._meta.get_field(name).verbose_name) for name in changed)})
    if appeal.status in CLOSED_STATUSES and not was_closed:
        add(Event.CLOSED, appeal.closed_at, appeal.result)
    return events


def _rate(appeal: Appeal, satisfaction: str | None, *, user) -> None:
    if not satisfaction:
        return
    AppealRating.objects.update_or_create(
        appeal=appeal, cycle=appeal.cycle,
        defaults={"satisfaction": satisfaction, "via": AppealRating.Via.PLATFORM_12345, "rated_by": user,
                  "rated_at": timezone.now(), "comment": ""})


def _write(plan: ImportPlan, *, user) -> tuple[list[dict], list[AppealEvent], int]:
    """Create or update each planned ticket. Returns the audit entries, the timeline rows and how many
    rows changed nothing."""
    entries, events, unchanged = [], [], 0
    existing = [row.existing.pk for row in plan.rows if row.existing is not None]
    locked = {appeal.pk: appeal for appeal in Appeal.objects.select_for_update(of=("self",))
              .select_related("unit", "enterprise", "category").filter(pk__in=existing)}
    for row in plan.rows:
        appeal = locked.get(row.existing.pk) if row.existing is not None else None
        created = appeal is None
        if created:
            appeal = Appeal(county=plan.county, channel=Appeal.Channel.PLATFORM_12345, ticket_no=row.ticket_no,
                            created_by=user)
            before, was_closed = None, False
        else:
            before, was_closed = audit_snapshot(appeal), appeal.status in CLOSED_STATUSES
        changed = [name for name, value in row.fields.items() if created or getattr(appeal, name) != value]
        if not created and appeal.status != row.status:
            changed.append("status")
        for name, value in {**row.fields, "status": row.status, **_derived(row.fields, row.status, appeal)}.items():
            setattr(appeal, name, value)
        if not created and not changed:
            _rate(appeal, row.satisfaction, user=user)
            unchanged += 1
            continue
        appeal.save()
        _rate(appeal, row.satisfaction, user=user)
        events += _events(appeal, row, user=user, created=created, changed=changed, was_closed=was_closed)
        entries.append({"obj": appeal, "before": before, "after": audit_snapshot(appeal),
                        "note": _("工作表“%(sheet)s”第 %(row)d 行") % {"sheet": row.row.sheet, "row": row.row.number}})
    return entries, events, unchanged


@transaction.atomic
def appeals_import(*, acting_user, source: BinaryIO, file_name: str, valid_only: bool = False) -> ImportResult:
    """Import every ticket of the export. Nothing is written while any row has a problem, unless
    `valid_only`: then the valid rows are imported and the refused ones kept as a workbook."""
    plan = appeals_import_check(acting_user=acting_user, source=source, file_name=file_name)
    if not plan.rows or not (plan.clean or valid_only):
        return ImportResult(plan, None)
    entries, events, unchanged = _write(plan, user=acting_user)
    AppealEvent.objects.bulk_create(events)
    created = sum(1 for entry in entries if entry["before"] is None)
    audit_record_many(event="appeal.imported", acting_user=acting_user,
                      entries=[entry for entry in entries if entry["before"] is None])
    audit_record_many(event="appeal.import_updated", acting_user=acting_user,
                      entries=[entry for entry in entries if entry["before"] is not None])
    record = AppealImport.objects.create(
        county=plan.county, file_name=file_name[:200], rows=plan.export.row_count, created=created,
        updated=len(entries) - created, rejected=len(plan.rejected),
        rejects=rejects_workbook(plan.rejected) if plan.rejected else None, imported_by=acting_user,
        imported_at=timezone.now())
    audit_record(event="appeals.imported", acting_user=acting_user, obj=record, object_repr=file_name[:200],
                 after={"file": file_name, "rows": record.rows, "created": record.created, "updated": record.updated,
                        "unchanged": unchanged, "rejected": record.rejected},
                 note=_("导入 12345 工单 %(file)s：新增 %(created)d 件，更新 %(updated)d 件，%(rejected)d 行未导入")
                 % {"file": file_name, "created": record.created, "updated": record.updated,
                    "rejected": record.rejected})
    return ImportResult(plan, record, created=created, updated=record.updated, unchanged=unchanged)
