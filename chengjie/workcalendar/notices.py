"""Reading a holiday notice in holiday-cn's JSON format (https://github.com/NateScarlet/holiday-cn, schema.json:
{"year": number, "papers": [string], "days": [{"name": string, "date": "YYYY-MM-DD", "isOffDay": bool}]}).
Everything is checked before anything is written; every problem found is named with its entry."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chengjie.core.errors import DomainError

# The years the calendar accepts at all: chinesecalendar starts at 2004; a notice is published for the
# coming year, so anything far outside this range is a typing mistake.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_NOTICE_BYTES = 1024 * 1024
# Past this many problems the file is plainly not a notice; listing more helps nobody.
MAX_PROBLEMS = 10
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WEEKDAY_NAMES = (_lazy("星期一"), _lazy("星期二"), _lazy("星期三"), _lazy("星期四"), _lazy("星期五"), _lazy("星期六"),
                 _lazy("星期日"))


@dataclass(frozen=True)
class NoticeDay:
    date: date
    name: str
    is_off_day: bool

    def as_json(self) -> dict:
        return {"date": self.date.isoformat(), "name": self.name, "is_off_day": self.is_off_day}


@dataclass(frozen=True)
class ParsedNotice:
    year: int
    papers: list[str]
    days: list[NoticeDay]
    text: str


def parse_iso_date(value: str) -> date | None:
    """A date written YYYY-MM-DD, or None."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _refuse(problems: list[str]) -> DomainError:
    shown = problems[:MAX_PROBLEMS]
    if len(problems) > MAX_PROBLEMS:
        shown.append(_("另有 %(count)d 处问题未列出") % {"count": len(problems) - MAX_PROBLEMS})
    return DomainError(_("节假日通知有误，未导入：") + "；".join(shown) + "。", field="file")


def _decode(content: bytes) -> tuple[str, object]:
    if len(content) > MAX_NOTICE_BYTES:
        raise _refuse([_("文件超过 1 MB，不像是节假日通知")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse([_("文件不是 UTF-8 编码的文本（第 %(pos)d 个字节）") % {"pos": exc.start + 1}]) from exc
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse([_("文件不是有效的 JSON：第 %(line)d 行第 %(col)d 列，%(msg)s")
                       % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}]) from exc


def _check_year(data: dict, problems: list[str]) -> int | None:
    year = data["year"]
    # JSON true/false are ints to Python; a year written 2026.0 is still the year 2026.
    if isinstance(year, bool) or not isinstance(year, (int, float)) or int(year) != year:
        problems.append(_("year 应为整数年份，实际是 %(value)s") % {"value": json.dumps(year, ensure_ascii=False)})
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(_("year %(year)d 不在 %(first)d–%(last)d 年之间")
                        % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR})
        return None
    return int(year)


def _check_papers(data: dict, problems: list[str]) -> list[str]:
    papers = data["papers"]
    if not isinstance(papers, list) or not all(isinstance(paper, str) for paper in papers):
        problems.append(_("papers 应为通知网址的列表"))
        return []
    return [paper.strip() for paper in papers if paper.strip()]


def _check_entry(number: int, entry: object, year: int | None, problems: list[str]) -> NoticeDay | None:
    where = _("第 %(number)d 条") % {"number": number}
    if not isinstance(entry, dict):
        problems.append(where + _("不是对象"))
        return None
    if missing := [key for key in ("name", "date", "isOffDay") if key not in entry]:
        problems.append(where + _("缺少 %(keys)s") % {"keys": "、".join(missing)})
        return None
    day = parse_iso_date(entry["date"])
    if day is None:
        problems.append(where + _("的日期 %(value)s 不是有效的 YYYY-MM-DD 日期")
                        % {"value": json.dumps(entry["date"], ensure_ascii=False)})
        return None
    where = _("第 %(number)d 条（%(date)s）") % {"number": number, "date": day.isoformat()}
    if not isinstance(entry["isOffDay"], bool):
        problems.append(where + _("的 isOffDay 应为 true 或 false"))
        return None
    if not isinstance(entry["name"], str) or not entry["name"].strip():
        problems.append(where + _("没有节日名称"))
        return None
    if year is not None and day.year != year:
        problems.append(where + _("不在通知的年份 %(year)d 年内") % {"year": year})
        return None
    if not entry["isOffDay"] and day.weekday() < 5:
        # 调休 moves a working day onto a weekend; a weekday listed as a working day changes nothing and
        # means the file is wrong (an off day mistyped, or a date shifted).
        problems.append(where + _("是%(weekday)s，本来就是工作日，不能列为调休上班日")
                        % {"weekday": WEEKDAY_NAMES[day.weekday()]})
        return None
    return NoticeDay(date=day, name=entry["name"].strip()[:50], is_off_day=entry["isOffDay"])


def _merge(entries: list[tuple[int, NoticeDay]], problems: list[str]) -> list[NoticeDay]:
    """One entry per date; the same date listed twice must say the same thing both times."""
    merged: dict[date, tuple[int, NoticeDay]] = {}
    for number, day in entries:
        if day.date not in merged:
            merged[day.date] = (number, day)
            continue
        first_number, first = merged[day.date]
        if first.is_off_day != day.is_off_day:
            off, work = (first_number, number) if first.is_off_day else (number, first_number)
            problems.append(_("%(date)s 既列为休息日（第 %(off)d 条）又列为上班日（第 %(work)d 条）")
                            % {"date": day.date.isoformat(), "off": off, "work": work})
        elif day.name != first.name:
            merged[day.date] = (first_number, NoticeDay(day.date, f"{first.name}、{day.name}"[:50], day.is_off_day))
    return [day for _number, day in sorted(merged.values(), key=lambda item: item[1].date)]


def notice_parse(content: bytes) -> ParsedNotice:
    """The notice in `content`, or DomainError naming every problem found (up to MAX_PROBLEMS)."""
    text, data = _decode(content)
    if not isinstance(data, dict):
        raise _refuse([_("文件的最外层应为对象（含 year、papers、days）")])
    problems: list[str] = []
    if missing := [key for key in ("year", "papers", "days") if key not in data]:
        raise _refuse([_("缺少 %(keys)s") % {"keys": "、".join(missing)}])
    year = _check_year(data, problems)
    papers = _check_papers(data, problems)
    if not isinstance(data["days"], list):
        raise _refuse([*problems, _("days 应为日期的列表")])
    if not data["days"]:
        raise _refuse([*problems, _("days 为空，通知没有列出任何日期")])
    entries = []
    for number, entry in enumerate(data["days"], start=1):
        if (day := _check_entry(number, entry, year, problems)) is not None:
            entries.append((number, day))
    days = _merge(entries, problems)
    if problems:
        raise _refuse(problems)
    return ParsedNotice(year=year, papers=papers, days=days, text=text)
