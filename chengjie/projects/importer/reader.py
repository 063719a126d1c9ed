"""Reading a ledger workbook: on each sheet find the header row under the merged title, map its columns by
name, and hand back the data rows, leaving out blank rows, totals (合计/小计) and section headings."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from chengjie.core.errors import DomainError

from . import values
from .columns import WAN, Field, Kind, match_header, stated_unit

# The header sits under a title, a "填报单位/单位：万元" line or two; it is never further down than this.
HEADER_SEARCH_ROWS = 15
# A province's yearly intake is a few thousand projects; a file beyond this is not a ledger.
MAX_ROWS = 20_000

_TOTAL = re.compile(r"^(合计|小计|总计|共计|累计|总合计)")
# A row with one filled cell that is a section heading (一、续建项目 / （二）新签约项目) or a note under
# the table (注：… / 填报人：…).
_HEADING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|[0-9]+[、．]"
                      r"|注[:：]|备注[:：]|说明[:：]|填报|填表|制表|审核|联系人[:：])")


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    header: str  # as written in the file
    field: Field
    unit: tuple[str, Decimal]
    rank: int

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Sheet:
    title: str
    header_rows: tuple[int, ...]
    headers: list[str]  # every header cell as written, by position
    columns: dict[str, Column]
    # The rows down to the header, as written (title, "单位：亿元", header lines): the rejects workbook
    # repeats them so the rows it hands back read the same way again.
    preamble: list[tuple]
    rows: list[LedgerRow] = field(default_factory=list)


@dataclass(frozen=True)
class LedgerRow:
    sheet: str
    number: int  # the row number Excel shows
    values: tuple
    formats: tuple

    def value(self, column: Column):
        return self.values[column.index] if column.index < len(self.values) else None

    def number_format(self, column: Column) -> str:
        return (self.formats[column.index] if column.index < len(self.formats) else None) or "General"


@dataclass
class Ledger:
    sheets: list[Sheet]
    notices: list[str]

    @property
    def row_count(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets)


def _row_matches(cells: tuple) -> dict[int, tuple[str, object]]:
    """Positions whose header names a field: position → (header, HeaderMatch)."""
    found = {}
    for index, value in enumerate(cells):
        if values.is_blank(value):
            continue
        header = values.text(value)
        match = match_header(header)
        if match.field is not None:
            found[index] = (header, match)
    return found


def _pick_header(rows: list[tuple]) -> int | None:
    """The row that names the most fields, among those that name the project; None when none does."""
    best, best_score = None, 1
    for position, cells in enumerate(rows):
        fields = {match.field.key for _header, match in _row_matches(cells).values()}
        if "name" in fields and len(fields) > best_score:
            best, best_score = position, len(fields)
    return best


def _is_skipped(cells: tuple) -> bool:
    filled = [cell for cell in cells if not values.is_blank(cell)]
    if not filled:
        return True
    if any(isinstance(cell, str) and _TOTAL.match("".join(cell.split())) for cell in filled[:3]):
        return True
    return len(filled) == 1 and isinstance(filled[0], str) and bool(_HEADING.match(filled[0].strip()))


class _SheetReader:
    def __init__(self, worksheet, notices: list[str]):
        self.worksheet = worksheet
        self.notices = notices

    def read(self, budget: int) -> Sheet | None:
        worksheet = self.worksheet
        # Files written by some tools state wrong dimensions; read-only mode would then stop early.
        worksheet.reset_dimensions()
        rows = worksheet.iter_rows()
        head: list[tuple[tuple, tuple]] = []
        for cells in rows:
            head.append((tuple(cell.value for cell in cells), tuple(cell.number_format for cell in cells)))
            if len(head) == HEADER_SEARCH_ROWS:
                break
        header_at = _pick_header([cell_values for cell_values, _formats in head])
        if header_at is None:
            if any(not values.is_blank(value) for cell_values, _formats in head for value in cell_values):
                self.notices.append(_("工作表“%(sheet)s”没有找到表头（须有“项目名称”等列），未读取。")
                                    % {"sheet": worksheet.title})
            return None
        sheet = self._layout(head, header_at)
        start = max(sheet.header_rows)
        for number, (cell_values, formats) in enumerate(head[start:], start=start + 1):
            self._take(sheet, number, cell_values, formats, budget)
        number = len(head)
        for cells in rows:
            number += 1
            self._take(sheet, number, tuple(cell.value for cell in cells), tuple(cell.number_format for cell in cells),
                       budget)
        return sheet

    def _take(self, sheet: Sheet, number: int, cell_values: tuple, formats: tuple, budget: int) -> None:
        if _is_skipped(cell_values):
            return
        if len(sheet.rows) >= budget:
            raise DomainError(_("文件的数据行超过 %(max)d 行，请分成几个文件导入。") % {"max": MAX_ROWS}, field="file")
        sheet.rows.append(LedgerRow(sheet.title, number, cell_values, formats))

    def _layout(self, head: list[tuple[tuple, tuple]], header_at: int) -> Sheet:
        title = self.worksheet.title
        sheet_unit = next((unit for cell_values, _formats in head[:header_at] for value in cell_values
                           if isinstance(value, str) and (unit := stated_unit(value))), None)
        header_cells = head[header_at][0]
        headers = [values.text(value) for value in header_cells]
        matches = _row_matches(header_cells)
        header_rows = (header_at + 1,)
        # A two-line header: "投资额（万元）" merged over "总投资 | 其中省外". The second line names fields
        # the first did not, and its project-name cell is empty (it is not data).
        if header_at + 1 < len(head):
            below = head[header_at + 1][0]
            sub = {index: found for index, found in _row_matches(below).items()
                   if found[1].field.key not in {match.field.key for _header, match in matches.values()}}
            name_index = next(index for index, (_header, match) in matches.items() if match.field.key == "name")
            if sub and (name_index >= len(below) or values.is_blank(below[name_index])):
                for index, (header, match) in sub.items():
                    parent = next((headers[i] for i in range(min(index, len(headers) - 1), -1, -1) if headers[i]), "")
                    parent_unit = match_header(parent).unit if parent else None
                    while len(headers) <= index:
                        headers.append("")
                    headers[index] = f"{parent}/{header}" if parent and parent != header else header
                    matches[index] = (headers[index], match if match.unit else replace(match, unit=parent_unit))
                header_rows = (header_at + 1, header_at + 2)
        # An amount column without a unit, beside one that states it ("总投资（亿元）" | "其中省外资金"), is
        # in that unit: a clerk writes the unit once. With no unit anywhere, ledgers count in 万元.
        stated = {match.unit for _header, match in matches.values() if match.field.kind is Kind.AMOUNT and match.unit}
        columns: dict[str, Column] = {}
        for index, (header, match) in sorted(matches.items()):
            unit = match.unit or sheet_unit or (next(iter(stated)) if len(stated) == 1 else WAN)
            if match.field.kind is Kind.AMOUNT and not (match.unit or sheet_unit):
                self.notices.append(_("工作表“%(sheet)s” %(column)s 列（%(header)s）未写金额单位，按%(unit)s读取。")
                                    % {"sheet": title, "column": get_column_letter(index + 1), "header": header,
                                       "unit": unit[0]})
            column = Column(index, header, match.field, unit, match.rank)
            other = columns.get(match.field.key)
            if other is None:
                columns[match.field.key] = column
                continue
            kept, dropped = (column, other) if column.rank < other.rank else (other, column)
            columns[match.field.key] = kept
            self.notices.append(_("工作表“%(sheet)s” %(dropped)s 列（%(dropped_header)s）与 %(kept)s 列（%(kept_header)s）"
                                  "含义相同，按 %(kept)s 列读取。")
                                % {"sheet": title, "dropped": dropped.letter, "dropped_header": dropped.header,
                                   "kept": kept.letter, "kept_header": kept.header})
        mapped = {column.index for column in columns.values()} | set(matches)
        ignored = [f"{get_column_letter(index + 1)}（{header}）" for index, header in enumerate(headers)
                   if header and index not in mapped and not match_header(header).ignored]
        if ignored:
            self.notices.append(_("工作表“%(sheet)s”以下列不是可导入的字段，未读取：%(columns)s。")
                                % {"sheet": title, "columns": "、".join(ignored)})
        preamble = [cell_values for cell_values, _formats in head[:max(header_rows)]]
        return Sheet(title, header_rows, headers, columns, preamble)


def read_ledger(source: BinaryIO) -> Ledger:
    """Every sheet of the workbook that has a ledger header. Raises DomainError when the file is not a
    workbook or no sheet has one."""
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise DomainError(_("文件不是 Excel 工作簿（.xlsx）。如果是旧版 .xls 文件，请用 Excel 或 WPS 另存为 .xlsx 后再导入。"),
                          field="file") from exc
    try:
        notices: list[str] = []
        sheets = []
        for worksheet in book.worksheets:
            sheet = _SheetReader(worksheet, notices).read(MAX_ROWS - sum(len(s.rows) for s in sheets))
            if sheet is not None:
                sheets.append(sheet)
    finally:
        book.close()
    if not sheets:
        raise DomainError(_("没有找到项目台账的表头：表头行须有“项目名称”列和至少一个其他字段（如投资方、总投资、签约时间、引进单位）。"),
                          field="file")
    return Ledger(sheets, notices)

