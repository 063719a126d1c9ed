"""What an import reports: each problem placed so the clerk can find it — sheet, row, column, reason.
Shared by every importer (project ledgers, 12345 exports)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    header: str
    reason: str

    def __str__(self) -> str:
        place = _("工作表“%(sheet)s”") % {"sheet": self.sheet}
        if self.row is not None:
            place += _("第 %(row)d 行") % {"row": self.row}
        if self.column:
            place += _(" %(column)s 列（%(header)s）") % {"column": self.column, "header": self.header}
        return f"{place}：{self.reason}"
