"""Page set-up, paragraph styles and page-number footers of a GB/T 9704-2012 document.

Each element of the layout is a named paragraph style, so a clerk who edits the file in Word keeps
the layout: a new paragraph typed after the body is again 仿宋_GB2312 三号 on the 22-line grid."""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, RGBColor
from docx.styles.style import ParagraphStyle

from chengjie.documents import gbt9704 as g
from chengjie.documents import ooxml

ORGAN = "发文机关标志"
NUMBER = "发文字号"
TITLE = "公文标题"
ADDRESSEE = "主送机关"
BODY = "公文正文"
HEADINGS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
TABLE_TITLE = "表格标题"
TABLE_HEADER = "表头"
TABLE_TEXT = "表格文字"
ATTACHMENTS = "附件说明"
SIGNATURE = "发文机关署名"
DATE = "成文日期"
CLOSING = "版记"
PAGE_NUMBER = "页码"

# 7.3.3: the four heading levels; all 三号, the typeface tells the level apart.
HEADING_TYPEFACES = {1: g.HEITI, 2: g.KAITI, 3: g.FANGSONG, 4: g.FANGSONG}
# Candidates for the organ's size, largest first: the standard leaves it to the organ (7.2.4), so the
# largest traditional size at which the name fits on one line of the 版心 is used.
ORGAN_SIZES = (g.SIZE_INITIAL, g.SIZE_SMALL_INITIAL, g.SIZE_1, g.SIZE_SMALL_1, g.SIZE_2)


def line_for(size: Length) -> Length:
    """3.2: a 行 is the character's own height plus 7/8 of a 三号 character, for elements off the body
    grid (organ, title, tables, closing block, page number)."""
    return Length(round((size + g.SIZE_3 * 7 / 8) / 635) * 635)


def organ_size(organ: str) -> Length:
    for size in ORGAN_SIZES:
        if g.text_width(organ, size=size, condense_twentieths=0) <= g.TEXT_WIDTH:
            return size
    return g.SIZE_2


