"""Excel workbooks of tables, one sheet per table: a merged title row, a bold header row, the panes
frozen below the header, column widths from the content and number formats per column.

Figures stay numbers (a rate is the fraction 0.972 shown as 97.2%), so the county office can sum and
sort them in Excel; only the format decides how they look."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

WAN_YUAN = "#,##0.00"    # 万元 with thousands separators and two decimals
COUNT = "#,##0"
PERCENT = "0.0%"         # a fraction shown as a percentage with one decimal: 0.972 → 97.2%
POINTS = "+0.0;-0.0;0.0"  # percentage points ahead of (+) or behind (−) time progress
DATE = "yyyy-mm-dd"      # dates in tables as 2026-11-27

FORBIDDEN_IN_NAME = set("[]:*?/\\")
NAME_LIMIT = 31  # Excel's limit on a sheet name
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
MIN_WIDTH, MAX_WIDTH = 8, 50


@dataclass
class Sheet:
    name: str                      # the tab, at most 31 characters, none of []:*?/\
    title: str                     # the merged row above the header
    headers: list[str]
    rows: list[list]               # str, int, float, Decimal, date or None per cell
    number_formats: Mapping[str, str] | None = None  # header → format, e.g. {"协议引资（万元）": WAN_YUAN}


def render_workbook(sheets: Sequence[Sheet]) -> bytes:
    if not sheets:
        raise ValueError("工作簿至少要有一张表")
    _check_names([sheet.name for sheet in sheets])
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write(book.create_sheet(sheet.name), sheet)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check_names(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if not name.strip() or len(name) > NAME_LIMIT or FORBIDDEN_IN_NAME & set(name):
            raise ValueError(f"表名“{name}”应为 1–{NAME_LIMIT} 个字符，且不含 []:*?/\\")
        # Excel compares sheet names without regard to case.
        if name.casefold() in seen:
            raise ValueError(f"表名“{name}”重复")
        seen.add(name.casefold())


def _write(ws: Worksheet, sheet: Sheet) -> None:
    columns = len(sheet.headers)
    if not columns:
        raise ValueError(f"表“{sheet.name}”没有表头")
    formats = dict(sheet.number_formats or {})
    unknown = set(formats) - set(sheet.headers)
    if unknown:
        raise ValueError(f"表“{sheet.name}”的数字格式指向不存在的列：{'、'.join(sorted(unknown))}")
    column_formats = [formats.get(header) for header in sheet.headers]

    ws.cell(TITLE_ROW, 1, sheet.title).font = Font(bold=True, size=14)
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    if columns > 1:
        ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=columns)
    ws.row_dimensions[TITLE_ROW].height = 28
    for column, header in enumerate(sheet.headers, start=1):
        cell = ws.cell(HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    widths = [_width(header) for header in sheet.headers]
    for number, values in enumerate(sheet.rows, start=1):
        if len(values) != columns:
            raise ValueError(f"表“{sheet.name}”第 {number} 行有 {len(values)} 格，表头有 {columns} 列")
        row = FIRST_DATA_ROW + number - 1
        for column, (value, number_format) in enumerate(zip(values, column_formats), start=1):
            cell = ws.cell(row, column, value)
            cell.border = GRID
            if isinstance(value, (date, datetime)):
                cell.number_format = number_format or DATE
            elif number_format and isinstance(value, (int, float, Decimal)):
                cell.number_format = number_format
            widths[column - 1] = max(widths[column - 1], _width(_shown(value, number_format)))
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, max(MIN_WIDTH, width))

    # The title and the header stay in view while scrolling, and are printed on every page.
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if columns > 6 else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _shown(value, number_format: str | None) -> str:
    """Roughly the text Excel shows, to size the column."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return "2026-11-27"
    if isinstance(value, (int, float, Decimal)) and number_format:
        if "%" in number_format:
            return f"{float(value):.1%}"
        return f"{float(value):,.0f}" if number_format == COUNT else f"{float(value):+,.2f}"
    return str(value)


def _width(text: str) -> float:
    """Excel column width in characters of its default font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text) + 2
