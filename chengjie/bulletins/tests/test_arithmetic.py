"""The bulletin's arithmetic on figures a person can check with a calculator."""

from decimal import Decimal

from chengjie.bulletins import arithmetic as ar


def test_domain_example_is_rounded_once_at_the_end():
    # DOMAIN.md: plan 647.4亿, done 629.0亿 by the end of October → 97.2%, ahead by 13.8 points.
    plan, done = Decimal("6474000"), Decimal("6290000")  # 万元
    assert ar.percent(done, plan) == Decimal("97.2")
    assert ar.gap_points(done, plan, 10) == Decimal("13.8")
    # Rounding the share and the time progress first (97.2 − 83.3) would have said 13.9.
    assert ar.percent(done, plan) - ar.round_points(ar.time_progress(10) * 100) == Decimal("13.9")
    assert ar.gap_phrase(ar.gap_points(done, plan, 10)) == "超序时进度13.8个百分点"


def test_behind_time_progress_and_level_with_it():
    # 3,500 of 12,000 by the end of October: 29.1666…% against 83.3333…% → 54.2 points behind.
    assert ar.gap_points(Decimal(3500), Decimal(12000), 10) == Decimal("-54.2")
    assert ar.gap_phrase(Decimal("-54.2")) == "落后序时进度54.2个百分点"
    # 6 of 12 by the end of June is exactly time progress.
    assert ar.gap_points(Decimal(6), Decimal(12), 6) == Decimal("0.0")
    assert ar.gap_phrase(Decimal("0.0")) == "与序时进度持平"


def test_no_target_or_no_last_year_is_a_dash_not_a_division_by_zero():
    assert ar.percent(Decimal(500), None) is None
    assert ar.percent(Decimal(500), Decimal(0)) is None
    assert ar.gap_points(Decimal(500), Decimal(0), 10) is None
    assert ar.change_percent(Decimal(500), Decimal(0)) is None
    assert ar.percent_text(None) == ar.points_text(None) == "—"
    assert ar.change_phrase(None) == ""


def test_year_on_year_change():
    assert ar.change_percent(Decimal(3500), Decimal(800)) == Decimal("337.5")
    assert ar.change_phrase(Decimal("337.5")) == "同比增长337.5%"
    assert ar.change_phrase(ar.change_percent(Decimal(600), Decimal(800))) == "同比下降25.0%"


def test_amounts_as_a_bulletin_writes_them():
    assert ar.wan(Decimal("1234567.5")) == "1,234,567.50"
    assert ar.amount_text(Decimal("6290000")) == "629.00亿元"
    assert ar.amount_text(Decimal("3500")) == "3,500万元"
    assert ar.threshold_text(Decimal("3000.00")) == "3,000万元"
    assert ar.threshold_text(Decimal("10000.00")) == "1亿元"
    assert ar.threshold_text(Decimal("15000")) == "1.5亿元"
    assert ar.points_text(Decimal("13.8")) == "+13.8"
