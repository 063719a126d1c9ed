"""The monthly bulletin worked out from its facts: per row (a unit of a county, or a county of a city or
province) and for the whole, each figure for the year to date, the month and the same stretch of last year,
against the annual target; the rates; the red and yellow items; the ranking; the sentences.

The rules a reader would ask about:

* Rows. A county's bulletin has one row per unit that has a target for the year or a project counted in
  it; a city's or province's has one row per county. A county's target is the sum of its units' targets
  (a county without any unit target for an indicator has none): targets are set once, by each county's
  bureau, and every level above adds them up.
* Attribution. A project's figures all belong to the unit that was its introducing unit at the end of the
  bulletin's month — the year to date and last year's stretch included, so the year-on-year change compares
  like with like. A project handed over in November counts for its old unit in October's bulletin and for
  its new one from November's on (see `chengjie.projects.models.ProjectTransfer`).
* Signings count when the contracted investment meets the county's threshold for that year and type
  (default ≥3,000万 industrial, ≥1亿 other); last year's signings by last year's thresholds, as last
  year's bulletins counted them.
* Ranking: by completed fixed-asset investment as a share of the annual target (unrounded), ties by the
  amount completed, then by name; rows without that target follow, unranked, by amount.
* Red and yellow items: the supervision colour records of the month. A node's item belongs to the node's
  responsible unit at the end of the month (a node handed over with its project in November is its old
  unit's in October's bulletin); a project-level finding (investment lag, 纳统) with no warned node behind
  it belongs to the project's row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from . import arithmetic as ar
from .facts import (
    COMPLETED,
    LAST_YTD,
    MEASURES,
    MONTH,
    NEW_STARTS,
    NEW_STARTS_MAJOR,
    RATES,
    YTD,
    ProjectFact,
    Thresholds,
    measure_value,
    period_code,
    rate_membership,
    span_label,
    windows,
)

SCHEMA = 1
TOTAL = "total"
SPANS = (YTD, MONTH, LAST_YTD)


@dataclass
class WarningItem:
    row: str
    colour: str  # "red" or "yellow"
    project_id: int
    code: str
    project: str
    node: str
    reason: str

    def to_json(self) -> dict:
        return {"row": self.row, "colour": self.colour, "project_id": self.project_id, "code": self.code,
                "project": self.project, "node": self.node, "reason": self.reason}


@dataclass
class BulletinInput:
    division_code: str
    division_name: str
    group_by: str  # "unit" or "county"
    period: date
    facts: list[ProjectFact]
    rows: list[tuple[str, str]]  # (row key, name), in table order
    targets: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    thresholds: dict[tuple[str, int], Thresholds] = field(default_factory=dict)
    county_names: dict[str, str] = field(default_factory=dict)
    warnings: list[WarningItem] = field(default_factory=list)
    warning_rows: dict[str, str] = field(default_factory=dict)  # rows named only by a warning

    def thresholds_for(self, county: str, year: int) -> Thresholds:
        return self.thresholds.get((county, year)) or Thresholds()

    @property
    def scope_word(self) -> str:
        """全县 / 全市 / 全区 / 全省, from the last character of the division's name."""
        last = self.division_name[-1:] if self.division_name else ""
        return f"全{last}" if last in {"县", "市", "区", "省", "旗"} else "全域"

    @property
    def row_word(self) -> str:
        return "单位" if self.group_by == "unit" else "县（市、区）"


def _figures(facts: list[ProjectFact], inp: BulletinInput) -> dict[str, dict[str, Decimal]]:
    spans = windows(inp.period)
    totals = {measure.key: {span: Decimal(0) for span in SPANS} for measure in MEASURES}
    for fact in facts:
        for span, window in spans.items():
            thresholds = inp.thresholds_for(fact.county, window.end.year)
            for measure in MEASURES:
                totals[measure.key][span] += measure_value(fact, measure.key, window, thresholds)
    return totals


def _rates(facts: list[ProjectFact], period: date) -> dict[str, tuple[int, int]]:
    """rate → (done, planned)."""
    result = {}
    for rate in RATES:
        members = [rate_membership(fact, rate.key, period) for fact in facts]
        result[rate.key] = (sum(1 for due, done in members if done), sum(1 for due, _done in members if due))
    return result


