"""The bulletin's arithmetic and how its numbers are written.

Time progress (序时进度) is months elapsed ÷ 12; the gap to it is (completed ÷ annual plan − time progress),
worked out on unrounded values and rounded once, to 0.1 percentage point, at the end (DOMAIN.md: plan
647.4亿, done 629.0亿 by the end of October → 97.2%, ahead by 13.8 points; rounding 97.2 − 83.3 first would
say 13.9). A share whose base is 0 or missing is None and is written "—", never a division by zero."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)
WAN_PER_YI = Decimal(10000)
DASH = "—"


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    with localcontext() as context:
        context.prec = 40
        return numerator / denominator


def share(done: Decimal, base: Decimal | None) -> Decimal | None:
    """done ÷ base, unrounded; None when there is no base."""
    if base is None or base == 0:
        return None
    return _divide(Decimal(done), Decimal(base))


def time_progress(month: int) -> Decimal:
    return _divide(Decimal(month), Decimal(12))


def round_points(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(done: Decimal, base: Decimal | None) -> Decimal | None:
    """done ÷ base as a percentage rounded to one decimal (97.2)."""
    ratio = share(done, base)
    return None if ratio is None else round_points(ratio * HUNDRED)


def gap_points(done: Decimal, plan: Decimal | None, month: int) -> Decimal | None:
    """(done ÷ plan − months ÷ 12) in percentage points, rounded once: positive is ahead of time progress."""
    ratio = share(done, plan)
    if ratio is None:
        return None
    with localcontext() as context:
        context.prec = 40
        return round_points((ratio - time_progress(month)) * HUNDRED)


def change_percent(this: Decimal, last: Decimal) -> Decimal | None:
    """Year-on-year change in percent; None without last year's figure."""
    ratio = share(Decimal(this) - Decimal(last), last)
    return None if ratio is None else round_points(ratio * HUNDRED)


# --- writing numbers


def wan(amount: Decimal | None) -> str:
    """万元 with thousands separators and two decimals, as the tables show them: 12,345.60."""
    if amount is None:
        return DASH
    return f"{Decimal(amount).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def count(value: Decimal | None) -> str:
    return DASH if value is None else f"{int(value):,}"


def amount_text(amount: Decimal) -> str:
    """An amount in running text: 亿元 with two decimals from 1亿 up (629.00亿元), else whole 万元 with
    thousands separators (3,500万元)."""
    amount = Decimal(amount)
    if abs(amount) >= WAN_PER_YI:
        return f"{_divide(amount, WAN_PER_YI).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}亿元"
    return f"{amount.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}万元"


def percent_text(value: Decimal | None) -> str:
    return DASH if value is None else f"{value}%"


def points_text(value: Decimal | None) -> str:
    """The gap in a table: +13.8 ahead, -2.1 behind."""
    if value is None:
        return DASH
    return f"+{value}" if value > 0 else f"{value}"


def gap_phrase(value: Decimal) -> str:
    if value > 0:
        return f"超序时进度{value}个百分点"
    if value < 0:
        return f"落后序时进度{-value}个百分点"
    return "与序时进度持平"


def change_phrase(value: Decimal | None) -> str:
    if value is None:
        return ""
    if value > 0:
        return f"同比增长{value}%"
    if value < 0:
        return f"同比下降{-value}%"
    return "与上年同期持平"


def threshold_text(amount: Decimal) -> str:
    """A signing threshold as people say it: 3,000万元, 1亿元, 1.5亿元."""
    amount = Decimal(amount)
    if amount >= WAN_PER_YI:
        return f"{_divide(amount, WAN_PER_YI).normalize():f}亿元"
    return f"{amount.normalize():,f}万元"
