"""The ranking arithmetic of ranking.py, worked by hand. Criteria: A weight 60 scored out of 10, B weight 40
scored out of 40, so one mark of A is 6 points and one mark of B is 1 point."""

from decimal import Decimal
from fractions import Fraction

from chengjie.appraisal.ranking import CriterionSpec, rank, shown

A = CriterionSpec(key=1, name="投资强度", weight=60, max_score=10)
B = CriterionSpec(key=2, name="建设进度", weight=40, max_score=40)
P, Q, X, Y, Z, N = 11, 12, 13, 14, 15, 16  # picks, in visiting order


def sheet(a, b):
    return {A.key: Decimal(a), B.key: Decimal(b)}


SCORES = {
    # appraiser 1 (sheet 101), appraiser 2 (sheet 102)
    (101, P): sheet(8, 30), (102, P): sheet(9, 25),     # 48+30 = 78, 54+25 = 79 → 78.50
    (101, Q): sheet(7, 40), (102, Q): sheet(10, 20),    # 42+40 = 82, 60+20 = 80 → 81.00
    (101, X): sheet(8, 32), (102, X): sheet(8, 32),     # 48+32 = 80 twice → 80.00, A 48
    (101, Y): sheet(10, 20), (102, Y): sheet(10, 20),   # 60+20 = 80 twice → 80.00, A 60
    (101, Z): sheet(8, 32), (102, Z): sheet(8, 32),     # the same as X on everything
}


def test_worked_example():
    rows = {row.key: row for row in rank([A, B], [P, Q, X, Y, Z, N], SCORES)}
    assert rows[P].score == Fraction(157, 2) and rows[P].shown_score == Decimal("78.50")
    assert rows[P].criterion_points == [Fraction(51), Fraction(55, 2)]  # (48+54)/2, (30+25)/2
    assert rows[P].shown_points == [Decimal("51.00"), Decimal("27.50")]
    assert rows[Q].shown_score == Decimal("81.00") and rows[P].appraisers == 2


def test_ties_break_on_the_heaviest_criterion_then_share_a_rank():
    ranked = [(row.key, row.rank, row.shown_score) for row in rank([A, B], [P, Q, X, Y, Z, N], SCORES)]
    assert ranked == [
        (Q, 1, Decimal("81.00")),
        (Y, 2, Decimal("80.00")),   # 80 like X and Z, but A 60 points against 48
        (X, 3, Decimal("80.00")),   # X and Z equal on everything: one rank, visiting order
        (Z, 3, Decimal("80.00")),
        (P, 5, Decimal("78.50")),   # the rank after a shared one skips
        (N, None, None),            # nobody scored it: no rank, last
    ]


def test_a_missing_sheet_is_left_out_not_counted_as_zero():
    scores = {key: value for key, value in SCORES.items() if key != (102, P)}
    rows = {row.key: row for row in rank([A, B], [P, Q], scores)}
    assert (rows[P].score, rows[P].appraisers) == (Fraction(78), 1)
    assert [row.key for row in rank([A, B], [P, Q], scores)] == [Q, P]


def test_equal_weights_break_in_list_order():
    C = CriterionSpec(key=3, name="产业带动", weight=50, max_score=50)
    D = CriterionSpec(key=4, name="亩均效益", weight=50, max_score=50)
    scores = {(1, P): {3: Decimal(30), 4: Decimal(40)}, (1, Q): {3: Decimal(40), 4: Decimal(30)}}
    assert [row.key for row in rank([C, D], [P, Q], scores)] == [Q, P]  # 产业带动 listed first decides


def test_rounded_once_at_the_end_half_up():
    thirds = {(1, P): sheet(8, 32), (2, P): sheet(8, 32), (3, P): sheet(8, 33)}  # (80 + 80 + 81) / 3
    assert rank([A, B], [P], thirds)[0].shown_score == Decimal("80.33")
    assert shown(Fraction(80005, 1000)) == Decimal("80.01")  # half up, not to even
    assert shown(Fraction(241, 3)) == Decimal("80.33")


def test_scores_in_tenths_convert_exactly():
    C = CriterionSpec(key=3, name="产业带动", weight=30, max_score=40)
    assert rank([C], [P], {(1, P): {3: Decimal("0.1")}})[0].score == Fraction(3, 40)  # 30 × 0.1 ÷ 40
