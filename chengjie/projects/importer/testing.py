"""Workbooks shaped like the ledgers counties keep, for tests and for the bench's 10,000-row import."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook


@dataclass(frozen=True)
class Formatted:
    """A cell value with the number format Excel shows it in (2025.1 formatted "0.00" reads 2025.10)."""

    value: object
    number_format: str


@dataclass
class SheetSpec:
    title: str
    rows: Sequence[Sequence]
    merges: Sequence[str] = ()


def workbook_bytes(*sheets: SheetSpec) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        for row_number, row in enumerate(spec.rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, Formatted):
                    cell.value, cell.number_format = value.value, value.number_format
                else:
                    cell.value = value
        for merge in spec.merges:
            sheet.merge_cells(merge)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ledger_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "潜山市招商引资项目台账",
                 sheet: str = "项目台账", note: str | None = None) -> bytes:
    """One sheet as counties lay it out: a merged title row, an optional note line ("单位：亿元"), the
    header, the rows."""
    lines: list[Sequence] = [[title]]
    if note:
        lines.append([None] * (len(headers) - 1) + [note])
    lines.append(list(headers))
    lines.extend(rows)
    last = chr(ord("A") + len(headers) - 1) if len(headers) <= 26 else "Z"
    return workbook_bytes(SheetSpec(sheet, lines, merges=[f"A1:{last}1"]))
