"""An appeal's clocks, derived on every read from when each clock started, the category's limits and the
working-day calendar (chengjie.workcalendar.workdays); no deadline is stored.

Three steps, each with its limit in working days (DOMAIN.md "Appeals", configurable per category):
签收 accept within 1 of receipt; 答复 reply within 3 and 办结 resolve within 15 (30 when marked complex) of
the start of the round. A round starts at receipt, and again when a dissatisfied rating reopens the appeal.
A limit of N counts from the day after the start (民法典第二百零一条, as `add_workdays` does): an appeal
received on Wednesday 30 September 2026 is due for acceptance on Thursday 8 October, the first working day
after the National Day holiday. A step is late by the working days after its due date up to the day it was
done, or today while it is open.

Escalation, also derived: every step of the round that ran past its due date (done late, or still open)
raises the appeal one level, on top of the level the round started at; level 1 is the unit's head, level 2
the 包保领导 of the firm's project, or the county office when the firm has none (see escalation.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.workcalendar import workdays

from .models import OPEN_STATUSES, Appeal, AppealCategory

Status = Appeal.Status
ACCEPT, REPLY, RESOLVE = "accept", "reply", "resolve"
STEPS = (ACCEPT, REPLY, RESOLVE)
STEP_LABELS = {ACCEPT: _("签收"), REPLY: _("答复企业"), RESOLVE: _("办结")}
MAX_LEVEL = 2


@dataclass(frozen=True)
class SlaLimits:
    accept: int
    reply: int
    resolve: int
    complex_resolve: int

    def of(self, step: str, *, is_complex: bool = False) -> int:
        if step == RESOLVE:
            return self.complex_resolve if is_complex else self.resolve
        return getattr(self, step)


# DOMAIN.md "Appeals": accept within 1 working day, reply within 3, resolve within 15 (30 for complex cases).
DEFAULT_LIMITS = SlaLimits(accept=1, reply=3, resolve=15, complex_resolve=30)
_LIMIT_FIELDS = {"accept": "accept_workdays", "reply": "reply_workdays", "resolve": "resolve_workdays",
                 "complex_resolve": "complex_workdays"}


class Limits:
    """The effective limits of every category in a scope: a category's own value, else its parent's, up
    to the defaults. One query, however many appeals are then timed."""

    def __init__(self, rows: Iterable[dict] = ()):
        self.rows = {row["id"]: row for row in rows}
        self._resolved: dict[int, SlaLimits] = {}

    @classmethod
    def for_prefix(cls, prefix: str | None) -> Limits:
        if prefix is None:
            return cls()
        return cls(AppealCategory.objects.filter(county__code__startswith=prefix[:6])
                   .values("id", "parent_id", *_LIMIT_FIELDS.values()))

    @classmethod
    def everywhere(cls) -> Limits:
        """Every county's categories, for the sweep."""
        return cls(AppealCategory.objects.values("id", "parent_id", *_LIMIT_FIELDS.values()))

    @classmethod
    def for_county(cls, county: str) -> Limits:
        return cls.for_prefix(county[:6])

    def of(self, category_id: int | None) -> SlaLimits:
        if category_id is None or category_id not in self.rows:
            return DEFAULT_LIMITS
        if (found := self._resolved.get(category_id)) is not None:
            return found
        row = self.rows[category_id]
        inherited = self.of(row["parent_id"])
        limits = SlaLimits(**{name: row[field] or getattr(inherited, name) for name, field in _LIMIT_FIELDS.items()})
        self._resolved[category_id] = limits
        return limits

    def limit(self, appeal: Appeal, step: str) -> int:
        return self.of(appeal.category_id).of(step, is_complex=appeal.is_complex)

    def groups(self, step: str, *, is_complex: bool) -> dict[int, Q]:
        """limit → the filter of appeals that have it for `step`: categories grouped by their effective
        limit, uncategorised appeals (and any category outside the scope) under the default."""
        by_value: dict[int, list[int]] = {}
        for category_id in self.rows:
            by_value.setdefault(self.of(category_id).of(step, is_complex=is_complex), []).append(category_id)
        default = DEFAULT_LIMITS.of(step, is_complex=is_complex)
        groups = {value: Q(category_id__in=ids) for value, ids in by_value.items()}
        outside = Q(category__isnull=True) | ~Q(category_id__in=list(self.rows))
        groups[default] = groups.get(default, Q(pk__in=[])) | outside
        return groups


