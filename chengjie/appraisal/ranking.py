"""How an appraisal's scores become its ranking. Pure arithmetic on plain values, exact (fractions) until a
figure is shown, then rounded once to two decimals, half up.

1. One appraiser's points for one project on one criterion: weight × score ÷ full marks. With the default
   criteria full marks equal the weight, so the points are the score itself; a criterion scored 0–10 and
   weighted 30 gives 3 points per mark.
2. One appraiser's total for a project: the sum of its criteria's points (out of 100).
3. A project's score: the plain average of the totals of the appraisers who scored it (every criterion of it
   is saved at once, so an appraiser has scored a project fully or not at all). A sheet missing when the
   bureau closed scoring early is left out of that project's average, not counted as zero.
   A criterion's figure beside the score is the same average of that criterion's points.
4. Ranking: higher score first. Equal scores (exactly, before rounding) are separated by the criteria in
   order of weight, heaviest first (equal weights in the order the criteria are listed): the higher
   average points on the first criterion that differs ranks first. Projects equal on every criterion share
   a rank, and the next rank skips (1, 2, 2, 4); they are listed in visiting order. A project nobody scored
   has no rank and comes last.

Worked example (tests/test_ranking.py): criteria A weight 60 out of 10, B weight 40 out of 40; appraiser 1
gives project P A=8, B=30 → 60×8/10 + 40×30/40 = 48 + 30 = 78; appraiser 2 gives A=9, B=25 → 54 + 25 = 79;
P scores (78 + 79) ÷ 2 = 78.50.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@dataclass(frozen=True)
class CriterionSpec:
    key: int
    name: str
    weight: int
    max_score: int


@dataclass
class RankedProject:
    key: int                            # the pick
    rank: int | None                    # None: nobody scored it
    score: Fraction | None              # out of 100
    criterion_points: list[Fraction | None]  # in the criteria's order
    appraisers: int                     # how many appraisers' totals were averaged

    @property
    def shown_score(self) -> Decimal | None:
        return shown(self.score)

    @property
    def shown_points(self) -> list[Decimal | None]:
        return [shown(points) for points in self.criterion_points]


def shown(value: Fraction | None) -> Decimal | None:
    """The figure as printed: rounded once, two decimals, half up."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def points(criterion: CriterionSpec, value: Decimal | int) -> Fraction:
    return Fraction(criterion.weight) * Fraction(Decimal(value)) / criterion.max_score


def total(criteria: Sequence[CriterionSpec], values: Mapping[int, Decimal]) -> Fraction:
    """One appraiser's total for one project (step 2)."""
    return sum((points(c, values[c.key]) for c in criteria), Fraction(0))


def rank(criteria: Sequence[CriterionSpec], picks: Sequence[int],
         scores: Mapping[tuple[int, int], Mapping[int, Decimal]]) -> list[RankedProject]:
    """`picks` in visiting order; `scores[(sheet, pick)]` maps criterion key → value for each (appraiser,
    project) scored. Returns the projects in ranking order."""
    by_pick: dict[int, list[list[Fraction]]] = {pick: [] for pick in picks}
    for (_sheet, pick), values in scores.items():
        if pick in by_pick and all(c.key in values for c in criteria):
            by_pick[pick].append([points(c, values[c.key]) for c in criteria])
    rows = []
    for pick in picks:
        sheets = by_pick[pick]
        if not sheets:
            rows.append(RankedProject(key=pick, rank=None, score=None, criterion_points=[None] * len(criteria),
                                      appraisers=0))
            continue
        averages = [sum((sheet[i] for sheet in sheets), Fraction(0)) / len(sheets) for i in range(len(criteria))]
        rows.append(RankedProject(key=pick, rank=None, score=sum(averages, Fraction(0)), criterion_points=averages,
                                  appraisers=len(sheets)))
    # Tie-break order: heaviest criterion first, list order among equal weights.
    order = sorted(range(len(criteria)), key=lambda i: (-criteria[i].weight, i))
    visit = {pick: index for index, pick in enumerate(picks)}

    def standing(row: RankedProject) -> tuple:
        return (row.score, *(row.criterion_points[i] for i in order))

    scored = sorted((row for row in rows if row.score is not None),
                    key=lambda row: (tuple(-value for value in standing(row)), visit[row.key]))
    for place, row in enumerate(scored, start=1):
        previous = scored[place - 2] if place > 1 else None
        row.rank = previous.rank if previous is not None and standing(previous) == standing(row) else place
    return scored + [row for row in rows if row.score is None]
