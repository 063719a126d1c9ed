"""A request's working-day clock and the state derived from it. Nothing here is stored: the same answer
comes out whether or not the deemed-approval job has run.

The rules, as this module reads them (行政许可法, working days per 第八十二条):

* The clock starts on the day of acceptance (第四十二条: 自受理行政许可申请之日起). The unit must accept
  or return the application for supplements within 5 working days of receiving it (第三十二条); if it does
  neither, the application counts as accepted on the day it was received (逾期不告知的，自收到申请材料之日
  起即为受理), and the clock runs from then. So a unit cannot stop the clock by leaving a request unaccepted.
* A period counted in days starts on the day after the event (民法典第二百零一条, as `add_workdays`):
  accepted on day A with a limit of N, the deadline is the N-th working day after A.
* A stop (补正材料, 听证, 专家评审; 第四十五条) begun on day R and ended on day S does not count the
  working days after R up to and including S: the unit used R, the firm's resubmission day S starts the
  count again from the day after. A return before acceptance only resets the day of receipt.
* When the deadline passes with no decision, a matter where deemed approval applies counts as approved
  on the deadline (超时默认); the late unit must issue its document within 1 working day after it. A
  matter excluded by law (public safety, health, life) is shown overdue instead, never approved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from chengjie.workcalendar import workdays

from .models import ApprovalRequest, ClockStop, StopEvent

# 行政许可法第三十二条: 五日内一次告知申请人需要补正的全部内容 (工作日, 第八十二条).
ACCEPTANCE_WINDOW_WORKDAYS = 5
# The county's 超时默认 rule: the late unit issues its document within 1 working day of the deemed approval.
DOCUMENT_DUE_WORKDAYS = 1

State = ApprovalRequest.State


class Status(StrEnum):
    """What a request is now, as pages, lists and the API show it."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    RUNNING = "running"
    STOPPED = "stopped"
    OVERDUE = "overdue"
    DEEMED = "deemed"
    APPROVED = "approved"
    REFUSED = "refused"


STATUS_LABELS = {
    Status.SUBMITTED: _("待受理"),
    Status.RETURNED: _("退回补正"),
    Status.RUNNING: _("办理中"),
    Status.STOPPED: _("暂停计时"),
    Status.OVERDUE: _("超期未办结"),
    Status.DEEMED: _("超时默认"),
    Status.APPROVED: _("准予许可"),
    Status.REFUSED: _("不予许可"),
}
OPEN_STATUSES = frozenset({Status.SUBMITTED, Status.RETURNED, Status.RUNNING, Status.STOPPED, Status.OVERDUE})


@dataclass(frozen=True)
class Period:
    """One stop as the clock counts it."""

    event: str
    started_on: date
    ended_on: date | None
    before_acceptance: bool
    reason: str
    counted_workdays: int  # working days it took off the clock (0 for a return before acceptance)

    @property
    def event_label(self) -> str:
        return StopEvent(self.event).label


@dataclass(frozen=True)
class Clock:
    received_on: date
    acceptance_due_on: date
    started_on: date | None  # None while waiting for acceptance or for a resubmission before acceptance
    deemed_accepted: bool  # started on the day of receipt because the unit let the acceptance window pass
    limit: int
    periods: tuple[Period, ...]
    stopped_by: Period | None  # the stop in force now
    deadline: date | None  # None before the start and while stopped
    used: int  # working days counted, up to the decision or today
    decided_on: date | None
    today: date
    deemed_applies: bool

    @property
    def left(self) -> int | None:
        return None if self.started_on is None else self.limit - self.used

    @property
    def ran_out(self) -> bool:
        """No decision on or before the deadline, and the deadline has passed."""
        if self.deadline is None:
            return False
        until = self.decided_on or self.today
        return until > self.deadline

    @property
    def overdue_by(self) -> int:
        if not self.ran_out:
            return 0
        return workdays.workdays_between(self.deadline + timedelta(days=1), self.decided_on or self.today)

    @property
    def document_due_on(self) -> date | None:
        """When deemed approval applies: the late unit's document is due 1 working day after the deadline."""
        if self.deadline is None or not self.deemed_applies:
            return None
        return workdays.add_workdays(self.deadline, DOCUMENT_DUE_WORKDAYS)

    @property
    def horizon(self) -> date:
        """The last date this clock computes with: what the missing-year warning must cover (a deadline on
        the last working day of a year puts the document due date in the next one)."""
        dates = [self.acceptance_due_on, self.decided_on or self.today]
        if self.deadline is not None:
            dates.append(self.deadline)
        if (due := self.document_due_on) is not None:
            dates.append(due)
        return max(dates)

    @property
    def missing_years(self) -> list[int]:
        return workdays.missing_years_between(self.received_on, self.horizon)