@dataclass(frozen=True)
class StepClock:
    step: str
    started_on: date
    limit: int
    due_on: date
    done_on: date | None
    overdue_by: int  # working days after the due date, up to the day the step was done or today

    @property
    def overdue(self) -> bool:
        return self.overdue_by > 0

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    @property
    def label(self) -> str:
        return STEP_LABELS[self.step]


def step_clock(*, step: str, started_at: datetime, limit: int, done_at: datetime | None,
               today: date | None = None) -> StepClock:
    started_on = timezone.localdate(started_at)
    due_on = workdays.add_workdays(started_on, limit)
    done_on = timezone.localdate(done_at) if done_at is not None else None
    until = done_on or today or timezone.localdate()
    overdue_by = workdays.workdays_between(due_on + timedelta(days=1), until)
    return StepClock(step=step, started_on=started_on, limit=limit, due_on=due_on, done_on=done_on,
                     overdue_by=overdue_by)


def appeal_clocks(appeal: Appeal, limits: Limits, *, today: date | None = None) -> list[StepClock]:
    """The three clocks of the appeal's current round. Acceptance belongs to the first round only; a
    reopened appeal is already in the unit's hands."""
    return [
        step_clock(step=ACCEPT, started_at=appeal.received_at, limit=limits.limit(appeal, ACCEPT),
                   done_at=appeal.accepted_at, today=today),
        step_clock(step=REPLY, started_at=appeal.cycle_started_at, limit=limits.limit(appeal, REPLY),
                   done_at=appeal.replied_at, today=today),
        step_clock(step=RESOLVE, started_at=appeal.cycle_started_at, limit=limits.limit(appeal, RESOLVE),
                   done_at=appeal.closed_at, today=today),
    ]


def current_clock(clocks: list[StepClock]) -> StepClock | None:
    """The step the appeal waits for now: the first one not done."""
    return next((clock for clock in clocks if clock.is_open), None)


def missed_steps(appeal: Appeal, clocks: list[StepClock]) -> list[StepClock]:
    """The round's steps that ran past their due date, earliest due first. The first round's late
    acceptance is carried into later rounds by their starting level, so it counts in the first only."""
    missed = [clock for clock in clocks if clock.overdue and (clock.step != ACCEPT or appeal.cycle == 1)]
    return sorted(missed, key=lambda clock: (clock.due_on, STEPS.index(clock.step)))


def escalation_level(appeal: Appeal, clocks: list[StepClock]) -> int:
    return min(MAX_LEVEL, appeal.base_level + len(missed_steps(appeal, clocks)))


def _last_workday(today: date) -> date:
    return today if workdays.is_workday(today) else workdays.add_workdays(today, -1)


def _cutoff(last_workday: date, limit: int) -> datetime:
    """A clock started before this instant is late today. With L the last working day up to today, a clock
    started on day d is late when its due date add_workdays(d, N) falls before L, which holds exactly when
    d is before add_workdays(L, -N)."""
    start = workdays.add_workdays(last_workday, -limit)
    return timezone.make_aware(datetime.combine(start, time.min))


def overdue_q(limits: Limits, *, today: date | None = None) -> Q:
    """Open appeals with a step late today, as one filter the database can use, so the lists' "overdue"
    filter and the unit statistics count in SQL what the clocks show."""
    last = _last_workday(today or timezone.localdate())
    open_ = Q(status__in=sorted(OPEN_STATUSES))
    condition = Q(pk__in=[])
    for value, group in limits.groups(ACCEPT, is_complex=False).items():
        condition |= group & Q(accepted_at__isnull=True, received_at__lt=_cutoff(last, value))
    for value, group in limits.groups(REPLY, is_complex=False).items():
        condition |= group & Q(replied_at__isnull=True, cycle_started_at__lt=_cutoff(last, value))
    for is_complex in (False, True):
        for value, group in limits.groups(RESOLVE, is_complex=is_complex).items():
            condition |= group & Q(is_complex=is_complex, closed_at__isnull=True,
                                   cycle_started_at__lt=_cutoff(last, value))
    return open_ & condition