def _row(key: str, name: str, facts: list[ProjectFact], targets: dict[str, Decimal], inp: BulletinInput) -> dict:
    figures = _figures(facts, inp)
    return {
        "key": key, "name": name,
        "figures": {measure.key: {**{span: str(figures[measure.key][span]) for span in SPANS},
                                  "target": str(targets[measure.target]) if measure.target in targets else None}
                    for measure in MEASURES},
        "rates": {rate: list(values) for rate, values in _rates(facts, inp.period).items()},
    }


def figure(row: dict, measure: str, span: str) -> Decimal:
    return Decimal(row["figures"][measure][span])


def target(row: dict, measure: str) -> Decimal | None:
    value = row["figures"][measure]["target"]
    return None if value is None else Decimal(value)


def _total_targets(inp: BulletinInput) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for row_targets in inp.targets.values():
        for indicator, value in row_targets.items():
            totals[indicator] = totals.get(indicator, Decimal(0)) + value
    return totals


def ranking(rows: list[dict]) -> list[str]:
    """Row keys in ranking order (see the module's rules); rows without the target come last."""
    def key(row):
        done = figure(row, COMPLETED.key, YTD)
        ratio = ar.share(done, target(row, COMPLETED.key))
        return (ratio is None, -(ratio or 0), -done, row["name"])
    return [row["key"] for row in sorted(rows, key=key)]


def compute(inp: BulletinInput) -> dict:
    """The bulletin's content as JSON-ready data: numbers as strings, unrounded; text as written."""
    by_row: dict[str, list[ProjectFact]] = defaultdict(list)
    for fact in inp.facts:
        by_row[fact.row].append(fact)
    rows = [_row(key, name, by_row.get(key, []), inp.targets.get(key, {}), inp) for key, name in inp.rows]
    total = _row(TOTAL, "合计", inp.facts, _total_targets(inp), inp)
    order = ranking(rows)
    ranked = [key for key in order if target(_find(rows, key), COMPLETED.key) is not None]
    for row in rows:
        row["rank"] = ranked.index(row["key"]) + 1 if row["key"] in ranked else None
    names = dict(inp.rows) | inp.warning_rows
    content = {
        "schema": SCHEMA,
        "division": {"code": inp.division_code, "name": inp.division_name},
        "group_by": inp.group_by,
        "scope_word": inp.scope_word,
        "row_word": inp.row_word,
        "period": period_code(inp.period),
        "year": inp.period.year,
        "month": inp.period.month,
        "span": span_label(inp.period.month),
        "thresholds": _thresholds(inp),
        "rows": rows,
        "total": total,
        "ranking": order,
        "warnings": [item.to_json() | {"row_name": names.get(item.row, "")} for item in inp.warnings],
    }
    content["sentences"] = sentences(content)
    return content


def _find(rows: list[dict], key: str) -> dict:
    return next(row for row in rows if row["key"] == key)


def _thresholds(inp: BulletinInput) -> list[dict]:
    counties = sorted({fact.county for fact in inp.facts} | {county for county, _year in inp.thresholds})
    if not counties and inp.group_by == "unit":
        counties = [inp.division_code[:6]]
    year = inp.period.year
    return [{"county": county, "name": inp.county_names.get(county, ""),
             "industrial": str(inp.thresholds_for(county, year).industrial),
             "other": str(inp.thresholds_for(county, year).other),
             "last_industrial": str(inp.thresholds_for(county, year - 1).industrial),
             "last_other": str(inp.thresholds_for(county, year - 1).other)} for county in counties]


def thresholds_of(content: dict):
    """The thresholds a bulletin counted with, as `BulletinInput.thresholds_for` gives them."""
    year, table = content["year"], {}
    for entry in content["thresholds"]:
        table[(entry["county"], year)] = Thresholds(Decimal(entry["industrial"]), Decimal(entry["other"]))
        table[(entry["county"], year - 1)] = Thresholds(Decimal(entry["last_industrial"]), Decimal(entry["last_other"]))
    return lambda county, when: table.get((county, when)) or Thresholds()


# --- the sentences a bulletin carries

