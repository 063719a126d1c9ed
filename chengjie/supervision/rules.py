"""Warning rules (DOMAIN.md "Warnings"): pure functions from the clock and a project's facts to a colour
and the reason a person reads. Nothing here reads or writes the database except the working-day calendar.

- 期限规则 (deadline): green = done on time; blue = open and on track; yellow = due within N working days
  (or, in the countdown variant, within H hours) or done late; red = overdue and not done.
- 进度规则 (progress, 银川 style, per project per month): investment progress lagging the planned pace by
  10–30 percentage points is yellow, beyond 30 red; a node due this month and not done is yellow, red once
  three months have passed without it (the rule names 开工; every node of the plan is held to it);
  开工 without 纳统 is yellow after one month, red after two.
- 红色销号 (sticky, 瓯海 style): a base rule whose red, once recorded for a month, turns yellow the next
  month only when the shortfall is made up, never straight to green.

An `Evaluator` binds one preset to one day: thresholds are worked out once and applied to many items,
here and in `expressions.py`, which states the same rules in SQL for lists (tests hold the two equal).

"Done" means an actual date on or before the day evaluated, so a sweep re-run for an earlier date sees
the project as it stood then.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengjie.core.errors import DomainError
from chengjie.projects.models import Milestone
from chengjie.workcalendar import workdays

from .models import COLOUR_SEVERITY, Colour, WarningPreset

Rule = WarningPreset.Rule
BASE_RULES = (Rule.DEADLINE, Rule.PROGRESS)
WARNED_COLOURS = frozenset({Colour.YELLOW, Colour.RED})

DEADLINE_DEFAULTS = {"yellow_workdays": 3}
PROGRESS_DEFAULTS = {"lag_yellow_points": 10, "lag_red_points": 30, "due_red_months": 3,
                     "stats_yellow_months": 1, "stats_red_months": 2}
PARAMETER_LABELS = {
    "base": gettext_lazy("基础规则"),
    "yellow_workdays": gettext_lazy("到期前多少个工作日起黄色预警"),
    "yellow_hours": gettext_lazy("到期前多少小时起黄色预警（倒计时）"),
    "lag_yellow_points": gettext_lazy("投资进度滞后达到多少个百分点为黄色"),
    "lag_red_points": gettext_lazy("投资进度滞后超过多少个百分点为红色"),
    "due_red_months": gettext_lazy("节点逾期满多少个月未完成为红色"),
    "stats_yellow_months": gettext_lazy("开工满多少个月未纳统为黄色"),
    "stats_red_months": gettext_lazy("开工满多少个月未纳统为红色"),
}


# --- calendar arithmetic


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def shift_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), clamped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


# --- parameters


def _integer(parameters: dict, key: str, low: int, high: int, *, message: str) -> int:
    value = parameters.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DomainError(message % {"value": value, "low": low, "high": high}, field=key)
    return value


def _no_unknown(parameters: dict, allowed: set[str]) -> None:
    if unknown := sorted(set(parameters) - allowed):
        raise DomainError(_("参数“%(names)s”不属于该规则，可用的参数是：%(allowed)s。")
                          % {"names": "、".join(unknown), "allowed": "、".join(sorted(allowed))}, field="parameters")


def _deadline_parameters(parameters: dict) -> dict:
    _no_unknown(parameters, {"yellow_workdays", "yellow_hours"})
    if "yellow_workdays" in parameters and "yellow_hours" in parameters:
        raise DomainError(_("期限规则的黄色预警只能按工作日（yellow_workdays）或按小时倒计时（yellow_hours）"
                            "二选一，不能同时设置。"), field="parameters")
    if "yellow_hours" in parameters:
        hours = _integer(parameters, "yellow_hours", 24, 720, message=_(
            "倒计时小时数（yellow_hours）应为 %(low)s 到 %(high)s 之间的整数，实际是“%(value)s”。"))
        if hours % 24:
            # Colours are worked out per day, so a countdown is a whole number of days.
            raise DomainError(_("倒计时小时数（yellow_hours）应为 24 的整数倍（颜色按日计算），实际是 %(value)s。")
                              % {"value": hours}, field="yellow_hours")
        return {"yellow_hours": hours}
    values = {**DEADLINE_DEFAULTS, **parameters}
    return {"yellow_workdays": _integer(values, "yellow_workdays", 0, 30, message=_(
        "到期前黄色预警的工作日数（yellow_workdays）应为 %(low)s 到 %(high)s 之间的整数，实际是“%(value)s”。"))}


def _progress_parameters(parameters: dict) -> dict:
    _no_unknown(parameters, set(PROGRESS_DEFAULTS))
    values = {**PROGRESS_DEFAULTS, **parameters}
    points = _("应为 %(low)s 到 %(high)s 之间的整数（百分点），实际是“%(value)s”。")
    months = _("应为 %(low)s 到 %(high)s 之间的整数（月），实际是“%(value)s”。")
    checked = {
        "lag_yellow_points": _integer(values, "lag_yellow_points", 1, 99, message=_("黄色滞后阈值（lag_yellow_points）") + points),
        "lag_red_points": _integer(values, "lag_red_points", 1, 100, message=_("红色滞后阈值（lag_red_points）") + points),
        "due_red_months": _integer(values, "due_red_months", 1, 24, message=_("逾期转红月数（due_red_months）") + months),
        "stats_yellow_months": _integer(values, "stats_yellow_months", 1, 24,
                                        message=_("未纳统黄色月数（stats_yellow_months）") + months),
        "stats_red_months": _integer(values, "stats_red_months", 1, 24,
                                     message=_("未纳统红色月数（stats_red_months）") + months),
    }
    if checked["lag_yellow_points"] >= checked["lag_red_points"]:
        raise DomainError(_("黄色滞后阈值（%(yellow)s 个百分点）应小于红色滞后阈值（%(red)s 个百分点）。")
                          % {"yellow": checked["lag_yellow_points"], "red": checked["lag_red_points"]},
                          field="lag_yellow_points")
    if checked["stats_yellow_months"] >= checked["stats_red_months"]:
        raise DomainError(_("未纳统黄色月数（%(yellow)s）应小于红色月数（%(red)s）。")
                          % {"yellow": checked["stats_yellow_months"], "red": checked["stats_red_months"]},
                          field="stats_yellow_months")
    return checked


def validate_parameters(rule: str, parameters) -> dict:
    """The parameters as they are stored (defaults filled in), or a DomainError naming the parameter and
    what a valid value is."""
    if not isinstance(parameters, dict):
        raise DomainError(_("规则参数应为“名称: 数值”的对象。"), field="parameters")
    if rule == Rule.DEADLINE:
        return _deadline_parameters(parameters)
    if rule == Rule.PROGRESS:
        return _progress_parameters(parameters)
    if rule == Rule.STICKY:
        rest = {key: value for key, value in parameters.items() if key != "base"}
        base = parameters.get("base")
        if base not in BASE_RULES:
            raise DomainError(_("红色销号规则须指定基础规则（base）：deadline（期限规则）或 progress（进度规则）。"),
                              field="base")
        return {"base": base, **validate_parameters(base, rest)}
    raise DomainError(_("未知的预警规则“%(rule)s”。") % {"rule": rule}, field="rule")


def describe_parameters(rule: str, parameters: dict) -> list[tuple[str, str]]:
    """(label, value) pairs a page shows beside a preset."""
    rows = []
    for key, value in parameters.items():
        if key == "base":
            value = Rule(value).label
        rows.append((str(PARAMETER_LABELS.get(key, key)), str(value)))
    return rows


# --- facts and results


@dataclass(frozen=True)
class ColourResult:
    colour: str
    reason: str


@dataclass(frozen=True)
class NodeFacts:
    name: str
    planned_date: date | None
    actual_date: date | None
    milestone: str = ""


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules read of a project. `nodes` in plan order; `completed_investment` is the sum of the
    monthly 完成投资 up to and including the period evaluated."""

    nodes: tuple[NodeFacts, ...]
    contracted_investment: Decimal = Decimal(0)
    completed_investment: Decimal = Decimal(0)
    stats_registered_on: date | None = None


