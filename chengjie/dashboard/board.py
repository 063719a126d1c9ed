"""The dashboard's panels: the selectors' figures laid out as charts, each chart carrying the table of
its own numbers and the link behind every number (the page draws the chart from the same data it prints
in the table, so the two cannot disagree)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from chengjie.bulletins import arithmetic
from chengjie.projects.models import Milestone

from . import selectors, services, snapshots
from .links import COMPLETED, FUNDS, Links
from .selectors import COUNTY, STAGES, STEPS, DashboardQuery

COUNT, ITEMS, AMOUNT, DAYS, PERCENT = "count", "items", "amount", "days", "percent"


@dataclass
class Series:
    name: str
    values: list
    links: list
    unit: str = COUNT  # how the numbers read: count (个), items (项), amount (万元), days or percent
    kind: str = "bar"  # bar or line, for the trend
    counts: list | None = None  # days: how many projects each median is over
    drawn: bool = True  # drawn in the chart, or only in its table


@dataclass
class Chart:
    id: str
    title: str
    kind: str  # funnel, bars (horizontal, one row per category) or trend (months across)
    categories: list[str]  # short names, drawn
    labels: list[str]  # full names, in the table
    series: list[Series]
    note: str = ""
    category_header: str = ""
    palette: str = ""  # "red" for the red items

    @property
    def empty(self) -> bool:
        return not any(value for s in self.series for value in s.values if value)

    def spec(self) -> dict:
        """What dashboard.js draws (numbers as floats: JSON has no decimal)."""
        drawn = [s for s in self.series if s.drawn]
        return {"kind": self.kind, "title": self.title, "categories": self.categories, "palette": self.palette,
                "series": [{"name": s.name, "type": s.kind, "unit": s.unit, "links": s.links,
                            "values": [None if v is None else float(v) for v in s.values]} for s in drawn]}

    def spec_json(self) -> str:
        """The spec for a data attribute: htmx drops <script> elements from what it swaps in
        (allowScriptTags is off), so a json_script block would not survive a filter change."""
        return json.dumps(self.spec(), ensure_ascii=False)

    def table(self) -> list[dict]:
        return [{"label": label, "cells": [_cell(s, i) for s in self.series]} for i, label in enumerate(self.labels)]


def _cell(series: Series, index: int) -> dict:
    """A table cell: its text, its link and, written here once rather than by the template for each of a
    comparison's thousand cells, its HTML."""
    value = series.values[index]
    count = series.counts[index] if series.counts else None
    # Nothing counted has no rows to show; a median of 0 days (two milestones the same day) has.
    link = series.links[index] if value is not None and (value != 0 or series.unit == DAYS) else None
    text = _format(value, series.unit)
    html = format_html('<a href="{}">{}</a>', link, text) if link else escape(text)
    if count is not None:
        html = format_html("{} <small>（{}）</small>", html, count)
    return {"text": text, "link": link, "count": count, "html": html}


