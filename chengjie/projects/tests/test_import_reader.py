"""Reading a ledger workbook: the header under a merged title, columns by name in any order, blank rows,
totals, section headings and notes left out, units stated once for the sheet."""

from io import BytesIO

import pytest

from chengjie.core.errors import DomainError
from chengjie.projects.importer.columns import WAN, YI
from chengjie.projects.importer.reader import MAX_ROWS, read_ledger
from chengjie.projects.importer.testing import SheetSpec, ledger_bytes, workbook_bytes


def read(content: bytes):
    return read_ledger(BytesIO(content))


def test_header_under_a_merged_title_is_found_and_columns_mapped_by_name_in_any_order():
    ledger = read(ledger_bytes(
        ["序号", "签约日期", "责任单位", "项目名称", "总投资（亿元）", "投资主体"],
        [[1, "2025.3", "经信局", "年产500万把刷子项目", 1.2, "安徽某刷业有限公司"]]))
    sheet = ledger.sheets[0]
    assert sheet.header_rows == (2,)
    assert {key: column.letter for key, column in sheet.columns.items()} == {
        "signed_on": "B", "introducing_unit": "C", "name": "D", "contracted_investment": "E", "investor_name": "F"}
    assert sheet.columns["contracted_investment"].unit == YI
    assert [row.number for row in sheet.rows] == [3]
    assert ledger.notices == []


def test_blank_total_heading_and_note_rows_are_left_out_and_row_numbers_kept():
    ledger = read(ledger_bytes(["序号", "项目名称", "投资方", "总投资（万元）"], [
        ["一、续建项目"],
        [1, "甲项目", "甲公司", 100],
        [None, None, None, None],
        ["（二）新签约项目"],
        [2, "乙项目", "乙公司", 200],
        ["小计", None, None, 300],
        ["合  计", None, None, 300],
        [None, "总计", None, 300],
        ["注：金额单位为万元，签约时间以合同为准。"],
        ["填报人：张三"],
    ]))
    assert [(row.number, row.values[1]) for row in ledger.sheets[0].rows] == [(4, "甲项目"), (7, "乙项目")]


def test_a_row_with_a_lone_name_is_data_not_a_heading():
    ledger = read(ledger_bytes(["项目名称", "投资方"], [["丙项目"]]))
    assert [row.values[0] for row in ledger.sheets[0].rows] == ["丙项目"]


def test_a_unit_note_above_the_header_sets_the_unit_of_columns_that_state_none():
    ledger = read(ledger_bytes(["项目名称", "投资方", "总投资", "其中省外资金（万元）"], [],
                               note="金额单位：亿元"))
    columns = ledger.sheets[0].columns
    assert columns["contracted_investment"].unit == YI
    assert columns["out_of_province_investment"].unit == WAN
    assert ledger.sheets[0].header_rows == (3,)


def test_an_amount_column_without_a_unit_takes_the_unit_its_neighbour_states():
    ledger = read(ledger_bytes(["项目名称", "投资方", "总投资（亿元）", "其中省外资金"], []))
    assert ledger.sheets[0].columns["out_of_province_investment"].unit == YI
    assert ledger.notices == ["工作表“项目台账” D 列（其中省外资金）未写金额单位，按亿元读取。"]


def test_amounts_without_any_unit_are_read_as_wan_yuan_and_said_so():
    ledger = read(ledger_bytes(["项目名称", "投资方", "协议投资"], []))
    assert ledger.sheets[0].columns["contracted_investment"].unit == WAN
    assert ledger.notices == ["工作表“项目台账” C 列（协议投资）未写金额单位，按万元读取。"]


def test_a_two_line_header_under_a_merged_parent_cell():
    content = workbook_bytes(SheetSpec("Sheet1", [
        ["2025年签约项目"],
        ["序号", "项目名称", "投资方", "投资额（亿元）", None, "签约时间"],
        [None, None, None, "总投资", "其中省外", None],
        [1, "甲项目", "甲公司", 1.5, 0.5, "2025.3"],
    ], merges=["A1:F1", "D2:E2", "A2:A3", "B2:B3", "C2:C3", "F2:F3"]))
    sheet = read(content).sheets[0]
    assert sheet.header_rows == (2, 3)
    assert sheet.columns["contracted_investment"].letter == "D"
    assert sheet.columns["out_of_province_investment"].letter == "E"
    assert sheet.columns["out_of_province_investment"].unit == YI
    assert sheet.columns["out_of_province_investment"].header == "投资额（亿元）/其中省外"
    assert [row.number for row in sheet.rows] == [4]


def test_two_columns_meaning_the_same_field_read_the_closer_one_and_say_so():
    ledger = read(ledger_bytes(["项目名称", "投资方", "责任单位", "引进单位"], []))
    assert ledger.sheets[0].columns["introducing_unit"].letter == "D"
    assert ledger.notices == ["工作表“项目台账” C 列（责任单位）与 D 列（引进单位）含义相同，按 D 列读取。"]


def test_columns_that_are_not_fields_are_named_in_a_notice_and_serial_numbers_ignored_quietly():
    ledger = read(ledger_bytes(["序号", "项目名称", "投资方", "项目进展情况", "存在问题", "备注"], []))
    assert ledger.notices == ["工作表“项目台账”以下列不是可导入的字段，未读取：D（项目进展情况）、E（存在问题）。"]


def test_every_sheet_with_a_ledger_header_is_read_and_others_named():
    content = workbook_bytes(
        SheetSpec("2024年", [["项目名称", "投资方"], ["甲项目", "甲公司"]]),
        SheetSpec("说明", [["本表由各责任单位每月 5 日前报送"]]),
        SheetSpec("空白", []),
        SheetSpec("2025年", [["项目", "客商"], ["乙项目", "乙公司"]]),
    )
    ledger = read(content)
    assert [sheet.title for sheet in ledger.sheets] == ["2024年", "2025年"]
    assert ledger.row_count == 2
    assert ledger.notices == ["工作表“说明”没有找到表头（须有“项目名称”等列），未读取。"]


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(DomainError) as refused:
        read(b"\xd0\xcf\x11\xe0 an old .xls")
    assert "另存为 .xlsx" in refused.value.message


def test_a_workbook_without_a_ledger_header_is_refused():
    with pytest.raises(DomainError) as refused:
        read(workbook_bytes(SheetSpec("Sheet1", [["姓名", "电话"], ["张三", "13900000000"]])))
    assert refused.value.message.startswith("没有找到项目台账的表头")


def test_more_rows_than_a_ledger_holds_are_refused(monkeypatch):
    monkeypatch.setattr("chengjie.projects.importer.reader.MAX_ROWS", 3)
    with pytest.raises(DomainError) as refused:
        read(ledger_bytes(["项目名称", "投资方"], [[f"项目{n}", "公司"] for n in range(4)]))
    assert refused.value.message == "文件的数据行超过 3 行，请分成几个文件导入。"
    assert MAX_ROWS == 20_000
