"""The lead loop and its clock: the order of the steps, how many working days a lead may stay in each,
when a step falls due and by how many working days it is late. Everything here is derived from when a
step was entered and the working-day calendar (chengjie.workcalendar.workdays); nothing is stored.

A limit of N working days counts from the day after the step was entered (民法典第二百零一条, as
`add_workdays` does): entered on Wednesday 30 September 2026 with a limit of 1, the step is due on
Thursday 8 October, the first working day after the National Day holiday. It is late by the working days
after that due date up to the day the step ended, or today while it is open."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.workcalendar import workdays

from .models import Lead, LeadStepLimit

Step = Lead.Step

# collect → screen → assess → assign → follow up; a lead moves only to the next step, and leaves the
# loop converted into a project or dropped.
LOOP: list[str] = [Step.COLLECTED, Step.SCREENED, Step.ASSESSED, Step.ASSIGNED, Step.FOLLOWING]
NEXT_STEP: dict[str, str] = dict(zip(LOOP, LOOP[1:]))
OPEN_STEPS = frozenset(LOOP)
# A lead is signed once a unit has it in hand: assigned, or already reporting on it.
CONVERTIBLE_STEPS = frozenset({Step.ASSIGNED, Step.FOLLOWING})

# Working days a lead may stay in each step when its county sets none. DOMAIN.md ("The pipeline"):
# acknowledge within 1 working day, assess within 3, feed back within 5–7, report every two weeks.
DEFAULT_LIMITS: dict[str, int] = {
    Step.COLLECTED: 1,  # acknowledge: the bureau screens a new lead within 1 working day
    Step.SCREENED: 3,  # assess within 3
    Step.ASSESSED: 1,  # an assessed lead is handed to a unit as promptly as a new one is acknowledged
    Step.ASSIGNED: 7,  # the unit feeds back within 5–7; the outer bound, so no county's practice shows late
    Step.FOLLOWING: 10,  # a report every two weeks while following up; each report restarts the clock
}

# What each step asks of the people working the lead, for the clock's label.
STEP_TASK = {
    Step.COLLECTED: _("筛选"),
    Step.SCREENED: _("研判"),
    Step.ASSESSED: _("交办"),
    Step.ASSIGNED: _("反馈"),
    Step.FOLLOWING: _("跟踪报告"),
}


def county_of(division_id: str) -> str:
    return division_id[:6]


class Limits:
    """The step limits of the counties in a user's scope: a county's own rows, else the defaults.
    One query, however many leads are then timed."""

    def __init__(self, rows: Iterable[tuple[str, str, int]] = ()):
        self.custom: dict[tuple[str, str], int] = {(county, step): n for county, step, n in rows}

    @classmethod
    def for_prefix(cls, prefix: str | None) -> Limits:
        if prefix is None:
            return cls()
        rows = LeadStepLimit.objects.filter(division__code__startswith=prefix[:6]).values_list(
            "division_id", "step", "workdays")
        return cls(rows)

    @classmethod
    def for_county(cls, county: str) -> Limits:
        return cls(LeadStepLimit.objects.filter(division_id=county).values_list("division_id", "step", "workdays"))

    def of(self, division_id: str, step: str) -> int | None:
        if step not in DEFAULT_LIMITS:
            return None
        return self.custom.get((county_of(division_id), step), DEFAULT_LIMITS[step])

    def is_custom(self, division_id: str, step: str) -> bool:
        return (county_of(division_id), step) in self.custom


@dataclass(frozen=True)
class StepClock:
    step: str
    entered_on: date
    limit: int
    due_on: date
    ended_on: date | None
    overdue_by: int  # working days after the due date, up to the end of the step or today

    @property
    def overdue(self) -> bool:
        return self.overdue_by > 0

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def task(self) -> str:
        return STEP_TASK[self.step]


def step_clock(*, step: str, entered_at: datetime, limit: int | None, ended_at: datetime | None = None,
               today: date | None = None) -> StepClock | None:
    """The clock of one stay in a step; None for the loop's ends (converted, dropped), which have none."""
    if limit is None:
        return None
    entered_on = timezone.localdate(entered_at)
    due_on = workdays.add_workdays(entered_on, limit)
    ended_on = timezone.localdate(ended_at) if ended_at is not None else None
    until = ended_on or today or timezone.localdate()
    overdue_by = workdays.workdays_between(due_on + timedelta(days=1), until)
    return StepClock(step=step, entered_on=entered_on, limit=limit, due_on=due_on, ended_on=ended_on,
                     overdue_by=overdue_by)


def lead_clock(lead: Lead, limits: Limits, *, today: date | None = None) -> StepClock | None:
    """The clock of the step the lead is in now."""
    return step_clock(step=lead.step, entered_at=lead.step_entered_at, limit=limits.of(lead.division_id, lead.step),
                      today=today)


def _cutoff(last_workday: date, limit: int) -> datetime:
    """A step entered before this instant is late today. With L the last working day up to today, a
    step entered on day d is late when its due date add_workdays(d, N) falls before L, which holds
    exactly when d is before add_workdays(L, -N)."""
    start = workdays.add_workdays(last_workday, -limit)
    return timezone.make_aware(datetime.combine(start, time.min))


def overdue_q(limits: Limits, *, today: date | None = None) -> Q:
    """Leads whose current step is late today, as one filter the database can use (the step-clock
    index), so the list's "overdue" filter paginates in SQL."""
    today = today or timezone.localdate()
    last_workday = today if workdays.is_workday(today) else workdays.add_workdays(today, -1)
    condition = Q(pk__in=[])
    for step in LOOP:
        custom = {county: n for (county, s), n in limits.custom.items() if s == step}
        condition |= (Q(step=step, step_entered_at__lt=_cutoff(last_workday, DEFAULT_LIMITS[step]))
                      & ~Q(division_id__in=list(custom)))
        for county, n in custom.items():
            condition |= Q(step=step, division_id=county, step_entered_at__lt=_cutoff(last_workday, n))
    return condition
