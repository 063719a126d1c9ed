"""Per-unit appeal figures for unit assessment and the 12345 hotline metrics units are judged by.

`unit_appeal_stats(units=…, start=…, end=…)` counts, for each unit, the appeals it handles that were
received (受理) between `start` and `end` inclusive (local dates), as they stand now. Every rate is a
percentage with one decimal (85.7 means 85.7%), or None when its denominator is 0.

* received — appeals of the period routed to the unit now, plus those the unit returned (退回) to the county
  office (they were dispatched to it).
* closed — appeals of the period now closed (办结, awaiting or past the follow-up).
* on_time_rate (按时办结率) — closed ones closed by their resolve deadline ÷ closed. The deadline is the
  working-day clock of the last round (15, or 30 when complex, unless the category sets others); for a
  12345 ticket with a 承诺完成时间 the platform's promise is the deadline.
* satisfaction_rate (满意率) — ratings of 满意 and 基本满意 ÷ ratings given, counting every round's rating (a
  不满意 that reopened an appeal still counts), whether given by the firm, by phone follow-up or on the platform.
* overdue — the unit's open appeals (of any date) with a step past its limit today.
* average_workdays_to_close (平均办结时长, working days) — working days after receipt up to the day closed,
  over the closed ones, one decimal; average_days_to_close — the same in calendar days (as most 12345
  platforms report it), from the moment received to the moment closed.
* response_rate (响应率) — appeals accepted (签收) within the acceptance limit (1 working day by default)
  ÷ appeals routed to the unit now.
* resolution_rate (解决率) — closed ones marked 已解决 ÷ closed.
* return_rate (退回率) — appeals the unit returned ÷ received. A 12345 ticket whose 退回次数 is above 0
  counts as returned by the unit that has it now (the export names only the last unit).
* redo_rate (重办率) — appeals reopened at least once (不满意 here, 重办次数 on the platform) ÷ appeals closed
  at least once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from chengjie.workcalendar import workdays

from .clock import ACCEPT, RESOLVE, Limits, appeal_clocks, overdue_q
from .models import OPEN_STATUSES, Appeal, AppealCategory, AppealEvent, AppealRating

ONE_DECIMAL = Decimal("0.1")
CLOSED = (Appeal.Status.CLOSED, Appeal.Status.FINISHED)
SATISFIED = (AppealRating.Satisfaction.SATISFIED, AppealRating.Satisfaction.BASIC)


@dataclass
class AppealStats:
    received: int = 0
    closed: int = 0
    on_time: int = 0
    on_time_rate: Decimal | None = None
    rated: int = 0
    satisfied: int = 0
    satisfaction_rate: Decimal | None = None
    overdue: int = 0
    average_workdays_to_close: Decimal | None = None
    average_days_to_close: Decimal | None = None
    accepted_on_time: int = 0
    response_rate: Decimal | None = None
    resolved: int = 0
    resolution_rate: Decimal | None = None
    returned: int = 0
    return_rate: Decimal | None = None
    redone: int = 0
    redo_rate: Decimal | None = None


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part * 100) / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP) if whole else None


def _mean(total, count: int) -> Decimal | None:
    return (Decimal(total) / count).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP) if count else None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (timezone.make_aware(datetime.combine(start, time.min)),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))


def _limits_for(unit_ids: list[int]) -> Limits:
    return Limits(AppealCategory.objects.filter(appeals__unit_id__in=unit_ids).distinct().values(
        "id", "parent_id", "accept_workdays", "reply_workdays", "resolve_workdays", "complex_workdays")) \
        if unit_ids else Limits()


def _ancestors_loaded(limits: Limits) -> Limits:
    """A category inherits from its parents, which may have no appeals of their own: load them too."""
    missing = {row["parent_id"] for row in limits.rows.values()} - set(limits.rows) - {None}
    while missing:
        rows = list(AppealCategory.objects.filter(pk__in=missing).values(
            "id", "parent_id", "accept_workdays", "reply_workdays", "resolve_workdays", "complex_workdays"))
        limits.rows.update({row["id"]: row for row in rows})
        missing = {row["parent_id"] for row in rows} - set(limits.rows) - {None}
    return limits


def unit_appeal_stats(*, units: Iterable, start: date, end: date, today: date | None = None) -> dict[int, AppealStats]:
    """{unit id: AppealStats} for every unit given (a unit with no appeals gets zeros and None rates)."""
    unit_ids = [getattr(unit, "pk", unit) for unit in units]
    stats = {unit_id: AppealStats() for unit_id in unit_ids}
    if not unit_ids:
        return stats
    today = today or timezone.localdate()
    low, high = _bounds(start, end)
    limits = _ancestors_loaded(_limits_for(unit_ids))
    cohort = list(Appeal.objects.filter(unit_id__in=unit_ids, received_at__gte=low, received_at__lt=high).only(
        "id", "unit_id", "county_id", "category_id", "is_complex", "status", "received_at", "accepted_at", "cycle",
        "cycle_started_at", "replied_at", "closed_at", "resolved", "base_level", "return_count", "redo_count",
        "platform_due_at", "channel"))
    returned_by: dict[int, set[int]] = defaultdict(set)
    for appeal_id, unit_id in AppealEvent.objects.filter(
            kind=AppealEvent.Kind.RETURNED, unit_id__in=unit_ids, appeal__received_at__gte=low,
            appeal__received_at__lt=high).values_list("appeal_id", "unit_id"):
        returned_by[unit_id].add(appeal_id)
    ratings = AppealRating.objects.filter(appeal__unit_id__in=unit_ids, appeal__received_at__gte=low,
                                          appeal__received_at__lt=high).values("appeal__unit_id") \
        .annotate(rated=Count("id"), satisfied=Count("id", filter=Q(satisfaction__in=SATISFIED)))
    for row in ratings:
        figures = stats[row["appeal__unit_id"]]
        figures.rated, figures.satisfied = row["rated"], row["satisfied"]
    tallies: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for appeal in cohort:
        tally = tallies[appeal.unit_id]
        tally["routed"] += 1
        clocks = {clock.step: clock for clock in appeal_clocks(appeal, limits, today=today)}
        if appeal.accepted_at is not None and not clocks[ACCEPT].overdue:
            tally["accepted_on_time"] += 1
        if appeal.is_mirror and appeal.return_count:
            returned_by[appeal.unit_id].add(appeal.pk)
        closed = appeal.status in CLOSED
        if closed or appeal.redo_count:
            tally["closed_once"] += 1
        if appeal.redo_count:
            tally["redone"] += 1
        if not closed:
            continue
        tally["closed"] += 1
        tally["resolved"] += appeal.resolved is True
        if appeal.is_mirror and appeal.platform_due_at is not None:
            tally["on_time"] += appeal.closed_at <= appeal.platform_due_at
        else:
            tally["on_time"] += not clocks[RESOLVE].overdue
        tally["workdays"] += workdays.workdays_between(timezone.localdate(appeal.received_at) + timedelta(days=1),
                                                      timezone.localdate(appeal.closed_at))
        tally["seconds"] += (appeal.closed_at - appeal.received_at).total_seconds()
    cohort_ids = {appeal.pk: appeal.unit_id for appeal in cohort}
    overdue = Appeal.objects.filter(unit_id__in=unit_ids, status__in=sorted(OPEN_STATUSES)).filter(
        overdue_q(limits, today=today)).values("unit_id").annotate(n=Count("id"))
    for row in overdue:
        stats[row["unit_id"]].overdue = row["n"]
    for unit_id, figures in stats.items():
        tally = tallies[unit_id]
        returned = returned_by[unit_id]
        received = tally["routed"] + sum(1 for appeal_id in returned if cohort_ids.get(appeal_id) != unit_id)
        figures.received = received
        figures.closed = tally["closed"]
        figures.on_time = tally["on_time"]
        figures.on_time_rate = _rate(tally["on_time"], tally["closed"])
        figures.satisfaction_rate = _rate(figures.satisfied, figures.rated)
        figures.average_workdays_to_close = _mean(tally["workdays"], tally["closed"])
        figures.average_days_to_close = _mean(Decimal(str(tally["seconds"])) / 86400, tally["closed"])
        figures.accepted_on_time = tally["accepted_on_time"]
        figures.response_rate = _rate(tally["accepted_on_time"], tally["routed"])
        figures.resolved = tally["resolved"]
        figures.resolution_rate = _rate(tally["resolved"], tally["closed"])
        figures.returned = len(returned)
        figures.return_rate = _rate(len(returned), received)
        figures.redone = tally["redone"]
        figures.redo_rate = _rate(tally["redone"], tally["closed_once"])
    return stats