def _format(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == AMOUNT:
        return f"{Decimal(value):,.2f}"
    if unit == DAYS:
        return f"{value:.1f}".removesuffix(".0")
    if unit == PERCENT:
        return f"{value}%"
    return f"{value:,}"


@dataclass
class Board:
    query: DashboardQuery
    today: date
    compare_label: str
    headline: list[dict] = field(default_factory=list)
    charts: dict[str, Chart] = field(default_factory=dict)
    ranking: list[dict] = field(default_factory=list)
    red: selectors.RedList | None = None
    red_link: str = ""
    computed_at: datetime | None = None  # when the counties' snapshots were computed, for a comparison of counties


def stage_label(stage: str) -> str:
    return str(Milestone(stage).label)


def build(query: DashboardQuery, *, today: date | None = None) -> Board:
    today = today or timezone.localdate()
    computed_at = None
    if query.compare == COUNTY and not query.filtered:
        stale = snapshots.to_refresh(query, now=timezone.now())
        if stale:
            services.county_snapshots_refresh(year=query.year, counties=stale, today=today)
        found = snapshots.comparison(query, today=today)
        pipeline, monthly, reached, red = found.pipeline, found.monthly, found.milestones, found.red
        computed_at = found.computed_at
    else:
        pipeline = selectors.pipeline(query)
        monthly = selectors.monthly(query)
        reached = selectors.milestones(query)
        red = selectors.red_list(query, today=today)
    targets = selectors.investment_targets(query)
    keys = (set(pipeline.by_key) | set(monthly.completed_by_key) | set(monthly.funds_by_key) | set(reached.reached)
            | set(red.counts) | set(targets))
    names = selectors.names(query, keys=keys, parks=set(pipeline.by_park), groups=set(pipeline.by_group))
    links = Links(query, inactive=names.inactive)
    compare_label = _("县（市、区）") if query.compare == COUNTY else _("单位")
    board = Board(query=query, today=today, compare_label=compare_label, red=red, red_link=links.red(),
                  computed_at=computed_at)
    board.headline = _headline(pipeline, monthly, reached, red, links)
    board.charts["funnel"] = _funnel(query, pipeline, links)
    board.charts["by_key"] = _stage_bars("by_key", _("按%(what)s") % {"what": compare_label}, pipeline.by_key,
                                         names.keys, lambda key, stage: links.pipeline(stage, key=key),
                                         header=compare_label)
    if query.compare != COUNTY:
        parks = {pk: (name, name) for pk, name in names.parks.items()}
        groups = {pk: (name, name) for pk, name in names.groups.items()}
        board.charts["by_park"] = _stage_bars("by_park", _("按园区"), pipeline.by_park, parks,
                                              lambda park, stage: links.pipeline(stage, park=park), header=_("园区"))
        board.charts["by_group"] = _stage_bars("by_group", _("按产业工作组"), pipeline.by_group, groups,
                                               lambda group, stage: links.pipeline(stage, group=group),
                                               header=_("产业工作组"))
    board.charts["trend"] = _trend(query, monthly, links, today)
    board.ranking = _ranking(pipeline, monthly, reached, targets, names, links)
    board.charts["ranking"] = _ranking_chart(board.ranking, compare_label)
    board.charts["speed"] = _speed(reached, names, links, compare_label)
    board.charts["red"] = _red_chart(red, names, links, compare_label, by_unit=query.compare != COUNTY)
    return board


def _headline(pipeline, monthly, reached, red, links: Links) -> list[dict]:
    """The year at a glance; amounts to the whole 万元 (the charts' tables keep the fen)."""
    def whole(amounts) -> str:
        return f"{sum(amounts, Decimal(0)):,.0f}"

    return [
        {"label": _("签约项目（个）"), "text": _format(pipeline.total[Milestone.SIGNED], COUNT),
         "link": links.pipeline(Milestone.SIGNED)},
        {"label": _("签约金额（万元）"), "text": whole(pipeline.signed_amount.values()),
         "link": links.pipeline(Milestone.SIGNED)},
        {"label": _("到位资金（万元）"), "text": whole(monthly.funds.values()), "link": links.figures(FUNDS)},
        {"label": _("完成投资（万元）"), "text": whole(monthly.completed.values()), "link": links.figures(COMPLETED)},
        {"label": _("新开工（个）"), "text": _format(reached.reached_total[Milestone.STARTED], COUNT),
         "link": links.reached(Milestone.STARTED)},
        {"label": _("新投产（个）"), "text": _format(reached.reached_total[Milestone.PRODUCTION], COUNT),
         "link": links.reached(Milestone.PRODUCTION)},
        {"label": _("红色事项（项）"), "text": _format(red.total, COUNT), "link": links.red(), "red": True},
    ]


def _funnel(query, pipeline, links: Links) -> Chart:
    labels = [stage_label(stage) for stage in STAGES]
    series = Series(name=_("项目数"), values=[pipeline.total[stage] for stage in STAGES],
                    links=[links.pipeline(stage) for stage in STAGES])
    return Chart(id="funnel", title=_("项目推进漏斗"), kind="funnel", categories=labels, labels=labels,
                 series=[series], category_header=_("节点"),
                 note=_("%(year)s年签约的项目，按今天已到达的最远节点累计（已投产的项目也计入已供地、已开工）。")
                 % {"year": query.year})


def _stage_bars(chart_id: str, title: str, table: dict, names: dict, link, *, header: str) -> Chart:
    keys = sorted(table, key=lambda key: (-table[key][Milestone.SIGNED], names.get(key, ("", ""))[1]))
    series = [Series(name=stage_label(stage), values=[table[key][stage] for key in keys],
                     links=[link(key, stage) for key in keys]) for stage in STAGES]
    return Chart(id=chart_id, title=title, kind="bars", categories=[names.get(k, (str(k),))[0] for k in keys],
                 labels=[names.get(k, (str(k), str(k)))[1] for k in keys], series=series, category_header=header)


def _trend(query, monthly, links: Links, today: date) -> Chart:
    last = today.month if query.year == today.year else 12
    months = list(range(1, last + 1)) if query.year <= today.year else []
    labels = [_("%(month)s月") % {"month": month} for month in months]
    series = [
        Series(name=_("签约金额"), unit=AMOUNT, values=[monthly.signed_amount.get(m, Decimal(0)) for m in months],
               links=[links.pipeline(Milestone.SIGNED, month=m) for m in months]),
        Series(name=_("到位资金"), unit=AMOUNT, kind="line", values=[monthly.funds.get(m, Decimal(0)) for m in months],
               links=[links.figures(FUNDS, month=m) for m in months]),
        Series(name=_("完成投资"), unit=AMOUNT, kind="line",
               values=[monthly.completed.get(m, Decimal(0)) for m in months],
               links=[links.figures(COMPLETED, month=m) for m in months]),
        Series(name=_("签约项目数"), values=[monthly.signed_count.get(m, 0) for m in months],
               links=[links.pipeline(Milestone.SIGNED, month=m) for m in months], drawn=False),
    ]
    return Chart(id="trend", title=_("月度趋势（万元）"), kind="trend", categories=labels, labels=labels, series=series,
                 category_header=_("月份"),
                 note=_("签约金额按签约月份；到位资金、完成投资为各项目当月填报数之和。"))


def _ranking(pipeline, monthly, reached, targets: dict, names, links: Links) -> list[dict]:
    """The monthly bulletin's ranking rule (bulletins/compute.py), so the two never rank differently: by
    completed investment as a share of the year's target, unrounded, ties by the amount, then by name;
    rows without a target follow, unranked, by amount."""
    keys = (set(pipeline.by_key) | set(monthly.completed_by_key) | set(monthly.funds_by_key) | set(reached.reached)
            | set(targets))
    rows = []
    for key in keys:
        counts = reached.reached.get(key, {})
        completed = monthly.completed_by_key.get(key, Decimal(0))
        rows.append({
            "key": key, "name": names.keys.get(key, (str(key), str(key)))[1],
            "short_name": names.keys.get(key, (str(key),))[0],
            "completed": completed, "target": targets.get(key), "share": arithmetic.share(completed, targets.get(key)),
            "percent": arithmetic.percent(completed, targets.get(key)),
            "funds": monthly.funds_by_key.get(key, Decimal(0)),
            "started": counts.get(Milestone.STARTED, 0), "production": counts.get(Milestone.PRODUCTION, 0),
            "signed": pipeline.by_key.get(key, {}).get(Milestone.SIGNED, 0),
            "signed_amount": pipeline.signed_amount.get(key, Decimal(0)),
            "links": {"completed": links.figures(COMPLETED, key=key), "funds": links.figures(FUNDS, key=key),
                      "percent": links.figures(COMPLETED, key=key), "target": None,
                      "started": links.reached(Milestone.STARTED, key=key),
                      "production": links.reached(Milestone.PRODUCTION, key=key),
                      "signed": links.pipeline(Milestone.SIGNED, key=key),
                      "signed_amount": links.pipeline(Milestone.SIGNED, key=key)},
        })
    rows.sort(key=lambda row: (row["share"] is None, -(row["share"] or 0), -row["completed"], row["name"]))
    ranked = [row for row in rows if row["share"] is not None]
    for row in rows:
        row["rank"] = ranked.index(row) + 1 if row["share"] is not None else None
    return rows


def _ranking_chart(ranking: list[dict], compare_label: str) -> Chart:
    def series(name, field_name, unit, drawn=False):
        return Series(name=name, unit=unit, drawn=drawn, values=[row[field_name] for row in ranking],
                      links=[row["links"][field_name] for row in ranking])

    with_targets = any(row["rank"] for row in ranking)
    note = (_("按本年完成投资占年度目标的比例排名（与月通报相同），相同时按完成额；未下达目标的%(what)s不排名，按完成额列后。")
            if with_targets else _("尚未下达完成投资年度目标，不排名，按本年完成投资排列。")) % {"what": compare_label}
    return Chart(id="ranking", title=_("%(what)s排名") % {"what": compare_label}, kind="bars",
                 categories=[row["short_name"] for row in ranking],
                 labels=[f"{row['rank']}. {row['name']}" if row["rank"] else row["name"] for row in ranking],
                 category_header=compare_label, note=note,
                 series=[series(_("完成投资占年度目标（%）"), "percent", PERCENT, drawn=with_targets),
                         series(_("完成投资（万元）"), "completed", AMOUNT, drawn=not with_targets),
                         series(_("年度目标（万元）"), "target", AMOUNT),
                         series(_("到位资金（万元）"), "funds", AMOUNT), series(_("新开工（个）"), "started", COUNT),
                         series(_("新投产（个）"), "production", COUNT), series(_("签约项目（个）"), "signed", COUNT),
                         series(_("签约金额（万元）"), "signed_amount", AMOUNT)])


def _speed(reached, names, links: Links, compare_label: str) -> Chart:
    keys = sorted(reached.median, key=lambda key: names.keys.get(key, ("", str(key)))[1])
    series = []
    for before, after in STEPS:
        series.append(Series(
            name=f"{stage_label(before)}→{stage_label(after)}", unit=DAYS,
            values=[reached.median.get(key, {}).get(after) for key in keys],
            counts=[reached.timed.get(key, {}).get(after, 0) for key in keys],
            links=[links.reached(after, key=key) for key in keys]))
    return Chart(id="speed", title=_("节点间隔天数（中位数）"), kind="bars",
                 categories=[names.keys.get(k, (str(k),))[0] for k in keys],
                 labels=[names.keys.get(k, (str(k), str(k)))[1] for k in keys], series=series,
                 category_header=compare_label,
                 note=_("本年到达后一节点的项目，自同一项目前一节点实际日期起的天数；括号内为项目数。"))


def _red_chart(red, names, links: Links, compare_label: str, *, by_unit: bool) -> Chart:
    keys = sorted(red.counts, key=lambda key: (-red.counts[key], names.keys.get(key, ("", str(key)))[1]))
    series = Series(name=_("红色事项"), unit=ITEMS, values=[red.counts[key] for key in keys],
                    links=[links.red(key=key) for key in keys])
    note = _("今天的红色节点按责任单位计，项目整体进度的红色按引进单位计。") if by_unit else ""
    return Chart(id="red", title=_("红色事项"), kind="bars", categories=[names.keys.get(k, (str(k),))[0] for k in keys],
                 labels=[names.keys.get(k, (str(k), str(k)))[1] for k in keys], series=[series],
                 category_header=compare_label, note=note, palette="red")
