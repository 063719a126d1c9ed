"""Reading a 12345 export, .xlsx or .csv: on each sheet find the header row (under a merged title, a
"导出时间：…" line or two), map its columns by name, and hand back the data rows."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from chengjie.core.errors import DomainError

from .columns import FIELDS_BY_KEY, REQUIRED_COLUMNS, Field, is_ignored, match_header

# The header sits under a title and a line or two about the export; never further down than this.
HEADER_SEARCH_ROWS = 10
# A county's 12345 tickets about firms run to a few thousand a year; a file beyond this is not one export.
MAX_ROWS = 20_000
# A CSV from a Chinese platform is UTF-8 (with or without a BOM) or GB 18030 (which covers GBK and GB 2312).
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: Field

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int  # the row number Excel shows (the line number of a CSV)
    values: tuple

    def value(self, column: Column | None):
        if column is None or column.index >= len(self.values):
            return None
        return self.values[column.index]


@dataclass
class Sheet:
    title: str
    headers: list[str]
    columns: dict[str, Column]
    preamble: list[tuple]  # the rows down to the header, as written, for the rejects workbook
    rows: list[Row] = field(default_factory=list)


@dataclass
class Export:
    sheets: list[Sheet]
    notices: list[str]

    @property
    def row_count(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _blank(cells: tuple) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _matches(cells: tuple) -> dict[int, Field]:
    return {index: found for index, cell in enumerate(cells) if (found := match_header(_text(cell))) is not None}


def _pick_header(rows: list[tuple]) -> int | None:
    """The row that names the most fields, among those naming the ticket number and at least two others."""
    best, best_score = None, 2
    for position, cells in enumerate(rows):
        keys = {found.key for found in _matches(cells).values()}
        if "ticket_no" in keys and len(keys) > best_score:
            best, best_score = position, len(keys)
    return best


def _sheet(title: str, rows, notices: list[str], budget: int) -> Sheet | None:
    head: list[tuple] = []
    for cells in rows:
        head.append(tuple(cells))
        if len(head) == HEADER_SEARCH_ROWS:
            break
    header_at = _pick_header(head)
    if header_at is None:
        if any(not _blank(cells) for cells in head):
            notices.append(_("工作表“%(sheet)s”没有找到表头（须有“工单编号”或“办件编号”等列），未读取。") % {"sheet": title})
        return None
    headers = [_text(cell) for cell in head[header_at]]
    columns: dict[str, Column] = {}
    for index, found in sorted(_matches(head[header_at]).items()):
        if found.key in columns:
            kept = columns[found.key]
            notices.append(_("工作表“%(sheet)s” %(dropped)s 列（%(dropped_header)s）与 %(kept)s 列（%(kept_header)s）"
                             "含义相同，按 %(kept)s 列读取。")
                           % {"sheet": title, "dropped": get_column_letter(index + 1), "dropped_header": headers[index],
                              "kept": kept.letter, "kept_header": kept.header})
            continue
        columns[found.key] = Column(index, headers[index], found)
    ignored = [f"{get_column_letter(index + 1)}（{header}）" for index, header in enumerate(headers)
               if header and match_header(header) is None and not is_ignored(header)]
    if ignored:
        notices.append(_("工作表“%(sheet)s”以下列不是可导入的字段，未读取：%(columns)s。")
                       % {"sheet": title, "columns": "、".join(ignored)})
    sheet = Sheet(title, headers, columns, head[:header_at + 1])
    number = header_at + 1
    for cells in [*head[header_at + 1:], *rows]:
        number += 1
        if _blank(tuple(cells)):
            continue
        if len(sheet.rows) >= budget:
            raise DomainError(_("文件的数据行超过 %(max)d 行，请分成几个文件导入。") % {"max": MAX_ROWS}, field="file")
        sheet.rows.append(Row(title, number, tuple(cells)))
    return sheet


def _read_xlsx(source: BinaryIO, notices: list[str]) -> list[Sheet]:
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise DomainError(_("文件不是 Excel 工作簿（.xlsx）。旧版 .xls 文件请用 Excel 或 WPS 另存为 .xlsx 或 .csv 后再导入。"),
                          field="file") from exc
    sheets: list[Sheet] = []
    try:
        for worksheet in book.worksheets:
            # Files written by some platforms state wrong dimensions; read-only mode would then stop early.
            worksheet.reset_dimensions()
            rows = (tuple(cell.value for cell in cells) for cells in worksheet.iter_rows())
            sheet = _sheet(worksheet.title, rows, notices, MAX_ROWS - sum(len(s.rows) for s in sheets))
            if sheet is not None:
                sheets.append(sheet)
    finally:
        book.close()
    return sheets


def _read_csv(source: BinaryIO, notices: list[str]) -> list[Sheet]:
    raw = source.read()
    for encoding in CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("CSV 文件的编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV。"), field="file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = (tuple(cell if cell.strip() else None for cell in cells) for cells in csv.reader(io.StringIO(text), dialect))
    sheet = _sheet("CSV", rows, notices, MAX_ROWS)
    return [sheet] if sheet is not None else []


def read_export(source: BinaryIO, *, file_name: str) -> Export:
    """Every sheet of the export that has a ticket header. Raises DomainError when the file cannot be read
    or lacks the columns every row needs."""
    notices: list[str] = []
    if file_name.lower().endswith(".csv"):
        sheets = _read_csv(source, notices)
    else:
        sheets = _read_xlsx(source, notices)
    if not sheets:
        raise DomainError(_("没有找到 12345 工单的表头：表头行须有“工单编号”（或“办件编号”）和至少两个其他字段"
                            "（如来电时间、诉求内容、承办单位）。"), field="file")
    for sheet in sheets:
        missing = [FIELDS_BY_KEY[key].label for key in REQUIRED_COLUMNS if key not in sheet.columns]
        if "content" not in sheet.columns and "subject" not in sheet.columns:
            missing.append(_("诉求内容或诉求主题"))
        if missing:
            raise DomainError(_("工作表“%(sheet)s”缺少必需的列：%(columns)s。") % {"sheet": sheet.title,
                                                                          "columns": "、".join(missing)}, field="file")
    return Export(sheets, notices)
