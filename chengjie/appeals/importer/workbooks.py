"""The rejects workbook: the refused rows of a 12345 export, sheet by sheet under the sheet's own title and
header lines, each with its row number in the original file and what is wrong. Corrected, it imports as
it is (its two added columns, 原行号 and 问题, are ignored by the reader)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from chengjie.core.imports import Problem

from .reader import Row, Sheet


def _reason(problem: Problem) -> str:
    if problem.column:
        return _("%(column)s 列（%(header)s）：%(reason)s") % {"column": problem.column, "header": problem.header,
                                                          "reason": problem.reason}
    return problem.reason


def rejects_workbook(rejected: Iterable[tuple[Sheet, Row, list[Problem]]]) -> bytes:
    book = Workbook(write_only=True)
    sheets: dict[str, object] = {}
    for sheet, row, problems in rejected:
        width = len(sheet.headers)
        out = sheets.get(sheet.title)
        if out is None:
            out = sheets[sheet.title] = book.create_sheet(sheet.title[:31])
            for line in sheet.preamble[:-1]:
                out.append(list(line))
            header = []
            for text in [*sheet.headers, _("原行号"), _("问题")]:
                cell = WriteOnlyCell(out, value=text)
                cell.font = Font(bold=True)
                header.append(cell)
            out.append(header)
        cells = list(row.values[:width]) + [None] * (width - len(row.values))
        out.append([*cells, row.number, "；".join(_reason(problem) for problem in problems)])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