_CLAUSES = [  # (measure, how the sentence names it, counted in 个)
    ("signed_count", "新签约项目", True),
    ("signed_amount", "新签约项目协议投资", False),
    ("out_of_province_funds", "累计到位省外资金", False),
    ("completed_investment", "累计完成投资", False),
    ("new_starts", "新开工项目", True),
    ("new_production", "新竣工投产项目", True),
]


def _value_text(value: Decimal, is_count: bool) -> str:
    return f"{int(value)}个" if is_count else ar.amount_text(value)


def figure_sentence(row: dict, measure: str, label: str, is_count: bool, *, span: str, month: int) -> str:
    """"1-10月累计完成投资629.00亿元，占年度计划的97.2%，超序时进度13.8个百分点，同比增长5.0%。" """
    done, plan = figure(row, measure, YTD), target(row, measure)
    text = f"{span}{label}{_value_text(done, is_count)}"
    if measure == NEW_STARTS.key:
        text += f"（其中亿元以上{int(figure(row, NEW_STARTS_MAJOR.key, YTD))}个）"
    if plan is None:
        text += "，年度目标未下达"
    else:
        text += f"，占年度计划的{ar.percent(done, plan)}%，{ar.gap_phrase(ar.gap_points(done, plan, month))}"
    if change := ar.change_phrase(ar.change_percent(done, figure(row, measure, LAST_YTD))):
        text += f"，{change}"
    return text + "。"


def _names(content: dict, keys: list[str]) -> str:
    names = {row["key"]: row["name"] for row in content["rows"]}
    return "、".join(names[key] for key in keys)


def sentences(content: dict) -> dict[str, list[str]]:
    total, span, month = content["total"], content["span"], content["month"]
    overview = [figure_sentence(total, measure, label, is_count, span=span, month=month)
                for measure, label, is_count in _CLAUSES]
    if len(content["thresholds"]) == 1:
        rule = content["thresholds"][0]
        overview.append(f"新签约项目按协议投资工业项目{ar.threshold_text(Decimal(rule['industrial']))}及以上、"
                        f"其他项目{ar.threshold_text(Decimal(rule['other']))}及以上计入。")
    elif content["thresholds"]:
        overview.append(f"新签约项目按各{content['row_word']}当年的计入标准统计。")
    rates = total["rates"]

    def rate_clause(key: str, planned: str, done: str, name: str) -> str:
        reached, due = rates[key]
        return f"{planned}{due}个、{done}{reached}个，{name}{ar.percent_text(ar.percent(Decimal(reached), Decimal(due)))}"

    rate_text = (f"截至{month}月底，" + rate_clause("start_rate", "计划开工项目", "已开工", "开工率") + "；"
                 + rate_clause("production_rate", "计划竣工投产项目", "已投产", "投产率") + "；"
                 + rate_clause("stats_rate", "本年新开工项目", "已纳统", "纳统率") + "。")
    warnings = content["warnings"]
    reds = [item for item in warnings if item["colour"] == "red"]
    if warnings:
        per_row: dict[str, int] = defaultdict(int)
        for item in reds:
            per_row[item["row_name"]] += 1
        worst = sorted(per_row.items(), key=lambda pair: (-pair[1], pair[0]))[:3]
        warning_text = (f"{month}月共有红牌事项{len(reds)}项、黄牌事项{len(warnings) - len(reds)}项，"
                        f"涉及{len({item['row'] for item in warnings})}个{content['row_word']}")
        if worst:
            warning_text += "，红牌较多的是" + "、".join(f"{name}（{n}项）" for name, n in worst)
        warning_text += "。"
    else:
        warning_text = f"{month}月无红牌、黄牌事项。"
    ranked = [row["key"] for row in sorted((r for r in content["rows"] if r["rank"]), key=lambda r: r["rank"])]
    if not ranked:
        ranking_text = f"各{content['row_word']}尚未下达完成固定资产投资年度目标，本期不排名。"
    elif len(ranked) <= 6:
        ranking_text = f"按完成固定资产投资占年度计划的比例排名，依次是{_names(content, ranked)}。"
    else:
        ranking_text = (f"按完成固定资产投资占年度计划的比例排名，前三位是{_names(content, ranked[:3])}；"
                        f"后三位是{_names(content, ranked[-3:])}。")
    return {"overview": overview, "rates": [rate_text], "warnings": [warning_text], "ranking": [ranking_text]}
