"""Tables in the body of an official document: the width of the 版心, ruled on every side, a header
row in 黑体 repeated on each page, 仿宋 at the largest of 四号/小四/五号 at which the columns fit."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Pt

from chengjie.documents import gbt9704 as g
from chengjie.documents import layout, ooxml

SIZES = (g.SIZE_4, g.SIZE_SMALL_4, g.SIZE_5)
CELL_MARGIN = Pt(3)  # left and right padding inside each cell
FIGURE = re.compile(r"^[-+]?[\d,]+(\.\d+)?%?$")
RULE = (4, "000000")  # 0.5 pt black on every edge


def add_table(document: Document, *, headers: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float] | None) -> None:
    columns = len(headers)
    if not columns:
        raise ValueError("表格至少要有一列")
    for number, row in enumerate(rows, start=1):
        if len(row) != columns:
            raise ValueError(f"表格第 {number} 行有 {len(row)} 格，表头有 {columns} 列")
    if widths is not None and (len(widths) != columns or any(w <= 0 for w in widths)):
        raise ValueError(f"列宽应为 {columns} 个正数")
    size = _size(headers, rows)
    weights = list(widths) if widths is not None else [_natural(headers, rows, column) for column in range(columns)]
    column_widths = [Length(int(g.TEXT_WIDTH * weight / sum(weights))) for weight in weights]

    table = document.add_table(rows=1 + len(rows), cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblPr = table._tbl.tblPr
    ooxml.put(tblPr, "tblW", ooxml.TBLPR_ORDER, w=str(g.TEXT_WIDTH.twips), type="dxa")
    ooxml.set_table_borders(tblPr, dict.fromkeys(ooxml.SIDES, RULE))
    ooxml.set_cell_margins(tblPr, twips=CELL_MARGIN.twips)
    for column, width in zip(table.columns, column_widths):
        column.width = width
    for index, (row, values) in enumerate(zip(table.rows, [list(headers), *rows])):
        trPr = row._tr.get_or_add_trPr()
        ooxml.put(trPr, "cantSplit", ooxml.TRPR_ORDER)
        if index == 0:
            ooxml.put(trPr, "tblHeader", ooxml.TRPR_ORDER)
        for cell, width, value in zip(row.cells, column_widths, values):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles[layout.TABLE_HEADER if index == 0 else layout.TABLE_TEXT]
            text = "" if value is None else str(value)
            lines = _header_lines(text) if index == 0 else [text]
            if len(lines) > 1 and _ems(text) * size + 2 * CELL_MARGIN <= width:
                lines = [text]
            for number, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.font.size = size
                if number < len(lines) - 1:
                    run.add_break()
            paragraph.paragraph_format.line_spacing = layout.line_for(size)
            paragraph.alignment = _alignment(text, header=index == 0)


def _ems(text: str) -> float:
    return g.text_width(text, size=Pt(1), condense_twentieths=0) / Pt(1)


def _header_lines(header: str) -> list[str]:
    """A header that does not fit turns before its unit: 协议引资 / （万元）."""
    name, bracket, unit = header.partition("（")
    return [name, bracket + unit] if bracket and name else [header]


def _natural(headers: Sequence[str], rows: Sequence[Sequence[str]], column: int) -> float:
    """A column's width in characters: its longest value or the longer line of its header."""
    values = [_ems("" if row[column] is None else str(row[column])) for row in rows]
    return max([*(_ems(line) for line in _header_lines(headers[column])), *values, 1.0])


def _size(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Length:
    characters = sum(_natural(headers, rows, column) for column in range(len(headers)))
    for size in SIZES:
        if characters * size + 2 * CELL_MARGIN * len(headers) <= g.TEXT_WIDTH:
            return size
    return SIZES[-1]


def _alignment(text: str, *, header: bool) -> WD_ALIGN_PARAGRAPH:
    if header or text in ("", "—", "-"):
        return WD_ALIGN_PARAGRAPH.CENTER
    return WD_ALIGN_PARAGRAPH.RIGHT if FIGURE.match(text) else WD_ALIGN_PARAGRAPH.LEFT
