"""Reading the values 12345 exports write. Each parser returns the value or raises CellError with the
reason in words a clerk understands."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from ..models import Appeal, AppealRating


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _folded(value) -> str:
    return "".join(unicodedata.normalize("NFKC", text(value)).split())


# --- moments

_MOMENT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?分?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
EARLIEST = date(2000, 1, 1)  # 12345 hotlines began in the 2000s; anything earlier is a typo


def _not_a_moment(value) -> CellError:
    return CellError(_("“%(value)s”不是时间，请写成 2026-09-28 10:15、2026/9/28 10:15 或 2026年9月28日")
                     % {"value": text(value)})


def _aware(year: int, month: int, day: int, hour: int, minute: int, second: int, written) -> datetime:
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise CellError(_("时间“%(value)s”不存在") % {"value": text(written)}) from None
    if moment.date() < EARLIEST:
        raise CellError(_("时间“%(value)s”早于 %(year)d 年，请检查") % {"value": text(written), "year": EARLIEST.year})
    return timezone.make_aware(moment)


def moment(value) -> datetime:
    """A moment as exports write it (Asia/Shanghai): a real Excel date-time or date, an Excel serial,
    2026-09-28 10:15(:00), 2026/9/28 10:15, 2026.9.28, 2026年9月28日 10时15分, 20260928101500. A date
    alone is read as the start of that day."""
    if isinstance(value, datetime):
        return _aware(value.year, value.month, value.day, value.hour, value.minute, value.second, value)
    if isinstance(value, date):
        return _aware(value.year, value.month, value.day, 0, 0, 0, value)
    if isinstance(value, bool):
        raise _not_a_moment(value)
    if isinstance(value, (int, float)):
        return _from_serial(float(value), value)
    written = _folded(value)
    for pattern in (_MOMENT, _COMPACT):
        if match := pattern.match(written):
            parts = [int(part) if part else 0 for part in match.groups()]
            return _aware(*parts, value)
    if _SERIAL.match(written):
        return _from_serial(float(written), value)
    raise _not_a_moment(value)


def _from_serial(number: float, written) -> datetime:
    # Excel stores a moment as days since 1899-12-30; 2000-01-01 is 36526, 2100-12-31 is 73415.
    if not 36526 <= number <= 73415:
        raise _not_a_moment(written)
    found = from_excel(number)
    return _aware(found.year, found.month, found.day, found.hour, found.minute, found.second, written)


_WORKDAYS = re.compile(r"^(\d{1,3})(?:个)?(?:工作日|天|日)?$")


def deadline(value, *, received_at: datetime) -> datetime:
    """处理时限 / 承诺完成时间: a moment, or a number of working days from receipt (5, 5个工作日), read as
    the end of that working day."""
    from chengjie.workcalendar import workdays

    if not isinstance(value, (datetime, date, bool)) and (match := _WORKDAYS.match(_folded(value))):
        due = workdays.add_workdays(timezone.localdate(received_at), int(match.group(1)))
        return timezone.make_aware(datetime.combine(due, time(23, 59, 59)))
    return moment(value)


# --- counts and choices


def count(value) -> int:
    if isinstance(value, bool):
        raise CellError(_("应为次数，实际是“%(value)s”") % {"value": value})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    written = _folded(value).removesuffix("次")
    if isinstance(value, int) or written.isdigit():
        number = int(value) if isinstance(value, int) else int(written)
        if number < 0:
            raise CellError(_("次数不能为负数（%(value)s）") % {"value": text(value)})
        if number > 99:
            raise CellError(_("次数“%(value)s”过大，请检查") % {"value": text(value)})
        return number
    raise CellError(_("“%(value)s”不是次数，请写整数，如 0、1、2") % {"value": text(value)})


KINDS = {label: value for value, label in Appeal.Kind.choices} | {
    "表扬": Appeal.Kind.THANKS, "意见建议": Appeal.Kind.SUGGESTION, "投诉举报": Appeal.Kind.COMPLAINT,
    "咨询类": Appeal.Kind.CONSULT, "求助类": Appeal.Kind.HELP, "投诉类": Appeal.Kind.COMPLAINT,
    "举报类": Appeal.Kind.REPORT, "建议类": Appeal.Kind.SUGGESTION, "感谢类": Appeal.Kind.THANKS,
}


def kind(value) -> str:
    found = KINDS.get(_folded(value))
    if found is None:
        raise CellError(_("工单类型“%(value)s”无法识别：应为咨询、求助、投诉、举报、建议或感谢") % {"value": text(value)})
    return str(found)


Status = Appeal.Status
# The platforms' wording of a ticket's state, and where that leaves it here.
STATUSES = {
    **dict.fromkeys(("待派发", "待分派", "待受理", "已受理", "待交办", "已退回", "退回", "退回待派"), Status.NEW),
    **dict.fromkeys(("待签收", "已派发", "已交办", "待处理", "已转办"), Status.ASSIGNED),
    **dict.fromkeys(("已签收", "办理中", "处理中", "在办", "延期中", "延期办理", "重办中", "待办结", "审核中"),
                    Status.ACCEPTED),
    **dict.fromkeys(("已办结", "已完结", "办结", "已办理", "已答复", "待回访", "已处理", "办结待回访"), Status.CLOSED),
    **dict.fromkeys(("已回访", "已评价", "已归档", "已关闭", "已结案"), Status.FINISHED),
}


def platform_status(value) -> str:
    found = STATUSES.get(_folded(value))
    if found is None:
        raise CellError(_("办件状态“%(value)s”无法识别：应为待签收、办理中、已办结、已回访等") % {"value": text(value)})
    return str(found)


RESOLVED = {**dict.fromkeys(("是", "已解决", "解决", "已经解决"), True),
            **dict.fromkeys(("否", "未解决", "部分解决", "没有解决", "无法解决"), False)}


def resolved(value) -> bool:
    found = RESOLVED.get(_folded(value))
    if found is None:
        raise CellError(_("是否解决“%(value)s”无法识别：应为是或否（已解决、未解决）") % {"value": text(value)})
    return found


Satisfaction = AppealRating.Satisfaction
SATISFACTION = {
    **dict.fromkeys(("满意", "非常满意", "很满意"), Satisfaction.SATISFIED),
    **dict.fromkeys(("基本满意", "比较满意", "一般"), Satisfaction.BASIC),
    **dict.fromkeys(("不满意", "非常不满意"), Satisfaction.DISSATISFIED),
    **dict.fromkeys(("未评价", "未回访", "无法联系", "拒绝评价", "不评价"), ""),
}


def satisfaction(value) -> str:
    found = SATISFACTION.get(_folded(value))
    if found is None:
        raise CellError(_("满意度“%(value)s”无法识别：应为满意、基本满意、不满意或未评价") % {"value": text(value)})
    return str(found)


_PHONE = re.compile(r"^\+?[0-9*][0-9* -]{4,18}[0-9*]$")


def phone(value) -> str:
    written = text(value)
    if not _PHONE.match(unicodedata.normalize("NFKC", written)):
        raise CellError(_("联系电话“%(value)s”格式不正确") % {"value": written})
    return unicodedata.normalize("NFKC", written)


CATEGORY_SEPARATOR = re.compile(r"\s*(?:->|－>|—>|→|>|＞)\s*")


def category_path(value) -> list[str]:
    """问题分类 "市场监管->食品安全->无证经营" as its levels."""
    return [part for part in CATEGORY_SEPARATOR.split(text(value)) if part]