# What a person reads beside a colour. Translated once per Evaluator: a sweep formats hundreds of
# thousands of these, and looking each translation up again would cost more than the rules.
REASONS = {
    "more": gettext_lazy("（另有 %(count)d 项%(colour)s）"),
    "countdown": gettext_lazy("距计划完成不足 %(hours)d 小时"),
    "window": gettext_lazy("%(count)d 个工作日内到期"),
    "on_time": gettext_lazy("按期完成（%(actual)s）"),
    "late_done": gettext_lazy("逾期 %(days)d 天完成（计划 %(planned)s，实际 %(actual)s）"),
    "no_plan": gettext_lazy("尚未排定计划日期"),
    "overdue": gettext_lazy("逾期 %(days)d 天未完成（计划 %(planned)s）"),
    "due_soon": gettext_lazy("%(window)s（计划 %(planned)s）"),
    "on_track": gettext_lazy("按计划推进（计划 %(planned)s）"),
    "done": gettext_lazy("已完成（%(actual)s）"),
    "months_overdue": gettext_lazy("计划 %(planned)s 完成，逾期满 %(months)d 个月仍未完成"),
    "due_this_month": gettext_lazy("本月到期尚未完成（计划 %(planned)s）"),
    "behind": gettext_lazy("逾期未完成（计划 %(planned)s），满 %(months)d 个月转为红色"),
    "unregistered": gettext_lazy("%(started)s 开工，已满 %(months)d 个月未纳统"),
    "lag": gettext_lazy("投资进度滞后 %(lag).1f 个百分点（计划 %(planned).1f%%，实际 %(actual).1f%%）"),
    "no_nodes": gettext_lazy("尚未排定节点计划"),
    "sticky": gettext_lazy("上月红色，差距已补齐，本月转黄（红色不直接转绿）；"),
}


