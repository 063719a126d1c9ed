"""Per-unit approval figures for the service statistics page and unit assessment.

A request belongs to the period of its outcome: the decision date, or for a deemed approval the deadline
(the day it took effect, derived — so a default counts whether or not the job has recorded it).

* decided — requests with an outcome in the period, deemed approvals included;
* on_time — of those, decided by the unit on or before the deadline;
* on_time_rate — on_time ÷ decided as a percentage with one decimal (85.7 means 85.7%), None when nothing
  was decided;
* deemed_approvals — deemed approvals in the period;
* average_workdays — working days on the clock at the outcome (stops excluded; a deemed approval counts
  its full limit), one decimal, None when nothing was decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from .clock import Status, request_clock, status_of
from .models import ApprovalRequest

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class ApprovalStats:
    decided: int = 0
    on_time: int = 0
    on_time_rate: Decimal | None = None
    deemed_approvals: int = 0
    average_workdays: Decimal | None = None


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def unit_approval_stats(*, units: Iterable, start: date, end: date,
                        today: date | None = None) -> dict[int, ApprovalStats]:
    """{unit id: ApprovalStats} for every unit given (units or their ids), zeros where nothing happened."""
    today = today or timezone.localdate()
    unit_ids = [getattr(unit, "pk", unit) for unit in units]
    # Decided in the period, or still undecided, or deemed in the period and decided (documented) later.
    candidates = (ApprovalRequest.objects.filter(handling_unit_id__in=unit_ids, received_on__lte=end)
                  .filter(Q(decided_on__gte=start) | Q(decided_on__isnull=True))
                  .only("pk", "handling_unit_id", "state", "received_on", "accepted_on", "time_limit_workdays",
                        "deemed_approval_applies", "decided_on")
                  .prefetch_related("stops"))
    tallies: dict[int, dict] = {pk: {"decided": 0, "on_time": 0, "deemed": 0, "workdays": 0} for pk in unit_ids}
    for request in candidates:
        clock = request_clock(request, today=today, stops=request.stops.all())
        status = status_of(request, clock)
        if status == Status.DEEMED:
            outcome_on, used = clock.deadline, clock.limit
        elif status in (Status.APPROVED, Status.REFUSED):
            outcome_on, used = request.decided_on, clock.used
        else:
            continue
        if not start <= outcome_on <= end:
            continue
        tally = tallies[request.handling_unit_id]
        tally["decided"] += 1
        tally["workdays"] += used
        if status == Status.DEEMED:
            tally["deemed"] += 1
        elif not clock.ran_out:
            tally["on_time"] += 1
    result = {}
    for pk, tally in tallies.items():
        decided = tally["decided"]
        result[pk] = ApprovalStats(
            decided=decided, on_time=tally["on_time"], deemed_approvals=tally["deemed"],
            on_time_rate=_one_decimal(Decimal(tally["on_time"] * 100) / decided) if decided else None,
            average_workdays=_one_decimal(Decimal(tally["workdays"]) / decided) if decided else None)
    return result
