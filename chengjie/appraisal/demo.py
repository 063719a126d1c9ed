"""The demo county's last half-year site appraisal, replayed through the services at the moments it
happened and closed with its ranking: the bureau sets it up a week before the visit (the rule "reached
production in the half-year, contracted at least 5,000万元", two projects picked by hand with a reason, a
visiting order park by park), five appraisers — three county leaders, the 经信局's head and the 经开区
管委会's officer — score every project on their phones on the day, and the bureau closes scoring the next
working day.

The appraisal is the latest one visited at least two weeks before the day the demo is loaded; a county
visits six working days after the half-year's end."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from chengjie.accounts.models import User
from chengjie.demo.clock import at
from chengjie.projects.models import Milestone, Project
from chengjie.workcalendar.workdays import add_workdays

from .models import Appraisal, Criterion, Pick
from .selectors import half_span
from .services import (
    appraisal_appraisers_set,
    appraisal_create,
    appraisal_open_scoring,
    appraisal_pick,
    appraisal_pick_by_rule,
    appraisal_reorder,
    appraisal_rule_set,
    score_record,
    scoring_close,
)

COUNTY = "340882"
APPRAISERS = ["leader", "leader2", "leader4", "head", "park"]
# Projects worth showing that the rule does not find, with the reason the bureau gives.
BY_HAND = [
    ("精密轴承项目", "上半年新开工的亿元以上工业项目，未到投产节点但建设进度快"),
    ("塑胶制品及精密模具项目", "王河镇工业聚集区上半年开工的制刷配套项目，展示乡镇聚集区承接成效"),
]
# How well each project did, as a share of full marks (by visiting order), how each appraiser and criterion
# lean from it, and how one appraiser's view of one project differs: fixed, so the ranking is the same every
# time the demo loads.
STANDING = [Decimal("0.90"), Decimal("0.82"), Decimal("0.86"), Decimal("0.78"), Decimal("0.93"), Decimal("0.74"),
            Decimal("0.88"), Decimal("0.80")]
APPRAISER_LEAN = [Decimal("0.02"), Decimal("-0.03"), Decimal("0.00"), Decimal("0.04"), Decimal("-0.01")]
CRITERION_LEAN = [Decimal("0.03"), Decimal("-0.02"), Decimal("0.01"), Decimal("-0.04")]
OWN_VIEW = [Decimal("0.00"), Decimal("0.03"), Decimal("-0.02"), Decimal("0.01"), Decimal("-0.04"), Decimal("0.02"),
            Decimal("-0.01")]


def appraisal_half(today: date) -> tuple[int, int, date]:
    """(year, half, visiting day) of the appraisal the demo shows."""
    year, half = today.year, 1 if today.month <= 6 else 2
    while True:
        year, half = (year - 1, 2) if half == 1 else (year, 1)
        visit = add_workdays(half_span(year, half)[1], 6)
        if visit <= today - timedelta(days=14):
            return year, half, visit


def _score(pick: Pick, criterion: Criterion, appraiser: int) -> Decimal:
    share = (STANDING[(pick.position - 1) % len(STANDING)] + APPRAISER_LEAN[appraiser]
             + CRITERION_LEAN[(criterion.position - 1) % len(CRITERION_LEAN)]
             + OWN_VIEW[(3 * appraiser + 2 * pick.position + criterion.position) % len(OWN_VIEW)])
    return (criterion.max_score * min(share, Decimal(1))).quantize(Decimal("0.1"))


def _set_up(appraisal: Appraisal, *, bureau: User, people: Mapping[str, User]) -> list[Pick]:
    appraisal_rule_set(acting_user=bureau, appraisal=appraisal, milestone=Milestone.PRODUCTION,
                       min_investment=Decimal(5000))
    picks = appraisal_pick_by_rule(acting_user=bureau, appraisal=appraisal)
    picked = {pick.project_id for pick in picks}
    for name, reason in BY_HAND:
        project = Project.objects.filter(division__code__startswith=COUNTY, name=name).first()
        if project is not None and project.pk not in picked:
            picks.append(appraisal_pick(acting_user=bureau, appraisal=appraisal, project=project, reason=reason))
    # Visiting order: park by park, so the bus does not cross the county twice.
    parks = dict(Project.objects.filter(pk__in=[p.project_id for p in picks]).values_list("pk", "park__name"))
    order = sorted(picks, key=lambda pick: (parks[pick.project_id] or "", pick.position))
    appraisal_reorder(acting_user=bureau, appraisal=appraisal, order=[pick.pk for pick in order])
    appraisal_appraisers_set(acting_user=bureau, appraisal=appraisal, users=[people[name] for name in APPRAISERS])
    return list(appraisal.picks.order_by("position"))


def load_demo_appraisal(*, people: Mapping[str, User], today: date) -> Appraisal:
    """Replay the demo's last half-year appraisal; `people` are the demo's accounts by username."""
    bureau = people["bureau"]
    year, half, visit = appraisal_half(today)
    with at(add_workdays(visit, -5), 10):
        appraisal = appraisal_create(acting_user=bureau, division_code=COUNTY, year=year, half=half)
        picks = _set_up(appraisal, bureau=bureau, people=people)
    with at(visit, 8):
        appraisal_open_scoring(acting_user=bureau, appraisal=appraisal)
    criteria = list(appraisal.criteria.order_by("position"))
    sheets = {sheet.appraiser.username: sheet for sheet in appraisal.sheets.select_related("appraiser")}
    for pick in picks:
        # One project an hour from nine; each appraiser saves their scores at the site.
        with at(visit, min(8 + pick.position, 17)):
            for number, name in enumerate(APPRAISERS):
                score_record(acting_user=people[name], sheet=sheets[name], pick=pick,
                             values={c.pk: _score(pick, c, number) for c in criteria})
    with at(add_workdays(visit, 1), 10):
        return scoring_close(acting_user=bureau, appraisal=appraisal, results_seq=2 * half + 3)
