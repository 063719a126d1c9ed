"""The demo county's last month-end warning sweep and what the units did with its notices: run as the
worker runs it (01:30 on the month's last day, seeing the projects as they stood), then 经信局 and
自然资源局, which have clerks in the demo, report their rectification plans on the next working day; the
other units' notices stay unanswered, so the sweep of the day the demo is loaded escalates them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from chengjie.accounts.models import User
from chengjie.demo.clock import at
from chengjie.workcalendar.workdays import add_workdays

from .models import SupervisionNotice
from .services import notice_answer
from .sweep import SweepResult, warnings_sweep

# The clerks who answer for their units, and the plan they report.
ANSWERING = ("clerk", "clerk2")
PLAN = ("问题原因：{reason}。整改措施：已约谈项目方并建立周调度台账，由分管领导牵头协调，责任人每周报送进展。"
        "完成时限：下月底前完成该节点，逾期书面说明。")


def sweep_last_month_end(*, people: Mapping[str, User], today: date) -> tuple[SweepResult, list[SupervisionNotice]]:
    """The sweep of the last day of the month before `today`, and the notices answered after it."""
    month_end = today.replace(day=1) - timedelta(days=1)
    with at(month_end, 1, 30):
        swept = warnings_sweep(today=month_end)
    answered = []
    answer_day = min(add_workdays(month_end, 1), today)
    for username in ANSWERING:
        clerk = people[username]
        for notice in SupervisionNotice.objects.filter(code__in=swept.notices_issued, unit=clerk.unit).order_by("number"):
            with at(answer_day, 10):
                answered.append(notice_answer(acting_user=clerk, notice=notice,
                                              response=PLAN.format(reason=notice.reason.rstrip("。"))))
    return swept, answered
