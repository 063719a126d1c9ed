"""The bulletin's tables, laid out once from its content for the web page, the Word document and the Excel
annex, and the differences between two versions' tables (what a correction lists).

A cell holds its text as written (`t`), its number where it has one (`v`, for the annex) and the key of the
rows behind it (`k`): "rows:<row>.<figure>.<span>" for the projects and month figures a figure was summed
from, "targets:<row>" for a target, "project:<id>" for one project."""

from __future__ import annotations

from decimal import Decimal

from . import arithmetic as ar
from .compute import TOTAL, figure, target
from .facts import LAST_YTD, MEASURE_BY_KEY, MONTH, NEW_STARTS, NEW_STARTS_MAJOR, RATES, YTD
from .models import Indicator

AMOUNT, COUNT, PERCENT, POINTS, TEXT = "amount", "count", "percent", "points", "text"


def cell(text: str, *, value=None, key: str | None = None, kind: str = TEXT) -> dict:
    """A figure without a value ("—": no target, no base) links nowhere: there are no rows behind it."""
    if value is None and kind != TEXT:
        key = None
    return {"t": text, "v": None if value is None else str(value), "k": key, "f": kind}


def _figure_cell(row: dict, measure: str, span: str, is_amount: bool) -> dict:
    value = figure(row, measure, span)
    return cell(ar.wan(value) if is_amount else ar.count(value), value=value,
                key=f"rows:{row['key']}.{measure}.{span}", kind=AMOUNT if is_amount else COUNT)


def _indicator_table(content: dict, measure: str) -> dict:
    spec, month = MEASURE_BY_KEY[measure], content["month"]
    headers = [content["row_word"], "年度目标", f"{content['span']}累计"]
    if measure == NEW_STARTS.key:
        headers.append("其中亿元以上")
    headers += ["完成年度目标", "较序时进度", f"{month}月当月", "去年同期累计", "同比增长"]
    rows = []
    for row in [*content["rows"], content["total"]]:
        done, plan, last = figure(row, measure, YTD), target(row, measure), figure(row, measure, LAST_YTD)
        ytd_key = f"rows:{row['key']}.{measure}.{YTD}"
        cells = [cell(row["name"]),
                 cell((ar.wan(plan) if spec.is_amount else ar.count(plan)) if plan is not None else ar.DASH,
                      value=plan, key=f"targets:{row['key']}", kind=AMOUNT if spec.is_amount else COUNT),
                 _figure_cell(row, measure, YTD, spec.is_amount)]
        if measure == NEW_STARTS.key:
            cells.append(_figure_cell(row, NEW_STARTS_MAJOR.key, YTD, False))
        share, gap = ar.percent(done, plan), ar.gap_points(done, plan, month)
        change = ar.change_percent(done, last)
        cells += [cell(ar.percent_text(share), value=share, key=ytd_key, kind=PERCENT),
                  cell(ar.points_text(gap), value=gap, key=ytd_key, kind=POINTS),
                  _figure_cell(row, measure, MONTH, spec.is_amount),
                  _figure_cell(row, measure, LAST_YTD, spec.is_amount),
                  cell(ar.percent_text(change), value=change, key=f"rows:{row['key']}.{measure}.{LAST_YTD}",
                       kind=PERCENT)]
        rows.append({"id": row["key"], "cells": cells})
    return {"key": measure, "title": f"{str(spec.label).split('（')[0]}完成情况",
            "unit": "万元" if spec.is_amount else "个", "note": "较序时进度为百分点，正数为超、负数为落后",
            "headers": headers, "rows": rows}


def _rates_table(content: dict) -> dict:
    headers = [content["row_word"]]
    for rate in RATES:
        headers += [str(rate.planned_label), str(rate.done_label), str(rate.label)]
    rows = []
    for row in [*content["rows"], content["total"]]:
        cells = [cell(row["name"])]
        for rate in RATES:
            done, due = row["rates"][rate.key]
            key = f"rows:{row['key']}.{rate.key}.{YTD}"
            value = ar.percent(Decimal(done), Decimal(due))
            cells += [cell(ar.count(Decimal(due)), value=due, key=key, kind=COUNT),
                      cell(ar.count(Decimal(done)), value=done, key=key, kind=COUNT),
                      cell(ar.percent_text(value), value=value, key=key, kind=PERCENT)]
        rows.append({"id": row["key"], "cells": cells})
    return {"key": "rates", "title": "开工率、投产率和纳统率", "unit": "个",
            "note": f"截至{content['month']}月底；开工、投产按节点计划（现行）日期在本月底前且年初尚未完成的项目计",
            "headers": headers, "rows": rows}


def _ranking_table(content: dict) -> dict:
    measure, month = Indicator.COMPLETED_INVESTMENT, content["month"]
    by_key = {row["key"]: row for row in content["rows"]}
    rows = []
    for key in content["ranking"]:
        row = by_key[key]
        done, plan = figure(row, measure, YTD), target(row, measure)
        ytd_key = f"rows:{key}.{measure}.{YTD}"
        share, gap = ar.percent(done, plan), ar.gap_points(done, plan, month)
        rows.append({"id": key, "cells": [
            cell(str(row["rank"]) if row["rank"] else ar.DASH, value=row["rank"], kind=COUNT),
            cell(row["name"]),
            cell(ar.wan(plan), value=plan, key=f"targets:{key}", kind=AMOUNT),
            _figure_cell(row, measure, YTD, True),
            cell(ar.percent_text(share), value=share, key=ytd_key, kind=PERCENT),
            cell(ar.points_text(gap), value=gap, key=ytd_key, kind=POINTS)]})
    return {"key": "ranking", "title": "完成固定资产投资排名", "unit": "万元",
            "note": "按完成投资占年度计划的比例排名，比例相同按完成额，未下达目标的不排名；较序时进度为百分点",
            "headers": ["名次", content["row_word"], "年度目标", f"{content['span']}累计完成",
                        "完成年度目标", "较序时进度"], "rows": rows}


