"""Official documents (公文) in the layout of GB/T 9704-2012《党政机关公文格式》, rendered with python-docx.

The caller gives plain data; `render_official_document` returns the .docx bytes. Heading numbers
(一、（一）1.（1）) are generated from the order of the headings, never given in their text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Length

from chengjie.documents import gbt9704 as g
from chengjie.documents import layout, ooxml
from chengjie.documents.tables import add_table


@dataclass
class Heading:
    level: int  # 1 → 一、 (黑体), 2 → （一） (楷体), 3 → 1. (仿宋), 4 → （1） (仿宋)
    text: str   # without its number


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths, scaled to the 版心; None sizes by content


@dataclass
class OfficialDocument:
    organ: str                 # 发文机关标志
    number: str                # 发文字号, e.g. 潜招〔2026〕12号 (see official_number)
    title: str                 # a line break ("\n") where the title should turn (7.3.1: 梯形或菱形)
    body: Sequence[Heading | Paragraph | Table]
    issued_on: date            # 成文日期
    signer: str                # 发文机关署名
    cc: Sequence[str] = ()     # 抄送机关, each a name or a group already joined with 、
    printer: str = ""          # 印发机关
    printed_on: date | None = None
    addressee: str = ""        # 主送机关, without the closing colon
    attachments: Sequence[str] = ()  # 附件说明: the attachments' names


NUMBER_PATTERN = re.compile(r"^\S+〔[1-9]\d{3}〕[1-9]\d*号$")
# Any heading number written into a heading's text: the renderer numbers headings itself.
WRITTEN_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d))")
CHINESE_DIGITS = "〇一二三四五六七八九"


def official_number(prefix: str, year: int, seq: int) -> str:
    """7.2.5: 发文字号 — the organ's code, the full year in 六角括号 and the sequence number without 第
    and without leading zeros: official_number("潜招", 2026, 12) == "潜招〔2026〕12号"."""
    if not prefix.strip() or prefix.endswith("第"):
        raise ValueError(f"发文机关代字“{prefix}”不能为空，也不加“第”字")
    if not 1000 <= year <= 9999:
        raise ValueError(f"年份 {year} 应标全称（四位数字）")
    if seq < 1:
        raise ValueError(f"发文顺序号 {seq} 应为正整数")
    return f"{prefix.strip()}〔{year}〕{seq}号"


def chinese_date(d: date) -> str:
    """7.3.5.4: Arabic numerals, the full year, no leading zeros: 2026年3月5日."""
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_numeral(n: int) -> str:
    """1–99 as written in heading numbers: 一 … 十, 十一 … 二十, 二十一 …"""
    if not 1 <= n <= 99:
        raise ValueError(f"标题序号 {n} 超出 1–99")
    tens, units = divmod(n, 10)
    return ("" if tens < 2 else CHINESE_DIGITS[tens]) + ("十" if tens else "") + (CHINESE_DIGITS[units] if units else "")


def heading_mark(level: int, n: int) -> str:
    """7.3.3: the structure numbers 一、 （一） 1. （1）."""
    marks = {1: f"{chinese_numeral(n)}、", 2: f"（{chinese_numeral(n)}）", 3: f"{n}.", 4: f"（{n}）"}
    return marks[level]


def render_official_document(doc: OfficialDocument) -> bytes:
    _check(doc)
    document = docx.Document()
    layout.set_up_page(document)
    layout.install_styles(document, organ=doc.organ)
    layout.add_page_numbers(document)
    _head(document, doc)
    _main(document, doc)
    _signature(document, doc)
    _closing(document, doc)
    _properties(document, doc)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _check(doc: OfficialDocument) -> None:
    for label, value in (("发文机关标志", doc.organ), ("标题", doc.title), ("发文机关署名", doc.signer)):
        if not value.strip():
            raise ValueError(f"{label}不能为空")
    if not NUMBER_PATTERN.match(doc.number):
        raise ValueError(f"发文字号“{doc.number}”应形如“潜招〔2026〕12号”（六角括号、年份全称、不加“第”、不编虚位）")
    if bool(doc.printer.strip()) != (doc.printed_on is not None):
        raise ValueError("印发机关和印发日期应同时给出")
    for index, item in enumerate(doc.body, start=1):
        if not isinstance(item, (Heading, Paragraph, Table)):
            raise ValueError(f"正文第 {index} 项应为标题、段落或表格，而不是 {type(item).__name__}")
        if isinstance(item, Heading):
            if item.level not in layout.HEADINGS:
                raise ValueError(f"正文第 {index} 项：标题层级 {item.level} 应为 1–4")
            if WRITTEN_NUMBER.match(item.text):
                raise ValueError(f"正文第 {index} 项：标题“{item.text}”不应自带序号，序号由排版生成")


def _blank_lines(document: Document, count: int, *, height: Length = g.LINE) -> None:
    for _ in range(count):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.line_spacing = height


def _head(document: Document, doc: OfficialDocument) -> None:
    """版头 (7.2.4–7.2.7): the organ's top edge 35 mm into the 版心, the number two lines below it, the
    red rule 4 mm under the number; then the title two lines under the rule (7.3.1)."""
    organ_style = document.styles[layout.ORGAN]
    organ_size, organ_line = organ_style.font.size, organ_style.paragraph_format.line_spacing
    _blank_lines(document, 1, height=Length(g.ORGAN_TOP - g.slack_above(organ_line, organ_size)))
    document.add_paragraph(doc.organ, style=organ_style)
    _blank_lines(document, 2)
    number = document.add_paragraph(doc.number, style=layout.NUMBER)
    # The standard gives this rule no thickness; it takes the closing block's thick rule (7.4.1). The
    # border is drawn below the line box, whose lowest part is empty: take that part off the 4 mm.
    space = Length(g.RULE_BELOW_NUMBER - g.slack_below(g.LINE, g.SIZE_3))
    ooxml.set_paragraph_border(number._p.get_or_add_pPr(), "bottom", eighths=g.border_eighths(g.CLOSING_THICK),
                               colour=str(g.RED), space_pt=max(0, round(space.pt)))
    _blank_lines(document, 2)
    title = document.add_paragraph(style=layout.TITLE)
    for index, line in enumerate(doc.title.split("\n")):
        if index:
            title.add_run().add_break()
        title.add_run(line.strip())
    _blank_lines(document, 1)


def _main(document: Document, doc: OfficialDocument) -> None:
    """主体 (7.3.2–7.3.4): 主送机关 flush left with a full-width colon, then the body, then 附件说明."""
    if doc.addressee.strip():
        document.add_paragraph(f"{doc.addressee.strip().rstrip('：:')}：", style=layout.ADDRESSEE)
    counters = dict.fromkeys(layout.HEADINGS, 0)
    for item in doc.body:
        if isinstance(item, Heading):
            counters[item.level] += 1
            for deeper in range(item.level + 1, 5):
                counters[deeper] = 0
            document.add_paragraph(heading_mark(item.level, counters[item.level]) + item.text.strip(),
                                   style=layout.HEADINGS[item.level])
        elif isinstance(item, Paragraph):
            document.add_paragraph(item.text.strip(), style=layout.BODY)
        elif isinstance(item, Table):
            document.add_paragraph(item.title, style=layout.TABLE_TITLE)
            add_table(document, headers=item.headers, rows=item.rows, widths=item.widths)
    if doc.attachments:
        _attachments(document, doc.attachments)


def _attachments(document: Document, names: Sequence[str]) -> None:
    """7.3.4: one line below the body, two 字 in: 附件：1.name; a turned line starts under the name."""
    _blank_lines(document, 1)
    label = "附件："
    for index, name in enumerate(names, start=1):
        mark = f"{index}." if len(names) > 1 else ""
        paragraph = document.add_paragraph((label if index == 1 else "") + mark + name.strip(),
                                           style=layout.ATTACHMENTS)
        hanging = g.text_width(mark) + (g.text_width(label) if index == 1 else 0)
        paragraph.paragraph_format.left_indent = Length(2 * g.CHAR + g.text_width(label) + g.text_width(mark))
        paragraph.paragraph_format.first_line_indent = Length(-hanging)


def _signature(document: Document, doc: OfficialDocument) -> None:
    """7.3.5.2 (no seal): one line below the body the organ two 字 from the right, the date on the
    next line with its first character two 字 right of the organ's; when the date is the longer,
    the date keeps two 字 and the organ moves left."""
    signer, issued = doc.signer.strip(), chinese_date(doc.issued_on)
    two = 2 * g.CHAR
    signer_right = two
    date_right = signer_right + g.text_width(signer) - two - g.text_width(issued)
    if date_right < two:
        date_right = two
        signer_right = date_right + g.text_width(issued) + two - g.text_width(signer)
    _blank_lines(document, 1)
    document.add_paragraph(signer, style=layout.SIGNATURE).paragraph_format.right_indent = Length(signer_right)
    document.add_paragraph(issued, style=layout.DATE).paragraph_format.right_indent = Length(date_right)


def _closing(document: Document, doc: OfficialDocument) -> None:
    """版记 (7.4): 抄送 and 印发 in 四号仿宋 between rules the width of the 版心, the first and last rule
    thick and those between thin, the last rule on the bottom edge of the last page's 版心. A table
    floating at the bottom of the text area keeps it there however long the body is."""
    rows = []
    if doc.cc:
        rows.append("cc")
    if doc.printer.strip():
        rows.append("printed")
    if not rows:
        return
    table = document.add_table(rows=len(rows), cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tblPr = table._tbl.tblPr
    # Placed from the page's left edge rather than centred in the margins: LibreOffice keeps a table as
    # wide as the text area in the flow unless it is positioned relative to the page.
    ooxml.put(tblPr, "tblpPr", ooxml.TBLPR_ORDER, vertAnchor="margin", horzAnchor="page",
              tblpX=str(g.LEFT_MARGIN.twips), tblpYSpec="bottom", leftFromText="0", rightFromText="0",
              topFromText="0", bottomFromText="0")
    ooxml.put(tblPr, "tblOverlap", ooxml.TBLPR_ORDER, val="never")
    ooxml.put(tblPr, "tblW", ooxml.TBLPR_ORDER, w=str(g.TEXT_WIDTH.twips), type="dxa")
    thick, thin = g.border_eighths(g.CLOSING_THICK), g.border_eighths(g.CLOSING_THIN)
    ooxml.set_table_borders(tblPr, {"top": (thick, "000000"), "bottom": (thick, "000000"), "insideH": (thin, "000000")})
    table.autofit = False
    ooxml.set_cell_margins(tblPr, twips=0)
    table.columns[0].width = g.TEXT_WIDTH
    one = g.SIZE_4  # 7.4.2–7.4.3: 左右各空一字, of the closing block's own 四号 characters
    for row, kind in zip(table.rows, rows):
        cell = row.cells[0]
        cell.width = g.TEXT_WIDTH
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles[layout.CLOSING]
        fmt = paragraph.paragraph_format
        if kind == "cc":
            label = "抄送："
            paragraph.add_run(label + "，".join(name.strip() for name in doc.cc) + "。")
            # A turned line lines up with the first name after the colon.
            label_width = g.text_width(label, size=g.SIZE_4, condense_twentieths=0)
            fmt.left_indent, fmt.first_line_indent = Length(one + label_width), Length(-label_width)
            fmt.right_indent = one
        else:
            fmt.left_indent = one
            fmt.tab_stops.add_tab_stop(Length(g.TEXT_WIDTH - one), WD_TAB_ALIGNMENT.RIGHT)
            paragraph.add_run(f"{doc.printer.strip()}\t{chinese_date(doc.printed_on)}印发")
    # Word needs a paragraph after a table that ends the document; it takes no room.
    _blank_lines(document, 1, height=Length(635 * 20))


def _properties(document: Document, doc: OfficialDocument) -> None:
    properties = document.core_properties
    properties.title = doc.title.replace("\n", "")
    properties.author = properties.last_modified_by = doc.signer
    properties.subject = doc.number
    properties.keywords = properties.comments = ""
    # python-docx's template carries a thumbnail of its own blank page, which Explorer would show.
    package = document.part.package
    for rId, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[rId]
