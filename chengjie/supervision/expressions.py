"""The warning rules of `rules.py` as SQL expressions, so a list can show, filter and count colours in
one query at any scale. Every threshold comes from the same `Evaluator`; tests hold the two equal.

Severity numbers follow `COLOUR_SEVERITY`: green 0, blue 1, yellow 2, red 3.
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from chengjie.projects.models import Milestone, MonthlyFigure, Node

from .models import COLOUR_SEVERITY, Colour, ColourRecord, WarningPreset
from .rules import Evaluator

GREEN, BLUE, YELLOW, RED = (COLOUR_SEVERITY[c] for c in (Colour.GREEN, Colour.BLUE, Colour.YELLOW, Colour.RED))
EPOCH = date(1970, 1, 1)


class DayNumber(Func):
    """Days since 1970-01-01 of a date, as an integer, on SQLite and PostgreSQL alike."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
                           **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra)


def _int(value: int) -> Value:
    return Value(value, output_field=IntegerField())


def _done(today: date) -> Q:
    return Q(actual_date__isnull=False, actual_date__lte=today)


def node_base_severity(ev: Evaluator) -> Case:
    """For a Node queryset: the base rule's severity of each node."""
    done = _done(ev.today)
    if ev.base_rule == WarningPreset.Rule.DEADLINE:
        return Case(
            When(done & (Q(planned_date__isnull=True) | Q(actual_date__lte=F("planned_date"))), then=_int(GREEN)),
            When(done, then=_int(YELLOW)),
            When(planned_date__isnull=True, then=_int(BLUE)),
            When(planned_date__lt=ev.today, then=_int(RED)),
            When(planned_date__lte=ev.yellow_until, then=_int(YELLOW)),
            default=_int(BLUE), output_field=IntegerField())
    return Case(
        When(done, then=_int(GREEN)),
        When(planned_date__isnull=True, then=_int(BLUE)),
        When(planned_date__gte=ev.next_period, then=_int(BLUE)),
        When(planned_date__lt=ev.due_red_before, then=_int(RED)),
        default=_int(YELLOW), output_field=IntegerField())


def _sticky(base, ev: Evaluator, previous_red: Exists):
    if not ev.sticky:
        return base
    return Case(When(Exact(base, RED), then=_int(RED)), When(previous_red, then=_int(YELLOW)), default=base,
                output_field=IntegerField())


def node_severity(ev: Evaluator):
    """For a Node queryset: the preset's severity of each node, sticky red included."""
    previous_red = Exists(ColourRecord.objects.filter(node_id=OuterRef("pk"), period=ev.previous_period,
                                                      colour=Colour.RED))
    return _sticky(node_base_severity(ev), ev, previous_red)


# --- projects


def _milestone_value(milestone: str, field: str) -> Subquery:
    first = Node.objects.filter(project_id=OuterRef("pk"), milestone=milestone).order_by("order")
    return Subquery(first.values(field)[:1])


def _stats_severity(ev: Evaluator) -> Case:
    started = _milestone_value(Milestone.STARTED, "actual_date")
    unregistered = Q(stats_registered_on__isnull=True) | Q(stats_registered_on__gt=ev.today)
    return Case(
        When(unregistered & Q(LessThanOrEqual(started, ev.stats_red_started_by)), then=_int(RED)),
        When(unregistered & Q(LessThanOrEqual(started, ev.stats_yellow_started_by)), then=_int(YELLOW)),
        default=_int(GREEN), output_field=IntegerField())


def _lag_severity(ev: Evaluator) -> Case:
    """Lag = planned % − actual %, planned % = min(elapsed, span) ÷ span, both from planned 开工. Compared
    without division: 100·E·C − 100·cum·span against points·span·C (all positive factors)."""
    start = DayNumber(_milestone_value(Milestone.STARTED, "planned_date"))
    production = DayNumber(_milestone_value(Milestone.PRODUCTION, "planned_date"))
    span = production - start
    elapsed_raw = _int((ev.today - EPOCH).days) - start
    elapsed = Least(elapsed_raw, span)
    amount = DecimalField(max_digits=30, decimal_places=4)
    contracted = F("contracted_investment")
    figures = (MonthlyFigure.objects.filter(project_id=OuterRef("pk"), period__lte=ev.period)
               .values("project_id").annotate(total=Sum("completed_investment")).values("total"))
    completed = Coalesce(Subquery(figures, output_field=amount), Value(0, output_field=amount))
    gap = _int(100) * elapsed * contracted - _int(100) * completed * span
    production_done = Exists(Node.objects.filter(project_id=OuterRef("pk"), milestone=Milestone.PRODUCTION)
                             .filter(_done(ev.today)))
    applies = (Q(GreaterThan(span, 0)) & Q(GreaterThan(elapsed_raw, 0)) & Q(contracted_investment__gt=0)
               & ~Q(production_done))
    return Case(
        When(applies & Q(GreaterThan(gap, _int(ev.lag_red) * span * contracted)), then=_int(RED)),
        When(applies & Q(GreaterThanOrEqual(gap, _int(ev.lag_yellow) * span * contracted)), then=_int(YELLOW)),
        default=_int(GREEN), output_field=IntegerField())