def set_up_page(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = g.PAGE_WIDTH, g.PAGE_HEIGHT
    section.top_margin, section.bottom_margin = g.TOP_MARGIN, g.BOTTOM_MARGIN
    section.left_margin, section.right_margin = g.LEFT_MARGIN, g.RIGHT_MARGIN
    section.gutter = 0
    # 7.5: the em dashes 7 mm below the 版心. Word measures the footer from the page's bottom edge to
    # the bottom of the footer's line; the dash is at the middle of the characters.
    line = line_for(g.SIZE_4)
    section.footer_distance = Length(g.BOTTOM_MARGIN - g.PAGE_NUMBER_BELOW_TEXT - g.SIZE_4 // 2
                                     - g.slack_below(line, g.SIZE_4))
    section.header_distance = Length(g.TOP_MARGIN // 2)


def _style(document: Document, name: str, *, typeface: str, size: Length, colour: RGBColor | None = None,
           align: WD_ALIGN_PARAGRAPH | None = None, line: Length = g.LINE, condensed: int = 0,
           first_line: Length | None = None, keep_next: bool = False, outline: int | None = None) -> ParagraphStyle:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    _look(style, typeface=typeface, size=size, colour=colour, align=align, line=line, condensed=condensed)
    if first_line is not None:
        style.paragraph_format.first_line_indent = first_line
        ooxml.set_first_line_chars(style.element.get_or_add_pPr(), round(first_line / g.CHAR * 100))
    style.paragraph_format.keep_with_next = keep_next
    if outline is not None:
        ooxml.set_outline_level(style.element.get_or_add_pPr(), outline)
    return style


def _look(style: ParagraphStyle, *, typeface: str, size: Length, colour: RGBColor | None,
          align: WD_ALIGN_PARAGRAPH | None, line: Length, condensed: int) -> None:
    style.font.size = size
    style.font.bold = False
    style.font.color.rgb = colour or RGBColor(0, 0, 0)
    rPr = style.element.get_or_add_rPr()
    ooxml.set_typeface(rPr, typeface)
    ooxml.set_condensed(rPr, condensed)
    paragraph = style.paragraph_format
    paragraph.line_spacing = line  # a Length: Word's 固定值 (exact) line height
    paragraph.space_before = paragraph.space_after = 0
    if align is not None:
        paragraph.alignment = align


def install_styles(document: Document, *, organ: str) -> None:
    """Normal is the body text of 5.2.2–5.2.3: 仿宋_GB2312 三号, exact lines of the 22-line grid,
    condensed so 28 characters fill a line; widow control off, or Word would leave pages short of
    22 lines (5.2.3: 撑满版心)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_typeface(run_defaults, g.FANGSONG)
    ooxml.set_language(run_defaults)
    normal = document.styles["Normal"]
    _look(normal, typeface=g.FANGSONG, size=g.SIZE_3, colour=None, align=WD_ALIGN_PARAGRAPH.JUSTIFY, line=g.LINE,
          condensed=g.CONDENSE_TWENTIETHS)
    normal.paragraph_format.widow_control = False
    # No extra space between Chinese and Latin text or digits (Word's 自动调整中文与西文间距): it would
    # break the count of 28 characters a line and push the 成文日期 out of its place (7.3.5.2).
    pPr = normal.element.get_or_add_pPr()
    ooxml.put(pPr, "autoSpaceDE", ooxml.PPR_ORDER, val="0")
    ooxml.put(pPr, "autoSpaceDN", ooxml.PPR_ORDER, val="0")
    body = dict(typeface=g.FANGSONG, size=g.SIZE_3, condensed=g.CONDENSE_TWENTIETHS)
    centred = WD_ALIGN_PARAGRAPH.CENTER
    size = organ_size(organ)
    _style(document, ORGAN, typeface=g.XIAOBIAOSONG, size=size, colour=g.RED, align=centred, line=line_for(size))
    _style(document, NUMBER, align=centred, **body)
    _style(document, TITLE, typeface=g.XIAOBIAOSONG, size=g.SIZE_2, align=centred, line=line_for(g.SIZE_2))
    _style(document, ADDRESSEE, **body)
    # 7.3.3: every paragraph, headings included, starts two characters in.
    for level, typeface in HEADING_TYPEFACES.items():
        _style(document, HEADINGS[level], typeface=typeface, size=g.SIZE_3, condensed=g.CONDENSE_TWENTIETHS,
               first_line=Length(2 * g.CHAR), keep_next=True, outline=level - 1)
    _style(document, BODY, first_line=Length(2 * g.CHAR), **body)
    _style(document, TABLE_TITLE, typeface=g.HEITI, size=g.SIZE_3, align=centred, keep_next=True,
           condensed=g.CONDENSE_TWENTIETHS)
    _style(document, TABLE_HEADER, typeface=g.HEITI, size=g.SIZE_4, align=centred, line=line_for(g.SIZE_4))
    _style(document, TABLE_TEXT, typeface=g.FANGSONG, size=g.SIZE_4, line=line_for(g.SIZE_4))
    _style(document, ATTACHMENTS, **body)
    _style(document, SIGNATURE, align=WD_ALIGN_PARAGRAPH.RIGHT, **body)
    _style(document, DATE, align=WD_ALIGN_PARAGRAPH.RIGHT, **body)
    _style(document, CLOSING, typeface=g.FANGSONG, size=g.SIZE_4, line=line_for(g.SIZE_4))
    _style(document, PAGE_NUMBER, typeface=g.SONGTI, size=g.SIZE_4, line=line_for(g.SIZE_4))


def add_page_numbers(document: Document) -> None:
    """7.5: 四号 Arabic numerals between em dashes; odd pages right and even pages left, one 字 in from
    the edge of the 版心, so the number is always on the outer edge of a double-sided print."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    odd_and_even = ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    for footer, align in odd_and_even:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles[PAGE_NUMBER]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = g.SIZE_4
        else:
            paragraph.paragraph_format.left_indent = g.SIZE_4
        paragraph.add_run("— ")
        ooxml.add_page_field(paragraph)
        paragraph.add_run(" —")