def _warning_tables(content: dict) -> list[dict]:
    counts: dict[str, dict] = {}
    for item in content["warnings"]:
        entry = counts.setdefault(item["row"], {"name": item["row_name"], "red": 0, "yellow": 0})
        entry[item["colour"]] += 1
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1]["red"], -pair[1]["yellow"], pair[1]["name"]))
    rows = [{"id": key, "cells": [
        cell(entry["name"]),
        cell(str(entry["red"]), value=entry["red"], key=f"rows:{key}.warnings.red", kind=COUNT),
        cell(str(entry["yellow"]), value=entry["yellow"], key=f"rows:{key}.warnings.yellow", kind=COUNT)]}
        for key, entry in ordered]
    reds = sum(entry["red"] for entry in counts.values())
    yellows = sum(entry["yellow"] for entry in counts.values())
    rows.append({"id": TOTAL, "cells": [cell("合计"), cell(str(reds), value=reds, key=f"rows:{TOTAL}.warnings.red",
                                                          kind=COUNT),
                                        cell(str(yellows), value=yellows, key=f"rows:{TOTAL}.warnings.yellow",
                                             kind=COUNT)]})
    items = [{"id": f"{item['row']}:{item['project_id']}:{item['node']}", "cells": [
        cell(item["row_name"]), cell("红牌" if item["colour"] == "red" else "黄牌"),
        cell(item["project"], key=f"project:{item['project_id']}"), cell(item["node"] or "项目整体"),
        cell(item["reason"])]} for item in sorted(content["warnings"], key=_item_order)]
    return [{"key": "warning_counts", "title": "红黄牌事项分布", "unit": "项", "note": f"{content['month']}月预警记录",
             "headers": [content["row_word"], "红牌", "黄牌"], "rows": rows},
            {"key": "warning_items", "title": "红黄牌事项清单", "unit": "", "note": "",
             "headers": [content["row_word"], "颜色", "项目", "节点", "情况"], "rows": items}]


def _item_order(item: dict):
    return (item["colour"] != "red", item["row_name"], item["code"], item["node"])


TABLE_MEASURES = [Indicator.SIGNED_COUNT, Indicator.SIGNED_AMOUNT, Indicator.OUT_OF_PROVINCE_FUNDS,
                  Indicator.COMPLETED_INVESTMENT, Indicator.NEW_STARTS, Indicator.NEW_PRODUCTION]


def build_tables(content: dict) -> list[dict]:
    """Every table of the bulletin, numbered 表1, 表2 … in the order the document carries them."""
    tables = [_indicator_table(content, measure) for measure in TABLE_MEASURES]
    tables += [_rates_table(content), _ranking_table(content), *_warning_tables(content)]
    if content.get("changes"):
        tables.append(changes_table(content))
    for number, table in enumerate(tables, 1):
        table["number"] = number
    return tables


# --- what a correction changed


def diff(old_tables: list[dict], new_tables: list[dict]) -> list[dict]:
    """Every cell whose text differs between two versions' tables, and rows that appear or vanish, in the
    new version's order. The list of changes itself is not compared."""
    old_by_key = {table["key"]: table for table in old_tables}
    changes = []
    for table in new_tables:
        if table["key"] == "changes":
            continue
        old = old_by_key.get(table["key"], {"rows": [], "headers": table["headers"]})
        old_rows = {row["id"]: row for row in old["rows"]}
        new_ids = set()
        for row in table["rows"]:
            new_ids.add(row["id"])
            before = old_rows.get(row["id"])
            label = row["cells"][0]["t"] if table["key"] != "ranking" else row["cells"][1]["t"]
            for index, header in enumerate(table["headers"]):
                now = row["cells"][index]["t"]
                was = before["cells"][index]["t"] if before else "（无）"
                if now != was and not (table["key"] == "ranking" and index == 1):
                    changes.append({"table": table["title"], "row": label, "column": header, "old": was, "new": now})
        for row_id, row in old_rows.items():
            if row_id not in new_ids:
                label = row["cells"][0]["t"] if table["key"] != "ranking" else row["cells"][1]["t"]
                changes.append({"table": table["title"], "row": label, "column": "（整行）", "old": "、".join(
                    c["t"] for c in row["cells"]), "new": "（无）"})
    return changes


def changes_table(content: dict) -> dict:
    previous = content.get("previous_version", 1)
    rows = [{"id": str(index), "cells": [cell(change["table"]), cell(change["row"]), cell(change["column"]),
                                         cell(change["old"]), cell(change["new"])]}
            for index, change in enumerate(content["changes"], 1)]
    return {"key": "changes", "title": f"更正对照（与第{previous}版相比）", "unit": "", "note": "",
            "headers": ["表", content["row_word"], "项目", f"第{previous}版", f"第{content.get('version', previous + 1)}版"],
            "rows": rows}
