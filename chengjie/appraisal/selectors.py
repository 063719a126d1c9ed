"""Reads of appraisals, scoped to the user.

Who sees what: the bureau and leaders (appraisal.view) see the appraisals of their division scope; an
appraiser sees the appraisals they were chosen for. Score sheets: until scoring closes a sheet is visible
to its own appraiser only (everyone else gets a 404, the bureau included); afterwards to everyone who sees
the appraisal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet

from chengjie.accounts.models import User
from chengjie.accounts.roles import ROLE_CAPABILITIES
from chengjie.core.access import get_for_user
from chengjie.core.scope import division_q
from chengjie.projects.models import Node, Project
from chengjie.projects.selectors import LIVE

from .models import Appraisal, Criterion, Pick, Score, Sheet
from .ranking import CriterionSpec, RankedProject, rank, shown, total

SCORER_ROLES = sorted(role for role, capabilities in ROLE_CAPABILITIES.items() if "appraisal.score" in capabilities)


def half_span(year: int, half: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def appraisals_for_user(*, user) -> QuerySet[Appraisal]:
    if not user.is_authenticated:
        return Appraisal.objects.none()
    appraisals = Appraisal.objects.filter(division_q(user))
    if user.has_capability("appraisal.view"):
        return appraisals
    if user.has_capability("appraisal.score"):
        return appraisals.filter(Exists(Sheet.objects.filter(appraisal=OuterRef("pk"), appraiser=user)))
    return Appraisal.objects.none()


def appraisal_list(*, user) -> QuerySet[Appraisal]:
    return (appraisals_for_user(user=user).select_related("division")
            .annotate(pick_count=Count("picks", distinct=True), sheet_count=Count("sheets", distinct=True))
            .order_by("-year", "-half", "division_id"))


def get_appraisal_for_user(user, pk, *, write: bool = False, write_capability: str = "appraisal.manage") -> Appraisal:
    appraisals = appraisals_for_user(user=user).select_related("division", "closed_by")
    return get_for_user(user, appraisals, write=write, write_capability=write_capability, pk=pk)


def picks(appraisal: Appraisal) -> list[Pick]:
    return list(appraisal.picks.select_related("project", "project__introducing_unit", "project__park",
                                               "picked_by").order_by("position"))


def criteria(appraisal: Appraisal) -> list[Criterion]:
    return list(appraisal.criteria.order_by("position"))


def sheets(appraisal: Appraisal) -> list[Sheet]:
    return list(appraisal.sheets.select_related("appraiser", "appraiser__unit").order_by("appraiser__full_name",
                                                                                          "appraiser_id"))


def own_sheet(appraisal: Appraisal, user) -> Sheet | None:
    return appraisal.sheets.filter(appraiser=user).first() if user.is_authenticated else None


def get_sheet_for_user(user, appraisal: Appraisal, pk, *, write: bool = False) -> Sheet:
    """404 for anyone else's sheet until scoring closes; writing is the appraiser's own, while scoring."""
    found = appraisal.sheets.select_related("appraiser", "appraisal", "appraisal__division")
    if appraisal.status != Appraisal.Status.CLOSED or write:
        found = found.filter(appraiser=user)
    return get_for_user(user, found, write=write, write_capability="appraisal.score", pk=pk)


def rule_candidates(appraisal: Appraisal) -> QuerySet[Project]:
    """Live projects of the county that reached the rule's node in the half-year with at least the rule's
    contracted investment, by the day they reached it."""
    start, end = half_span(appraisal.year, appraisal.half)
    reached = Node.objects.filter(project=OuterRef("pk"), milestone=appraisal.rule_milestone,
                                  actual_date__range=(start, end))
    return (Project.objects.filter(LIVE, division__code__startswith=appraisal.division_id,
                                   contracted_investment__gte=appraisal.rule_min_investment)
            .filter(Exists(reached)).select_related("introducing_unit").order_by("signed_on", "pk"))


def scorer_choices(appraisal: Appraisal) -> QuerySet[User]:
    """Who may be an appraiser: active people of the county whose role may score."""
    return (User.objects.filter(is_active=True, role__in=SCORER_ROLES, division__code__startswith=appraisal.division_id)
            .select_related("unit").order_by("role", "unit__name", "full_name"))


@dataclass
class Progress:
    sheet: Sheet
    scored: int
    total: int

    @property
    def complete(self) -> bool:
        return self.scored == self.total


def progress(appraisal: Appraisal) -> list[Progress]:
    """How many projects each appraiser has scored — counts only: the scores stay unread until closing."""
    total = appraisal.picks.count()
    counts = dict(Score.objects.filter(sheet__appraisal=appraisal).values("sheet_id")
                  .annotate(n=Count("pick_id", distinct=True)).values_list("sheet_id", "n"))
    return [Progress(sheet=sheet, scored=counts.get(sheet.pk, 0), total=total) for sheet in sheets(appraisal)]


def sheet_values(sheet: Sheet) -> dict[int, dict[int, object]]:
    """pick → criterion → value of one sheet."""
    values: dict[int, dict[int, object]] = {}
    for pick_id, criterion_id, value in sheet.scores.values_list("pick_id", "criterion_id", "value"):
        values.setdefault(pick_id, {})[criterion_id] = value
    return values


def spec(criterion: Criterion) -> CriterionSpec:
    return CriterionSpec(key=criterion.pk, name=criterion.name, weight=criterion.weight, max_score=criterion.max_score)


def sheet_total(criteria: list[Criterion], values: dict[int, object]):
    """An appraiser's total for one project, as shown (two decimals)."""
    return shown(total([spec(c) for c in criteria], values))


@dataclass
class Results:
    criteria: list[Criterion]
    rows: list[tuple[Pick, RankedProject]]
    sheets: list[Sheet]
    missing: list[tuple[Sheet, int]]  # sheets short of projects when scoring closed, and by how many


def results(appraisal: Appraisal) -> Results:
    """The ranking (ranking.py) from every sheet's scores: a fixed number of queries."""
    listed_criteria, listed_picks, listed_sheets = criteria(appraisal), picks(appraisal), sheets(appraisal)
    scores: dict[tuple[int, int], dict[int, object]] = {}
    for sheet_id, pick_id, criterion_id, value in Score.objects.filter(sheet__appraisal=appraisal).values_list(
            "sheet_id", "pick_id", "criterion_id", "value"):
        scores.setdefault((sheet_id, pick_id), {})[criterion_id] = value
    specs = [spec(c) for c in listed_criteria]
    by_key = {pick.pk: pick for pick in listed_picks}
    ranked = rank(specs, [pick.pk for pick in listed_picks], scores)
    scored = {}
    for sheet_id, _pick in scores:
        scored[sheet_id] = scored.get(sheet_id, 0) + 1
    missing = [(sheet, len(listed_picks) - scored.get(sheet.pk, 0)) for sheet in listed_sheets
               if scored.get(sheet.pk, 0) < len(listed_picks)]
    return Results(criteria=listed_criteria, rows=[(by_key[row.key], row) for row in ranked], sheets=listed_sheets,
                   missing=missing)
