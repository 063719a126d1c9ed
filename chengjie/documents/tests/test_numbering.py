"""Numbers and dates as GB/T 9704-2012 writes them."""

from datetime import date

import pytest

from chengjie.documents.official import chinese_date, chinese_numeral, heading_mark, official_number


def test_document_number_has_the_full_year_in_hexagonal_brackets_and_no_leading_zeros():
    assert official_number("潜招", 2026, 12) == "潜招〔2026〕12号"
    assert official_number("潜招", 2026, 1) == "潜招〔2026〕1号"
    assert official_number("潜招", 2027, 105) == "潜招〔2027〕105号"


@pytest.mark.parametrize("prefix, year, seq, message", [
    ("", 2026, 1, "不能为空"),
    ("潜招第", 2026, 1, "不加“第”字"),
    ("潜招", 26, 1, "四位数字"),
    ("潜招", 2026, 0, "正整数"),
])
def test_a_document_number_out_of_form_is_refused(prefix, year, seq, message):
    with pytest.raises(ValueError, match=message):
        official_number(prefix, year, seq)


def test_dates_are_arabic_numerals_without_leading_zeros():
    assert chinese_date(date(2026, 3, 5)) == "2026年3月5日"
    assert chinese_date(date(2026, 11, 27)) == "2026年11月27日"
    assert chinese_date(date(2026, 10, 1)) == "2026年10月1日"


@pytest.mark.parametrize("n, numeral", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
                                        (99, "九十九")])
def test_chinese_numerals_for_heading_numbers(n, numeral):
    assert chinese_numeral(n) == numeral


def test_heading_marks_of_the_four_levels():
    assert [heading_mark(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert heading_mark(2, 12) == "（十二）"


def test_a_hundredth_heading_has_no_numeral():
    with pytest.raises(ValueError, match="1–99"):
        chinese_numeral(100)
