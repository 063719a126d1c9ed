"""The rows behind one figure of a bulletin: the projects it was summed from, with the dates and month
figures that made each count. Works on the same facts and rules the figure was computed with, so the
rows always add up to the figure (the live ones for a preview, the frozen ones for a published bulletin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from chengjie.projects.models import ProjectType

from . import arithmetic as ar
from .compute import TOTAL, thresholds_of
from .facts import (
    LAST_YTD,
    MEASURE_BY_KEY,
    MONTH,
    RATE_BY_KEY,
    YTD,
    ProjectFact,
    measure_value,
    rate_membership,
    windows,
)
from .models import Indicator

SPAN_LABELS = {YTD: "累计", MONTH: "当月", LAST_YTD: "去年同期累计"}
WARNINGS = "warnings"
COLOURS = {"red": "红牌", "yellow": "黄牌"}


@dataclass
class Drill:
    title: str
    headers: list[str]
    rows: list[dict] = field(default_factory=list)  # {"project_id", "cells": [str]}
    total: str = ""
    note: str = ""


def parse_key(content: dict, key: str) -> tuple[str, str, str] | None:
    """"u12.completed_investment.ytd" → its parts, when they name a row, figure and span of this bulletin."""
    parts = key.split(".")
    if len(parts) != 3:
        return None
    row, measure, span = parts
    rows = {r["key"] for r in content["rows"]} | {TOTAL} | {item["row"] for item in content["warnings"]}
    if row not in rows:
        return None
    if measure in MEASURE_BY_KEY and span in SPAN_LABELS:
        return row, measure, span
    if measure in RATE_BY_KEY and span == YTD:
        return row, measure, span
    if measure == WARNINGS and span in COLOURS:
        return row, measure, span
    return None


def row_name(content: dict, row: str) -> str:
    if row == TOTAL:
        return content["scope_word"]
    names = {r["key"]: r["name"] for r in content["rows"]} | {i["row"]: i["row_name"] for i in content["warnings"]}
    return names.get(row, row)


def _span_text(content: dict, span: str) -> str:
    if span == MONTH:
        return f"{content['year']}年{content['month']}月"
    year = content["year"] - (1 if span == LAST_YTD else 0)
    return f"{year}年{content['span']}"


def drill(content: dict, facts: list[ProjectFact], key: tuple[str, str, str]) -> Drill:
    row, measure, span = key
    facts = [fact for fact in facts if row == TOTAL or fact.row == row]
    if measure == WARNINGS:
        return _warnings(content, row, span)
    if measure in RATE_BY_KEY:
        return _rate(content, facts, row, measure)
    return _measure(content, facts, row, measure, span)


def _measure(content: dict, facts: list[ProjectFact], row: str, measure: str, span: str) -> Drill:
    spec = MEASURE_BY_KEY[measure]
    window = windows(date(content["year"], content["month"], 1))[span]
    thresholds = thresholds_of(content)
    counted = [(fact, measure_value(fact, measure, window, thresholds(fact.county, window.end.year)))
               for fact in facts]
    counted = [(fact, value) for fact, value in counted if value]
    title = f"{row_name(content, row)} · {spec.label} · {_span_text(content, span)}"
    if measure in (Indicator.OUT_OF_PROVINCE_FUNDS, Indicator.COMPLETED_INVESTMENT):
        index = 1 if measure == Indicator.OUT_OF_PROVINCE_FUNDS else 2
        months = sorted({month for fact, _v in counted for month, _values in fact.months_in(window)})
        result = Drill(title=title, headers=["项目编号", "项目名称", *[f"{m[:4]}年{int(m[5:])}月" for m in months], "合计（万元）"],
                       note="按各项目填报的月度数据（万元）")
        for fact, value in counted:
            by_month = dict(fact.months_in(window))
            result.rows.append({"project_id": fact.id, "cells": [
                fact.code, fact.name, *[ar.wan(by_month[m][index]) if m in by_month else "" for m in months],
                ar.wan(value)]})
    else:
        date_header, date_of = {
            Indicator.SIGNED_COUNT: ("签约日期", lambda f: f.signed_on),
            Indicator.SIGNED_AMOUNT: ("签约日期", lambda f: f.signed_on),
            Indicator.NEW_STARTS: ("开工日期", lambda f: f.started_on),
            "new_starts_major": ("开工日期", lambda f: f.started_on),
            Indicator.NEW_PRODUCTION: ("投产日期", lambda f: f.production_on),
        }[measure]
        result = Drill(title=title, headers=["项目编号", "项目名称", "项目类型", date_header, "协议投资（万元）"])
        if measure in (Indicator.SIGNED_COUNT, Indicator.SIGNED_AMOUNT):
            result.note = "协议投资达到所在县当年计入标准的签约项目"
        for fact, _value in counted:
            result.rows.append({"project_id": fact.id, "cells": [
                fact.code, fact.name, str(ProjectType(fact.project_type).label) if fact.project_type in
                ProjectType.values else fact.project_type, f"{date_of(fact):%Y-%m-%d}", ar.wan(fact.contracted)]})
    total = sum((value for _fact, value in counted), Decimal(0))
    result.total = ar.wan(total) if spec.is_amount else ar.count(total)
    return result


def _rate(content: dict, facts: list[ProjectFact], row: str, measure: str) -> Drill:
    rate = RATE_BY_KEY[measure]
    period = date(content["year"], content["month"], 1)
    title = f"{row_name(content, row)} · {rate.label} · 截至{content['year']}年{content['month']}月底"
    if measure == "stats_rate":
        headers = ["项目编号", "项目名称", "开工日期", "纳统日期", "是否计入"]
    else:
        headers = ["项目编号", "项目名称", "计划日期（现行）", "实际日期", "是否计入"]
    result = Drill(title=title, headers=headers)
    done = due = 0
    for fact in facts:
        in_base, in_count = rate_membership(fact, measure, period)
        if not in_base:
            continue
        due += 1
        done += in_count
        if measure == "stats_rate":
            dates = (fact.started_on, fact.stats_on)
        elif measure == "start_rate":
            dates = (fact.start_planned, fact.started_on)
        else:
            dates = (fact.production_planned, fact.production_on)
        result.rows.append({"project_id": fact.id, "cells": [
            fact.code, fact.name, *[f"{d:%Y-%m-%d}" if d else "" for d in dates],
            str(rate.done_label) if in_count else "否"]})
    result.total = f"{done} / {due}，{rate.label}{ar.percent_text(ar.percent(Decimal(done), Decimal(due)))}"
    return result


def _warnings(content: dict, row: str, colour: str) -> Drill:
    items = [item for item in content["warnings"] if item["colour"] == colour and (row == TOTAL or item["row"] == row)]
    result = Drill(title=f"{row_name(content, row)} · {COLOURS[colour]} · {content['year']}年{content['month']}月",
                   headers=["项目编号", "项目名称", "节点", "情况"])
    for item in items:
        result.rows.append({"project_id": item["project_id"],
                            "cells": [item["code"], item["project"], item["node"] or "项目整体", item["reason"]]})
    result.total = str(len(items))
    return result
