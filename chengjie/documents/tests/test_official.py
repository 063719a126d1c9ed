"""A document with every element, rendered and opened again: its page set-up, typefaces, sizes, colours,
numbers and closing block are those of GB/T 9704-2012."""

from datetime import date
from io import BytesIO
from zipfile import ZipFile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from chengjie.documents import ooxml
from chengjie.documents.official import (
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    official_number,
    render_official_document,
)
from chengjie.documents.tests.reading import (
    character_spacing_twentieths,
    colour,
    east_asian_font,
    find,
    mm,
    open_document,
    paragraph_property,
    position,
    size_pt,
)

ORGAN = "潜山市招商引资工作领导小组办公室"
BODY_TEXT = "1-10月累计完成投资629.0亿元，占年度计划的97.2%，超序时进度13.8个百分点。"


def full_document(**changes) -> OfficialDocument:
    values = dict(
        organ=ORGAN,
        number=official_number("潜招", 2026, 12),
        title="关于2026年1-10月全市招商引资\n工作情况的通报",
        addressee="各乡镇人民政府，市直有关单位",
        body=[
            Heading(1, "总体情况"),
            Paragraph(BODY_TEXT),
            Heading(2, "签约项目"),
            Table(title="表1 各单位主要指标完成情况", headers=["单位", "签约项目（个）", "协议引资（万元）", "完成率"],
                  rows=[["源潭镇", "12", "86,500.00", "108.1%"], ["黄铺镇", "7", "42,300.50", "—"]]),
            Heading(3, "工业项目"),
            Heading(4, "新开工项目"),
            Heading(4, "新投产项目"),
            Heading(1, "存在问题"),
            Heading(2, "签而不动"),
        ],
        attachments=["2026年1-10月招商引资统计表", "红黄牌项目清单"],
        issued_on=date(2026, 3, 5),
        signer=ORGAN,
        cc=["市委办、市政府办", "市统计局"],
        printer=ORGAN,
        printed_on=date(2026, 3, 6),
    )
    values.update(changes)
    return OfficialDocument(**values)


@pytest.fixture(scope="module")
def rendered():
    content = render_official_document(full_document())
    return content, open_document(content)


def test_page_is_a4_with_margins_37_35_28_26_mm(rendered):
    _, document = rendered
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert mm(section.top_margin) == 37.0
    assert mm(section.bottom_margin) == 35.0
    assert mm(section.left_margin) == 28.0
    assert mm(section.right_margin) == 26.0
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156.0
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225.0


