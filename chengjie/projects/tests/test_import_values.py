"""Reading ledger cells: amounts in 万元 or 亿元, dates as counties write them, headers by name."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from chengjie.projects.importer.columns import WAN, YI, match_header, stated_unit
from chengjie.projects.importer.values import CellError, amount, ledger_date, text


@pytest.mark.parametrize(("written", "unit", "expected"), [
    (3000, WAN, "3000.00"),
    (1.2, YI, "12000.00"),
    ("1.2亿", WAN, "12000.00"),
    ("1.2 亿元", WAN, "12000.00"),
    ("3,000万元", YI, "3000.00"),
    ("3，000.5", WAN, "3000.50"),
    ("0.123456亿", WAN, "1234.56"),
    ("3000元", WAN, "0.30"),
    (Decimal("2.5"), YI, "25000.00"),
    (0, WAN, "0.00"),
])
def test_amounts_come_out_in_wan_yuan(written, unit, expected):
    assert amount(written, unit=unit) == Decimal(expected)


@pytest.mark.parametrize(("written", "reason"), [
    ("约3000万", "“约3000万”不是金额：请写数字，可带单位万元或亿元，如 3000 或 1.2亿"),
    (-5, "金额不能为负数（-5）"),
    ("-1.2亿", "金额不能为负数（-1.2亿）"),
    (True, "应为金额，实际是“True”"),
    ("9999999999亿", "金额 99,999,999,990,000.00 万元超出可记录的范围，请检查单位"),
])
def test_amounts_that_are_not_are_refused_with_the_reason(written, reason):
    with pytest.raises(CellError) as refused:
        amount(written)
    assert refused.value.reason == reason


@pytest.mark.parametrize(("written", "number_format", "expected"), [
    (datetime(2025, 3, 15, 0, 0), "yyyy-mm-dd", date(2025, 3, 15)),
    (date(2025, 3, 15), "General", date(2025, 3, 15)),
    (45000, "General", date(2023, 3, 15)),  # an Excel serial
    ("45000", "General", date(2023, 3, 15)),
    ("2025-03-15", "General", date(2025, 3, 15)),
    ("2025/3/15", "General", date(2025, 3, 15)),
    ("2025.3.15", "General", date(2025, 3, 15)),
    ("2025年3月15日", "General", date(2025, 3, 15)),
    ("２０２５年３月１５日", "General", date(2025, 3, 15)),
    ("20250315", "General", date(2025, 3, 15)),
    ("2025.3", "General", date(2025, 3, 1)),
    ("2025年3月", "General", date(2025, 3, 1)),
    ("2025年3月份", "General", date(2025, 3, 1)),
    ("2025-03", "General", date(2025, 3, 1)),
    ("202503", "General", date(2025, 3, 1)),
    (2025.3, "General", date(2025, 3, 1)),
    (2025.12, "General", date(2025, 12, 1)),
    (2025.1, "General", date(2025, 1, 1)),  # shows 2025.1: January
    (2025.1, "0.00", date(2025, 10, 1)),  # shows 2025.10: October
])
def test_dates_as_counties_write_them(written, number_format, expected):
    assert ledger_date(written, number_format=number_format) == expected


@pytest.mark.parametrize(("written", "reason"), [
    ("明年三月", "“明年三月”不是日期，请写成 2025-03-15、2025年3月15日、2025.3 或 2025年3月"),
    ("2025.13", "日期“2025.13”不存在"),
    ("2025-02-30", "日期“2025-02-30”不存在"),
    (2025, "“2025”只有年份，请写明月份，如 2025.3 或 2025年3月"),
    ("1988.5", "日期“1988.5”早于 1990 年，请检查"),
    (123, "“123”不是日期，请写成 2025-03-15、2025年3月15日、2025.3 或 2025年3月"),
])
def test_dates_that_are_not_are_refused_with_the_reason(written, reason):
    with pytest.raises(CellError) as refused:
        ledger_date(written)
    assert refused.value.reason == reason


def test_text_folds_line_breaks_and_drops_a_float_s_point_zero():
    assert text("安徽某某\n有限公司 ") == "安徽某某 有限公司"
    assert text(3811.0) == "3811"
    assert text(None) == ""


@pytest.mark.parametrize(("header", "key", "unit"), [
    ("项目名称", "name", None),
    ("项目名称及建设内容", "name", None),
    ("*项目名称", "name", None),
    ("投资主体", "investor_name", None),
    ("总投资（亿元）", "contracted_investment", YI),
    ("计划总投资\n(万元)", "contracted_investment", WAN),
    ("协议投资额（单位：万元）", "contracted_investment", WAN),
    ("其中：省外资金", "out_of_province_investment", None),
    ("签约时间（年月）", "signed_on", None),
    ("责任单位", "introducing_unit", None),
    ("包保县领导", "leader", None),
])
def test_headers_are_matched_by_name_and_synonym(header, key, unit):
    match = match_header(header)
    assert match.field is not None and match.field.key == key
    assert match.unit == unit


@pytest.mark.parametrize("header", ["项目进展情况", "进度", "备注", "序号"])
def test_headers_that_name_no_field(header):
    assert match_header(header).field is None


def test_a_note_above_the_header_states_the_sheet_s_unit():
    assert stated_unit("填报单位：投资促进中心    金额单位：亿元") == YI
    assert stated_unit("单位:万元") == WAN
    assert stated_unit("潜山市招商引资项目台账") is None
