"""The ledger import: read and check the whole file, then write all of it or nothing — or, when the
user asks, only the valid rows, handing the refused ones back as a workbook with the reason on each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record

from ..services._common import require_capability
from .bulk import projects_sign_many
from .plan import ImportPlan, build_plan
from .reader import read_ledger
from .workbooks import rejects_workbook


@dataclass
class ImportResult:
    plan: ImportPlan
    created: list[int]
    # The refused rows as a workbook (None when every row was valid).
    rejects: bytes | None

    @property
    def written(self) -> bool:
        return bool(self.created)

    @property
    def problems(self):
        return self.plan.problems

    @property
    def notices(self) -> list[str]:
        return self.plan.ledger.notices


def ledger_check(*, acting_user, source: BinaryIO) -> ImportPlan:
    """Read and check a ledger without writing anything."""
    require_capability(acting_user, "projects.manage", _("导入项目台账"))
    return build_plan(read_ledger(source), user=acting_user)


@transaction.atomic
def projects_import(*, acting_user, source: BinaryIO, file_name: str, valid_only: bool = False) -> ImportResult:
    """Sign every row of the ledger through the bulk signing (audited per project). Nothing is written
    while any row has a problem, unless `valid_only`: then the valid rows are signed and the others come
    back in `rejects`."""
    plan = ledger_check(acting_user=acting_user, source=source)
    rejects = rejects_workbook(plan.rejected) if plan.rejected else None
    if not plan.rows or not (plan.clean or valid_only):
        return ImportResult(plan, [], rejects)
    notes = [_("导入自 %(file)s 工作表“%(sheet)s”第 %(row)d 行") % {"file": file_name, "sheet": row.row.sheet,
                                                               "row": row.row.number} for row in plan.rows]
    created = projects_sign_many(acting_user=acting_user, signings=[row.sign for row in plan.rows], notes=notes,
                                 progress=[row.progress for row in plan.rows])
    audit_record(event="projects.imported", acting_user=acting_user, object_type="projects.project",
                 object_repr=file_name[:200],
                 after={"file": file_name, "rows": plan.ledger.row_count, "imported": len(created),
                        "rejected": len(plan.rejected)},
                 note=_("导入项目台账 %(file)s：导入 %(imported)d 个项目，%(rejected)d 行未导入") % {
                     "file": file_name, "imported": len(created), "rejected": len(plan.rejected)})
    return ImportResult(plan, created, rejects)