def test_body_is_fangsong_sanhao_on_22_lines_of_28_characters(rendered):
    _, document = rendered
    body = find(document, BODY_TEXT)
    assert east_asian_font(document, body) == "仿宋_GB2312"
    assert size_pt(document, body) == 16
    line = paragraph_property(body, "line_spacing")
    assert paragraph_property(body, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY
    assert 22 * line <= Mm(225) < 23 * line
    character = Pt(16) + Pt(character_spacing_twentieths(document, body) / 20)
    assert 28 * character <= Mm(156) < 29 * character
    # 7.3.3: each paragraph starts two characters in.
    assert paragraph_property(body, "first_line_indent") == 2 * character
    assert paragraph_property(body, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_organ_is_red_xiaobiaosong_centred_above_the_number(rendered):
    _, document = rendered
    organ = document.paragraphs[1]  # after the spacer that sets it 35 mm into the 版心
    assert organ.text == ORGAN
    assert east_asian_font(document, organ) == "方正小标宋简体"
    assert colour(document, organ) == "FF0000"
    assert paragraph_property(organ, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    # The largest traditional size at which the name fits the 版心: 16 characters of 一号 (26 pt).
    assert size_pt(document, organ) == 26
    # 35 mm less the part of the organ's 40 pt line (26 pt type) that stands above the characters.
    spacer = document.paragraphs[0].paragraph_format.line_spacing
    assert mm(spacer) == pytest.approx(35 - 0.75 * 14 * 25.4 / 72, abs=0.1)


def test_number_is_centred_under_the_organ_with_a_red_rule_the_width_of_the_text_block(rendered):
    _, document = rendered
    number = find(document, "潜招〔2026〕12号")
    assert position(document, number) == 4, "two blank lines below the organ"
    assert paragraph_property(number, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(document, number) == "仿宋_GB2312"
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:val")) == "single"
    assert rule.get(qn("w:color")) == "FF0000"
    assert number.paragraph_format.left_indent is None and number.paragraph_format.right_indent is None


def test_title_is_xiaobiaosong_erhao_two_lines_below_the_rule(rendered):
    _, document = rendered
    paragraphs = document.paragraphs
    title = next(paragraph for paragraph in paragraphs if paragraph.text.startswith("关于2026年"))
    assert title.text == "关于2026年1-10月全市招商引资\n工作情况的通报"
    assert east_asian_font(document, title) == "方正小标宋简体"
    assert size_pt(document, title) == 22
    assert paragraph_property(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    number_at = position(document, find(document, "潜招〔2026〕12号"))
    assert [paragraph.text for paragraph in paragraphs[number_at + 1:number_at + 3]] == ["", ""]
    assert position(document, title) == number_at + 3
    addressee = find(document, "各乡镇人民政府，市直有关单位：")
    assert position(document, addressee) == position(document, title) + 2, "one line below the title"
    assert not paragraph_property(addressee, "first_line_indent")


def test_headings_are_numbered_by_level_in_heiti_kaiti_and_fangsong(rendered):
    _, document = rendered
    expected = [
        ("一、总体情况", "黑体"),
        ("（一）签约项目", "楷体_GB2312"),
        ("1.工业项目", "仿宋_GB2312"),
        ("（1）新开工项目", "仿宋_GB2312"),
        ("（2）新投产项目", "仿宋_GB2312"),
        ("二、存在问题", "黑体"),
        ("（一）签而不动", "楷体_GB2312"),  # numbering restarts under each higher heading
    ]
    body = find(document, BODY_TEXT)
    for text, typeface in expected:
        heading = find(document, text)
        assert east_asian_font(document, heading) == typeface, text
        assert size_pt(document, heading) == 16, text
        assert paragraph_property(heading, "first_line_indent") == paragraph_property(body, "first_line_indent")


def test_table_has_its_title_a_heiti_header_row_repeated_on_each_page_and_rules(rendered):
    _, document = rendered
    title = find(document, "表1 各单位主要指标完成情况")
    assert east_asian_font(document, title) == "黑体"
    table = document.tables[0]
    # Headers that fit their column stay on one line.
    assert [cell.text for cell in table.rows[0].cells] == ["单位", "签约项目（个）", "协议引资（万元）", "完成率"]
    header = table.rows[0].cells[1].paragraphs[0]
    assert east_asian_font(document, header) == "黑体"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    cell = table.rows[1].cells[2].paragraphs[0]
    assert east_asian_font(document, cell) == "仿宋_GB2312"
    assert size_pt(document, cell) == 14
    assert cell.alignment == WD_ALIGN_PARAGRAPH.RIGHT, "figures line up on the right"
    assert table.rows[1].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    rules = table._tbl.tblPr.find(qn("w:tblBorders"))
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    assert {rules.find(qn(f"w:{side}")).get(qn("w:val")) for side in sides} == {"single"}
    assert mm(sum(column.width for column in table.columns)) == pytest.approx(156, abs=0.1)


def test_a_wide_table_is_set_smaller_and_its_headers_turn_before_the_unit():
    headers = ["单位", *[f"第{n}项指标（万元）" for n in range(1, 9)]]
    rows = [["经济开发区", *["120,000.00"] * 8]]
    document = open_document(render_official_document(full_document(body=[Table("表1", headers, rows)])))
    table = document.tables[0]
    assert size_pt(document, table.rows[1].cells[1].paragraphs[0]) == 10.5
    assert table.rows[0].cells[1].text == "第1项指标\n（万元）"
    assert table.rows[0].cells[0].text == "单位"


def test_a_heading_may_start_with_a_decimal_figure():
    document = open_document(render_official_document(full_document(body=[Heading(3, "1.5亿元以上项目")])))
    assert find(document, "1.1.5亿元以上项目")


def test_attachments_follow_the_body_numbered_and_aligned(rendered):
    _, document = rendered
    first = find(document, "附件：1.2026年1-10月招商引资统计表")
    second = find(document, "2.红黄牌项目清单")
    assert first.paragraph_format.left_indent == second.paragraph_format.left_indent
    assert second.paragraph_format.first_line_indent < 0, "a turned line starts under the name"


def test_signer_two_characters_from_the_right_and_the_date_in_arabic_numerals_two_characters_in_from_it(rendered):
    _, document = rendered
    signer, issued = document.paragraphs[-3], document.paragraphs[-2]
    assert (signer.text, issued.text) == (ORGAN, "2026年3月5日")
    character = Pt(16) - Pt(0.25)
    assert paragraph_property(signer, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraph_property(issued, "alignment") == WD_ALIGN_PARAGRAPH.RIGHT
    assert signer.paragraph_format.right_indent == 2 * character
    # Start of a right-aligned line = right edge − right indent − width; digits are half a character.
    signer_start = Mm(156) - signer.paragraph_format.right_indent - 16 * character
    date_width = 3 * character + 6 * (Pt(8) - Pt(0.25))
    date_start = Mm(156) - issued.paragraph_format.right_indent - date_width
    assert date_start - signer_start == 2 * character
    assert document.paragraphs[-4].text == "", "one line below the body"


def test_a_date_longer_than_the_signer_keeps_two_characters_and_moves_the_signer_left():
    document = open_document(render_official_document(full_document(signer="县招商局", issued_on=date(2026, 11, 25))))
    signer, issued = find(document, "县招商局"), find(document, "2026年11月25日")
    character = Pt(16) - Pt(0.25)
    assert issued.paragraph_format.right_indent == 2 * character
    date_width = 3 * character + 8 * (Pt(8) - Pt(0.25))
    signer_start = Mm(156) - signer.paragraph_format.right_indent - 4 * character
    assert Mm(156) - issued.paragraph_format.right_indent - date_width - signer_start == 2 * character


def test_closing_block_sits_on_the_bottom_of_the_last_page_between_thick_and_thin_rules(rendered):
    _, document = rendered
    closing = document.tables[-1]
    position = closing._tbl.tblPr.find(qn("w:tblpPr"))
    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    assert mm(int(position.get(qn("w:tblpX"))) * 635) == 28.0
    cc, printed = (row.cells[0].paragraphs[0] for row in closing.rows)
    assert cc.text == "抄送：市委办、市政府办，市统计局。"
    assert printed.text == f"{ORGAN}\t2026年3月6日印发"
    for paragraph in (cc, printed):
        assert east_asian_font(document, paragraph) == "仿宋_GB2312"
        assert size_pt(document, paragraph) == 14
    rules = closing._tbl.tblPr.find(qn("w:tblBorders"))
    thickness = {side: int(rules.find(qn(f"w:{side}")).get(qn("w:sz"))) for side in ("top", "insideH", "bottom")}
    # 7.4.1: 0.35 mm and 0.25 mm, in Word's eighths of a point.
    assert thickness == {"top": 8, "insideH": 6, "bottom": 8}
    assert rules.find(qn("w:left")).get(qn("w:val")) == "nil"
    assert mm(int(closing._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) * 635) == 156.0


def test_no_closing_block_without_cc_or_printer():
    document = open_document(render_official_document(full_document(cc=(), printer="", printed_on=None)))
    assert all(table._tbl.tblPr.find(qn("w:tblpPr")) is None for table in document.tables)


def test_page_numbers_are_sihao_between_em_dashes_odd_right_even_left(rendered):
    _, document = rendered
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        assert paragraph.text == "— 1 —"
        assert " PAGE " in [element.text for element in paragraph._p.iter(qn("w:instrText"))]
        assert size_pt(document, paragraph) == 14
        assert east_asian_font(document, paragraph) == "宋体"
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent == Pt(14)
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent == Pt(14)
    # The em dashes 7 mm below the 版心: the footer's line (28 pt, the digits low in it) ends 24.3 mm up.
    assert mm(section.footer_distance) == pytest.approx(24.3, abs=0.1)


def test_fonts_are_named_and_none_is_embedded(rendered):
    content, _ = rendered
    with ZipFile(BytesIO(content)) as package:
        names = package.namelist()
        settings = package.read("word/settings.xml").decode()
    assert not [name for name in names if name.startswith("word/fonts/")]
    assert "embedTrueTypeFonts" not in settings
    assert "docProps/thumbnail.jpeg" not in names, "no picture of python-docx's blank template"


@pytest.mark.parametrize("changes, message", [
    ({"number": "潜招[2026]12号"}, "六角括号"),
    ({"number": "潜招〔2026〕012号"}, "不编虚位"),
    ({"number": "潜招〔26〕12号"}, "年份全称"),
    ({"body": [Heading(1, "一、总体情况")]}, "不应自带序号"),
    ({"body": [Heading(5, "细目")]}, "1–4"),
    ({"printed_on": None}, "同时给出"),
    ({"title": " "}, "标题不能为空"),
    ({"body": ["一段文字"]}, "应为标题、段落或表格"),
])
def test_a_document_out_of_form_is_refused_with_the_reason(changes, message):
    with pytest.raises(ValueError, match=message):
        render_official_document(full_document(**changes))


def test_every_property_element_is_in_schema_order(rendered):
    """Word refuses a file whose property children are out of the order ECMA-376 gives."""
    _, document = rendered
    orders = {"pPr": ooxml.PPR_ORDER, "rPr": ooxml.RPR_ORDER, "tblPr": ooxml.TBLPR_ORDER,
              "trPr": ooxml.TRPR_ORDER, "tcPr": ooxml.TCPR_ORDER}
    section = document.sections[0]
    parts = [document.element, document.styles.element, section.footer._element, section.even_page_footer._element]
    checked = 0
    for part in parts:
        for tag, order in orders.items():
            for properties in part.iter(qn(f"w:{tag}")):
                names = [child.tag.split("}")[1] for child in properties]
                known = [name for name in names if name in order]
                assert known == sorted(known, key=order.index), f"{tag}: {names}"
                checked += 1
    assert checked > 100