def _first_with(nodes, milestone: str) -> NodeFacts | None:
    return next((node for node in nodes if node.milestone == milestone), None)


@dataclass(frozen=True)
class ProjectResult:
    """A project evaluated in one pass: its colour, each node's (plan order), its project-level findings."""

    project: ColourResult
    nodes: list[ColourResult]
    clauses: list[ColourResult]


class Evaluator:
    """One preset's rule bound to one day."""

    def __init__(self, rule: str, parameters: dict, today: date):
        self.rule = rule
        self.sticky = rule == Rule.STICKY
        self.base_rule = parameters["base"] if self.sticky else rule
        self.parameters = parameters
        self.today = today
        self.period = first_of_month(today)
        self.previous_period = shift_months(self.period, -1)
        self.next_period = shift_months(self.period, 1)
        self.text = {key: str(text) for key, text in REASONS.items()}
        self.colour_labels = {colour: str(colour.label) for colour in Colour}
        if self.base_rule == Rule.DEADLINE:
            self._bind_deadline(parameters)
        else:
            self._bind_progress(parameters)

    @classmethod
    def for_preset(cls, preset: WarningPreset, today: date) -> Evaluator:
        return cls(preset.rule, preset.parameters, today)

    def _bind_deadline(self, parameters: dict) -> None:
        if hours := parameters.get("yellow_hours"):
            # The node is due by the end of its planned day; a countdown of H hours reaches back to the start
            # of the day H/24 − 1 days before it.
            self.yellow_until = self.today + timedelta(days=hours // 24 - 1)
            self.window = self.text["countdown"] % {"hours": hours}
        else:
            count = parameters["yellow_workdays"]
            self.yellow_until = workdays.add_workdays(self.today, count)
            self.window = self.text["window"] % {"count": count}

    def _bind_progress(self, parameters: dict) -> None:
        self.due_red_months = parameters["due_red_months"]
        # Red once the planned month lies `due_red_months` months behind this one.
        self.due_red_before = shift_months(self.period, 1 - self.due_red_months)
        self.stats_yellow_months = parameters["stats_yellow_months"]
        self.stats_red_months = parameters["stats_red_months"]
        self.stats_yellow_started_by = shift_months(self.today, -self.stats_yellow_months)
        self.stats_red_started_by = shift_months(self.today, -self.stats_red_months)
        self.lag_yellow = parameters["lag_yellow_points"]
        self.lag_red = parameters["lag_red_points"]

    # --- nodes

    def done(self, node: NodeFacts) -> bool:
        return node.actual_date is not None and node.actual_date <= self.today

    def node_base(self, node: NodeFacts) -> ColourResult:
        colour = self.node_colour(node)
        return ColourResult(colour, self.node_reason(node, colour))

    def node(self, node: NodeFacts, *, previous: str | None = None) -> ColourResult:
        """`previous`: the node's recorded colour for last month (read by the sticky rule only)."""
        return self._stick(self.node_base(node), previous)

    def node_colour(self, node: NodeFacts) -> str:
        """The base rule's colour alone (the sweep words a reason only for what it keeps)."""
        planned = node.planned_date
        if self.base_rule == Rule.DEADLINE:
            if self.done(node):
                return Colour.GREEN if planned is None or node.actual_date <= planned else Colour.YELLOW
            if planned is None:
                return Colour.BLUE
            if planned < self.today:
                return Colour.RED
            return Colour.YELLOW if planned <= self.yellow_until else Colour.BLUE
        if self.done(node):
            return Colour.GREEN
        if planned is None or planned >= self.next_period:
            return Colour.BLUE
        return Colour.RED if planned < self.due_red_before else Colour.YELLOW

    def node_reason(self, node: NodeFacts, colour: str) -> str:
        planned, actual, text = node.planned_date, node.actual_date, self.text
        if self.done(node):
            if colour == Colour.YELLOW:
                return text["late_done"] % {"days": (actual - planned).days, "planned": planned.isoformat(),
                                            "actual": actual.isoformat()}
            return text["on_time" if self.base_rule == Rule.DEADLINE else "done"] % {"actual": actual.isoformat()}
        if planned is None:
            return text["no_plan"]
        if colour == Colour.BLUE:
            return text["on_track"] % {"planned": planned.isoformat()}
        if self.base_rule == Rule.DEADLINE:
            if colour == Colour.RED:
                return text["overdue"] % {"days": (self.today - planned).days, "planned": planned.isoformat()}
            return text["due_soon"] % {"window": self.window, "planned": planned.isoformat()}
        if colour == Colour.RED:
            return text["months_overdue"] % {"planned": planned.isoformat(), "months": self.due_red_months}
        if planned >= self.period:
            return text["due_this_month"] % {"planned": planned.isoformat()}
        return text["behind"] % {"planned": planned.isoformat(), "months": self.due_red_months}

    # --- projects

    def project_clauses(self, facts: ProjectFacts) -> list[ColourResult]:
        """The project-level findings of the progress rule (investment lag, 纳统), warned ones only."""
        if self.base_rule != Rule.PROGRESS:
            return []
        return [result for result in (self._stats_clause(facts), self._lag_clause(facts)) if result is not None]

    def _stats_clause(self, facts: ProjectFacts) -> ColourResult | None:
        start = _first_with(facts.nodes, Milestone.STARTED)
        if start is None or not self.done(start):
            return None
        if facts.stats_registered_on is not None and facts.stats_registered_on <= self.today:
            return None
        if start.actual_date <= self.stats_red_started_by:
            colour, months = Colour.RED, self.stats_red_months
        elif start.actual_date <= self.stats_yellow_started_by:
            colour, months = Colour.YELLOW, self.stats_yellow_months
        else:
            return None
        return ColourResult(colour, self.text["unregistered"] % {"started": start.actual_date.isoformat(),
                                                                 "months": months})

    def investment_lag(self, facts: ProjectFacts) -> tuple[Fraction, Fraction] | None:
        """(planned %, actual %) of the contracted investment by today, or None when the rule does not
        apply: no planned 开工 and 竣工投产 dates, not yet due to start, already in production, or no amount.
        The planned pace runs in a straight line from planned 开工 to planned 竣工投产."""
        start = _first_with(facts.nodes, Milestone.STARTED)
        production = _first_with(facts.nodes, Milestone.PRODUCTION)
        if start is None or production is None or start.planned_date is None or production.planned_date is None:
            return None
        if self.done(production) or facts.contracted_investment <= 0:
            return None
        span = (production.planned_date - start.planned_date).days
        elapsed = (self.today - start.planned_date).days
        if span <= 0 or elapsed <= 0:
            return None
        planned = Fraction(min(elapsed, span), span) * 100
        actual = Fraction(facts.completed_investment) / Fraction(facts.contracted_investment) * 100
        return planned, actual

    def _lag_clause(self, facts: ProjectFacts) -> ColourResult | None:
        pace = self.investment_lag(facts)
        if pace is None:
            return None
        planned, actual = pace
        lag = planned - actual
        if lag > self.lag_red:
            colour = Colour.RED
        elif lag >= self.lag_yellow:
            colour = Colour.YELLOW
        else:
            return None
        return ColourResult(colour, self.text["lag"] % {"lag": float(lag), "planned": float(planned),
                                                        "actual": float(actual)})

    def evaluate(self, facts: ProjectFacts, *, previous: str | None = None,
                 previous_nodes: list[str | None] | None = None, all_reasons: bool = True) -> ProjectResult:
        """The project and every node in one pass (each node's rule applied once). `previous` and
        `previous_nodes` are last month's recorded colours (read by the sticky rule only). Without
        `all_reasons` a green or blue node's reason is left empty."""
        clauses = self.project_clauses(facts)
        colours = [self.node_colour(node) for node in facts.nodes]
        reasons = [self.node_reason(node, colour) if all_reasons or colour in WARNED_COLOURS else ""
                   for node, colour in zip(facts.nodes, colours)]
        items = [("", clause.colour, clause.reason) for clause in clauses]
        items += [(node.name, colour, reason) for node, colour, reason in zip(facts.nodes, colours, reasons)]
        if not items:
            project = ColourResult(Colour.BLUE, self.text["no_nodes"])
        else:
            top = max(COLOUR_SEVERITY[colour] for _name, colour, _reason in items)
            worst = [index for index, (_name, colour, _reason) in enumerate(items) if COLOUR_SEVERITY[colour] == top]
            name, colour, reason = items[worst[0]]
            if not reason:
                node = facts.nodes[worst[0] - len(clauses)]
                reason = self.node_reason(node, colour)
            reason = f"{name}：{reason}" if name else reason
            if len(worst) > 1 and top >= COLOUR_SEVERITY[Colour.YELLOW]:
                reason += self.text["more"] % {"count": len(worst) - 1, "colour": self.colour_labels[colour]}
            project = ColourResult(colour, reason[:200])
        previous_nodes = previous_nodes or [None] * len(colours)
        return ProjectResult(
            project=self._stick(project, previous),
            nodes=[self._stick(ColourResult(colour, reason), prior)
                   for colour, reason, prior in zip(colours, reasons, previous_nodes)],
            clauses=clauses,
        )

    def project(self, facts: ProjectFacts, *, previous: str | None = None) -> ColourResult:
        """`previous`: the project's recorded colour for last month (read by the sticky rule only)."""
        return self.evaluate(facts, previous=previous).project

    def _stick(self, result: ColourResult, previous: str | None) -> ColourResult:
        if not self.sticky or previous != Colour.RED or result.colour == Colour.RED:
            return result
        return ColourResult(Colour.YELLOW, (self.text["sticky"] + result.reason)[:200])
