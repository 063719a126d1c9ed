"""Reading the values counties write in their ledgers. Each parser returns the value or raises CellError
with the reason in words a clerk understands."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from .columns import UNIT_WORDS, WAN


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A cell as text: numbers without a trailing ".0" (行业代码 3811 typed as a number), line breaks and
    runs of spaces inside a cell folded to one space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


# --- amounts

CENT = Decimal("0.01")
# The model's DecimalField(max_digits=14, decimal_places=2).
MAX_AMOUNT = Decimal("999999999999.99")
_AMOUNT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(亿元|亿|万元|万|元)?$")


def amount(value, *, unit: tuple[str, Decimal] = WAN) -> Decimal:
    """An amount in 万元. A unit written in the cell ("1.2亿", "3000万元") wins over the column's unit;
    thousands separators are allowed."""
    if isinstance(value, bool):
        raise CellError(_("应为金额，实际是“%(value)s”") % {"value": value})
    if isinstance(value, (int, float, Decimal)):
        number, multiplier = Decimal(str(value)), unit[1]
    else:
        written = unicodedata.normalize("NFKC", str(value))
        written = "".join(written.split()).replace(",", "")
        match = _AMOUNT.match(written.lstrip("-"))
        if match is None:
            raise CellError(_("“%(value)s”不是金额：请写数字，可带单位万元或亿元，如 3000 或 1.2亿")
                            % {"value": text(value)})
        number = Decimal(match.group(1)) * (-1 if written.startswith("-") else 1)
        multiplier = UNIT_WORDS[match.group(2)][1] if match.group(2) else unit[1]
    if not number.is_finite():
        raise CellError(_("“%(value)s”不是金额") % {"value": text(value)})
    if number < 0:
        raise CellError(_("金额不能为负数（%(value)s）") % {"value": text(value)})
    result = (number * multiplier).quantize(CENT, rounding=ROUND_HALF_UP)
    if result > MAX_AMOUNT:
        raise CellError(_("金额 %(amount)s 万元超出可记录的范围，请检查单位") % {"amount": f"{result:,}"})
    return result


# --- dates

# Ledgers begin with the zone itself (皖江城市带承接产业转移示范区, 2010); anything before 1990 is a typo.
EARLIEST = date(1990, 1, 1)
_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?份?$")
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")

def _not_a_date(written) -> CellError:
    return CellError(_("“%(value)s”不是日期，请写成 2025-03-15、2025年3月15日、2025.3 或 2025年3月")
                     % {"value": text(written)})



def _make(year: int, month: int, day: int, written) -> date:
    try:
        result = date(year, month, day)
    except ValueError:
        raise CellError(_("日期“%(value)s”不存在") % {"value": text(written)}) from None
    if result < EARLIEST:
        raise CellError(_("日期“%(value)s”早于 %(year)d 年，请检查") % {"value": text(written), "year": EARLIEST.year})
    return result


def _from_serial(number: float, written) -> date:
    # Excel stores a date as days since 1899-12-30; a plain number in this range is such a serial
    # (1990-01-01 is 32874, 2100-12-31 is 73415).
    if not 32874 <= number <= 73415:
        raise _not_a_date(written)
    return from_excel(number).date()


def _year_month_number(number: float, number_format: str, written) -> date:
    """2025.3 typed as a number: the month is what the cell shows. A cell formatted "0.00" shows 2025.10
    for October; one formatted General shows 2025.1 and means January."""
    decimals = number_format.split(".")[1].count("0") if "." in number_format else 0
    shown = f"{number:.{decimals}f}" if decimals else repr(number)
    year, _point, month = shown.partition(".")
    if not month.isdigit() or int(month) == 0:
        raise CellError(_("“%(value)s”只有年份，请写明月份，如 2025.3 或 2025年3月") % {"value": text(written)})
    return _make(int(year), int(month), 1, written)


def ledger_date(value, *, number_format: str = "General") -> date:
    """A date as ledgers write it: a real Excel date, an Excel serial, 2025-03-15, 2025/3/15, 2025.3.15,
    2025年3月15日, 20250315, or a month alone (2025.3, 2025年3月, 2025-03, 202503) read as its first day."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _make(value.year, value.month, value.day, value)
    if isinstance(value, bool):
        raise _not_a_date(value)
    if isinstance(value, (int, float)):
        if 1900 <= value < 2200:
            return _year_month_number(float(value), number_format, value)
        return _from_serial(float(value), value)
    written = "".join(unicodedata.normalize("NFKC", str(value)).split())
    for pattern in (_DAY, _COMPACT_DAY):
        if match := pattern.match(written):
            return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), value)
    for pattern in (_MONTH, _COMPACT_MONTH):
        if match := pattern.match(written):
            return _make(int(match.group(1)), int(match.group(2)), 1, value)
    if _SERIAL.match(written):
        return _from_serial(float(written), value)
    raise _not_a_date(value)