def stop_period(stop: ClockStop) -> tuple[str, date, date | None, bool, str]:
    return stop.event, stop.started_on, stop.ended_on, stop.before_acceptance, stop.reason


def compute(*, received_on: date, accepted_on: date | None, limit: int, stops: Iterable[tuple], decided_on: date | None,
            deemed_applies: bool, today: date) -> Clock:
    """The clock from what was recorded. `stops` are (event, started_on, ended_on, before_acceptance, reason)
    in the order they began."""
    stops = sorted(stops, key=lambda stop: stop[1])
    acceptance_due_on = workdays.add_workdays(received_on, ACCEPTANCE_WINDOW_WORKDAYS)
    open_return = any(before and ended is None for _e, _s, ended, before, _r in stops)
    until = decided_on or today
    if accepted_on is not None and accepted_on <= acceptance_due_on:
        started_on, deemed_accepted = accepted_on, False
    elif (accepted_on is not None or until > acceptance_due_on) and not open_return:
        started_on, deemed_accepted = received_on, True
    else:
        started_on, deemed_accepted = None, False

    periods: list[Period] = []
    stopped_by: Period | None = None
    deadline = workdays.add_workdays(started_on, limit) if started_on is not None else None
    used = workdays.workdays_between(started_on + timedelta(days=1), until) if started_on is not None else 0
    for event, begun, ended, before, reason in stops:
        counted = 0
        if started_on is not None and deadline is not None and not before and begun <= deadline:
            # A stop takes off the working days after it began (or after the start) up to its end.
            first = max(begun, started_on) + timedelta(days=1)
            counted = workdays.workdays_between(first, min(ended or until, until))
            if ended is not None:
                deadline = workdays.add_workdays(deadline, workdays.workdays_between(first, ended))
            used -= counted
        period = Period(event, begun, ended, before, reason, counted)
        periods.append(period)
        if ended is None and begun <= until:
            stopped_by = period
            if not before:
                deadline = None
    return Clock(received_on=received_on, acceptance_due_on=acceptance_due_on, started_on=started_on,
                 deemed_accepted=deemed_accepted, limit=limit, periods=tuple(periods), stopped_by=stopped_by,
                 deadline=deadline, used=max(used, 0), decided_on=decided_on, today=today,
                 deemed_applies=deemed_applies)


def request_clock(request: ApprovalRequest, *, today: date, stops: Iterable[ClockStop] | None = None) -> Clock:
    """The clock of one request; pass `stops` when they were prefetched (lists), else they are read."""
    rows = list(request.stops.all()) if stops is None else list(stops)
    return compute(received_on=request.received_on, accepted_on=request.accepted_on,
                   limit=request.time_limit_workdays, stops=[stop_period(s) for s in rows],
                   decided_on=request.decided_on, deemed_applies=request.deemed_approval_applies, today=today)


def status_of(request: ApprovalRequest, clock: Clock) -> Status:
    """The derived state. A decision on or before the deadline stands as made; past the deadline a matter
    where deemed approval applies is 超时默认 (approved at the deadline) whatever came later, and an
    excluded matter is 超期 until the unit decides."""
    if clock.deemed_applies and clock.ran_out:
        return Status.DEEMED
    if request.state == State.APPROVED:
        return Status.APPROVED
    if request.state == State.REFUSED:
        return Status.REFUSED
    if clock.started_on is None:
        return Status.RETURNED if clock.stopped_by is not None else Status.SUBMITTED
    if clock.stopped_by is not None:
        return Status.RETURNED if clock.stopped_by.event == StopEvent.SUPPLEMENT else Status.STOPPED
    if clock.ran_out:
        return Status.OVERDUE
    return Status.RUNNING