def project_clause_severity(ev: Evaluator):
    """For a Project queryset: the progress rule's project-level findings alone (0 under other rules)."""
    if ev.base_rule != WarningPreset.Rule.PROGRESS:
        return _int(GREEN)
    return Greatest(_stats_severity(ev), _lag_severity(ev))


def project_base_severity(ev: Evaluator):
    worst_node = (Node.objects.filter(project_id=OuterRef("pk")).annotate(severity=node_base_severity(ev))
                  .order_by("-severity").values("severity")[:1])
    severity = Coalesce(Subquery(worst_node, output_field=IntegerField()), _int(BLUE))
    if ev.base_rule == WarningPreset.Rule.PROGRESS:
        severity = Greatest(severity, project_clause_severity(ev))
    return severity


def project_severity(ev: Evaluator):
    """For a Project queryset: the preset's severity of each project, sticky red included."""
    previous_red = Exists(ColourRecord.objects.filter(project_id=OuterRef("pk"), node__isnull=True,
                                                      period=ev.previous_period, colour=Colour.RED))
    return _sticky(project_base_severity(ev), ev, previous_red)


def colour_of(severity) -> Case:
    """The colour name of a severity expression."""
    return Case(*(When(Exact(severity, number), then=Value(str(colour))) for colour, number in COLOUR_SEVERITY.items()),
                default=Value(""))


# --- a colour as a WHERE condition


def _node_exists(ev: Evaluator, condition: Q) -> Exists:
    return Exists(Node.objects.filter(condition, project_id=OuterRef("pk")))


def _kept_facts(ev: Evaluator) -> tuple[Q, Q, Q, Q]:
    """Red; yellow unless red; blue unless red or yellow; green: from the summary each project keeps of
    its nodes (projects/services/summary.py), which is what the nodes say now. So only from today on: no
    actual date lies ahead of today (the node services refuse a future date)."""
    today = ev.today
    red = Q(next_due_on__lt=today)
    yellow = Q(next_due_on__gte=today, next_due_on__lte=ev.yellow_until) | Q(late_nodes__gt=0)
    blue = Q(open_nodes__gt=0) | Q(done_nodes=0)
    # Every node done, none late: a fact without the clock, in the form of the partial index on it (a
    # province's few green projects are its oldest, last in the list's order).
    green = Q(open_nodes=0, late_nodes=0, done_nodes__gt=0)
    return red, yellow, blue, green


def _node_facts(ev: Evaluator) -> tuple[Q, Q, Q, Q]:
    """The same as EXISTS over the nodes, for any day: looking back, a node finished after that day was
    still open on it."""
    today = ev.today
    open_ = Q(actual_date__isnull=True) | Q(actual_date__gt=today)
    red = Q(_node_exists(ev, open_ & Q(planned_date__lt=today)))
    yellow = Q(_node_exists(ev, (open_ & Q(planned_date__gte=today, planned_date__lte=ev.yellow_until))
                            | (_done(today) & Q(actual_date__gt=F("planned_date")))))
    has_open, has_nodes = Q(_node_exists(ev, open_)), Q(_node_exists(ev, Q()))
    # Green as NOT EXISTS and EXISTS side by side, which the database runs as an anti-join and a semi-join,
    # where NOT (EXISTS … OR NOT EXISTS …) it tests project by project.
    return red, yellow, has_open | ~has_nodes, ~red & ~yellow & ~has_open & has_nodes


def deadline_colour_q(ev: Evaluator, colour: str) -> Q:
    """For a Project queryset under a deadline-based rule (sticky included): the projects whose colour is
    `colour`. Today and later it reads the columns each project keeps of its nodes (a province's projects
    of a colour are then a scan of one table); for an earlier day it tests the nodes with EXISTS / NOT
    EXISTS, which the database runs as joins over the node indexes."""
    red, yellow, blue, green = _kept_facts(ev) if ev.today >= timezone.localdate() else _node_facts(ev)
    if ev.sticky:
        previous_red = Q(Exists(ColourRecord.objects.filter(project_id=OuterRef("pk"), node__isnull=True,
                                                            period=ev.previous_period, colour=Colour.RED)))
        yellow, green = yellow | previous_red, green & ~previous_red
    conditions = {
        Colour.RED: red,
        Colour.YELLOW: ~red & yellow,
        Colour.BLUE: ~red & ~yellow & blue,
        Colour.GREEN: green,
    }
    return conditions[colour]
