"""Workbooks read back with openpyxl: one sheet per table, merged title, bold header, frozen panes,
widths and number formats."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chengjie.documents.workbook import COUNT, PERCENT, POINTS, WAN_YUAN, Sheet, render_workbook

HEADERS = ["单位", "签约项目（个）", "协议引资（万元）", "完成率", "超序时进度（百分点）", "签约日期"]


def units_sheet(**changes) -> Sheet:
    values = dict(
        name="表1 签约项目",
        title="2026年1-10月各单位签约项目完成情况",
        headers=HEADERS,
        rows=[
            ["源潭镇", 12, Decimal("1286500.5"), 0.972, 13.8, date(2026, 3, 5)],
            ["黄铺镇", 0, 0, None, -4.25, None],
        ],
        number_formats={"签约项目（个）": COUNT, "协议引资（万元）": WAN_YUAN, "完成率": PERCENT,
                        "超序时进度（百分点）": POINTS},
    )
    values.update(changes)
    return Sheet(**values)


def read(sheets):
    return load_workbook(BytesIO(render_workbook(sheets)))


def test_one_sheet_per_table_in_the_given_order():
    book = read([units_sheet(), units_sheet(name="表2 到位资金", title="到位资金")])
    assert book.sheetnames == ["表1 签约项目", "表2 到位资金"]
    assert book["表2 到位资金"]["A1"].value == "到位资金"


def test_title_row_is_merged_across_the_table_and_the_header_is_bold():
    sheet = read([units_sheet()])["表1 签约项目"]
    assert [str(merged) for merged in sheet.merged_cells.ranges] == ["A1:F1"]
    assert sheet["A1"].value == "2026年1-10月各单位签约项目完成情况"
    assert sheet["A1"].font.bold
    assert [cell.value for cell in sheet[2]] == HEADERS
    assert all(cell.font.bold for cell in sheet[2])


def test_panes_are_frozen_below_the_header_and_both_rows_print_on_every_page():
    sheet = read([units_sheet()])["表1 签约项目"]
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$1:$2"


def test_figures_stay_numbers_with_their_formats():
    sheet = read([units_sheet()])["表1 签约项目"]
    count, amount, rate, points, signed = sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"], sheet["F3"]
    assert (count.value, count.number_format) == (12, "#,##0")
    # 万元 with thousands separators and two decimals: 1,286,500.50.
    assert (amount.value, amount.number_format) == (1286500.5, "#,##0.00")
    assert (rate.value, rate.number_format) == (0.972, "0.0%")
    assert (points.value, points.number_format) == (13.8, "+0.0;-0.0;0.0")
    assert signed.value.date() == date(2026, 3, 5) and signed.number_format == "yyyy-mm-dd"
    assert sheet["D4"].value is None
    assert sheet["A3"].number_format == "General", "text columns keep no number format"


def test_columns_are_wide_enough_for_their_longest_value():
    sheet = read([units_sheet(rows=[["经济技术开发区管理委员会", 1, 2, 0.5, 1.0, None]])])["表1 签约项目"]
    # 12 Chinese characters at two widths each, plus a margin.
    assert sheet.column_dimensions["A"].width >= 24
    assert sheet.column_dimensions["B"].width >= 8


@pytest.mark.parametrize("sheets, message", [
    ([], "至少要有一张表"),
    ([units_sheet(name="表1/签约")], "不含"),
    ([units_sheet(name="签约" * 16)], "1–31"),
    ([units_sheet(), units_sheet()], "重复"),
    ([units_sheet(rows=[["源潭镇", 1]])], "第 1 行有 2 格"),
    ([units_sheet(number_formats={"到位资金": WAN_YUAN})], "不存在的列：到位资金"),
])
def test_a_table_out_of_form_is_refused_with_the_reason(sheets, message):
    with pytest.raises(ValueError, match=message):
        render_workbook(sheets)
