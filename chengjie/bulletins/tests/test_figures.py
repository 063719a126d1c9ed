"""The October 2026 bulletin of a small county, every figure worked out by hand below.

Units: A 经信局 (targets for everything), B 自然资源局 (a target for completed investment only), P 开发区管委会
(no target at all). Default thresholds: industrial ≥3,000万, other ≥1亿.

    project  unit  type        contracted  signed      plan start  plan prod.  started     produced
    P1       A     industrial  12,000      2026-02-10  2026-05-01  2027-03-01  2026-05-20  —
    P2       A     industrial   2,000      2026-04-01  2026-09-01  2027-06-01  —           —
    P7       A     industrial  20,000      2025-01-10  2025-04-01  2026-08-01  2025-04-10  2026-09-30
    P4       B     service     15,000      2026-09-15  2027-01-10  2028-01-01  —           —
    P5       B     service      8,000      2026-10-05  2027-02-01  2028-01-01  —           —
    P6       P     industrial   5,000      2025-03-01  2025-12-01  2027-01-01  —           —

Month figures (funds in place, of which out of province, completed investment), 万元:
    P1  2026-03 (3000, 2000, 1000); 2026-10 (0, 0, 2000); 纳统 2026-06-15
    P2  2026-06 (500, 0, 500)
    P7  2025-04 (800, 800, 800); 2025-11 (999, 0, 999)
    P6  2025-05 (700, 0, 700); 2026-08 (300, 100, 300)
"""

from datetime import date
from decimal import Decimal

import pytest

from chengjie.bulletins import arithmetic as ar
from chengjie.bulletins.compute import compute
from chengjie.bulletins.selectors import gather
from chengjie.bulletins.services import annual_targets_set, signing_threshold_set
from chengjie.bulletins.tables import build_tables
from chengjie.bulletins.testing import pipeline
from chengjie.supervision.sweep import warnings_sweep

OCTOBER = date(2026, 10, 1)
COUNTY = "340882"


@pytest.fixture
def county(cast, today):
    a, b, p = cast.unit_a, cast.unit_b, cast.park_unit
    annual_targets_set(acting_user=cast.bureau, division_code=COUNTY, year=2026, values={
        (a.pk, "signed_count"): 4, (a.pk, "signed_amount"): 40000, (a.pk, "out_of_province_funds"): 20000,
        (a.pk, "completed_investment"): 12000, (a.pk, "new_starts"): 2, (a.pk, "new_production"): 1,
        (b.pk, "completed_investment"): 6000})
    projects = {
        "P1": pipeline(cast, unit=a, signed_on=date(2026, 2, 10), contracted=12000, start_plan=date(2026, 5, 1),
                       production_plan=date(2027, 3, 1), started_on=date(2026, 5, 20), stats_on=date(2026, 6, 15),
                       figures={"2026-03": (3000, 2000, 1000), "2026-10": (0, 0, 2000)}),
        "P2": pipeline(cast, unit=a, signed_on=date(2026, 4, 1), contracted=2000, start_plan=date(2026, 9, 1),
                       production_plan=date(2027, 6, 1), figures={"2026-06": (500, 0, 500)}),
        "P7": pipeline(cast, unit=a, signed_on=date(2025, 1, 10), contracted=20000, start_plan=date(2025, 4, 1),
                       production_plan=date(2026, 8, 1), started_on=date(2025, 4, 10), produced_on=date(2026, 9, 30),
                       figures={"2025-04": (800, 800, 800), "2025-11": (999, 0, 999)}),
        "P4": pipeline(cast, unit=b, signed_on=date(2026, 9, 15), contracted=15000, project_type="service",
                       start_plan=date(2027, 1, 10), production_plan=date(2028, 1, 1)),
        "P5": pipeline(cast, unit=b, signed_on=date(2026, 10, 5), contracted=8000, project_type="service",
                       start_plan=date(2027, 2, 1), production_plan=date(2028, 1, 1)),
        "P6": pipeline(cast, unit=p, signed_on=date(2025, 3, 1), contracted=5000, start_plan=date(2025, 12, 1),
                       production_plan=date(2027, 1, 1), figures={"2025-05": (700, 0, 700), "2026-08": (300, 100, 300)}),
    }
    return projects


def october():
    return compute(gather(division_code=COUNTY, period=OCTOBER))


def row(content, unit):
    return next(r for r in content["rows"] if r["key"] == f"u{unit.pk}")


def figures(r, measure):
    f = r["figures"][measure]
    return (Decimal(f["ytd"]), Decimal(f["month"]), Decimal(f["last_ytd"]),
            None if f["target"] is None else Decimal(f["target"]))


def test_unit_figures_against_target(cast, county):
    content = october()
    a = row(content, cast.unit_a)
    # Signings: P1 counts (12,000 ≥ 3,000); P2 does not (2,000 < 3,000); last year P7 (20,000).
    assert figures(a, "signed_count") == (1, 0, 1, 4)
    assert figures(a, "signed_amount") == (12000, 0, 20000, 40000)
    # Out-of-province funds: P1's 2,000 in March; last year P7's 800 in April.
    assert figures(a, "out_of_province_funds") == (2000, 0, 800, 20000)
    # Completed investment: P1 1,000 + 2,000 and P2 500; October P1's 2,000; last year P7's April 800
    # (its November 999 lies after the same stretch of last year).
    assert figures(a, "completed_investment") == (3500, 2000, 800, 12000)
    # Starts: P1 in May (12,000 ≥ 1亿); last year P7. Production: P7 on 2026-09-30.
    assert figures(a, "new_starts") == (1, 0, 1, 2)
    assert figures(a, "new_starts_major")[:3] == (1, 0, 1)
    assert figures(a, "new_production") == (1, 0, 0, 1)
    # Start rate: P1 (planned May, started May) and P2 (planned September, not started); P7 started before
    # the year. Production rate: P7 (planned August, produced September). 纳统: P1, registered in June.
    assert a["rates"] == {"start_rate": [1, 2], "production_rate": [1, 1], "stats_rate": [1, 1]}
    # 3,500 ÷ 12,000 = 29.166…% → 29.2%; − 10/12 → 54.2 points behind; (3,500 − 800) ÷ 800 → +337.5%.
    table = {t["key"]: t for t in build_tables(content)}["completed_investment"]
    cells = [c["t"] for c in next(r for r in table["rows"] if r["id"] == f"u{cast.unit_a.pk}")["cells"]]
    assert cells == ["经信局", "12,000.00", "3,500.00", "29.2%", "-54.2", "2,000.00", "800.00", "337.5%"]


def test_unit_with_no_target_shows_a_dash(cast, county):
    content = october()
    b, p = row(content, cast.unit_b), row(content, cast.park_unit)
    # B: P4 counts (service, 15,000 ≥ 1亿); P5 does not (8,000 < 1亿); no target for signings.
    assert figures(b, "signed_count") == (1, 0, 0, None)
    assert figures(b, "completed_investment") == (0, 0, 0, 6000)
    # P: no target at all; P6's 300 this August against last May's 700; P6 was due to start 2025-12-01 and
    # has not: it stays in the start rate's base.
    assert figures(p, "completed_investment") == (300, 0, 700, None)
    assert p["rates"]["start_rate"] == [0, 1]
    tables = {t["key"]: t for t in build_tables(content)}
    cells = [c["t"] for c in next(r for r in tables["completed_investment"]["rows"]
                                  if r["id"] == f"u{cast.park_unit.pk}")["cells"]]
    assert cells == ["安徽潜山经济开发区管委会", "—", "300.00", "—", "—", "0.00", "700.00", "-57.1%"]
    signed = next(r for r in tables["signed_count"]["rows"] if r["id"] == f"u{cast.unit_b.pk}")
    assert [c["t"] for c in signed["cells"]] == ["自然资源局", "—", "1", "—", "—", "0", "0", "—"]
    # B's start rate has no base at all: "—", not 0% nor an error.
    rates = next(r for r in tables["rates"]["rows"] if r["id"] == f"u{cast.unit_b.pk}")
    assert [c["t"] for c in rates["cells"]][1:4] == ["0", "0", "—"]


def test_county_totals_ranking_and_sentences(cast, county):
    content = october()
    total = content["total"]
    # Targets add up over units: completed 12,000 + 6,000; signings only A's.
    assert figures(total, "completed_investment") == (3800, 2000, 1500, 18000)
    assert figures(total, "signed_amount") == (27000, 0, 25000, 40000)
    assert total["rates"] == {"start_rate": [1, 3], "production_rate": [1, 1], "stats_rate": [1, 1]}
    # A 29.2% before B 0.0%; P has no target and is not ranked.
    assert content["ranking"] == [f"u{cast.unit_a.pk}", f"u{cast.unit_b.pk}", f"u{cast.park_unit.pk}"]
    assert [row(content, u)["rank"] for u in (cast.unit_a, cast.unit_b, cast.park_unit)] == [1, 2, None]
    overview = content["sentences"]["overview"]
    # 3,800 ÷ 18,000 = 21.11…%; 21.11… − 83.33… = −62.22… → 62.2 behind; (3,800 − 1,500) ÷ 1,500 = +153.3%.
    assert "1-10月累计完成投资3,800万元，占年度计划的21.1%，落后序时进度62.2个百分点，同比增长153.3%。" in overview
    # 27,000 ÷ 40,000 = 67.5%; 67.5 − 83.33… = −15.83… → 15.8 behind; (27,000 − 25,000) ÷ 25,000 = +8.0%.
    assert "1-10月新签约项目协议投资2.70亿元，占年度计划的67.5%，落后序时进度15.8个百分点，同比增长8.0%。" in overview
    assert "1-10月新开工项目1个（其中亿元以上1个），占年度计划的50.0%，落后序时进度33.3个百分点，与上年同期持平。" in overview
    assert "新签约项目按协议投资工业项目3,000万元及以上、其他项目1亿元及以上计入。" in overview
    assert content["sentences"]["rates"] == [
        "截至10月底，计划开工项目3个、已开工1个，开工率33.3%；计划竣工投产项目1个、已投产1个，投产率100.0%；"
        "本年新开工项目1个、已纳统1个，纳统率100.0%。"]
    assert content["sentences"]["ranking"] == ["按完成固定资产投资占年度计划的比例排名，依次是经信局、自然资源局。"]


def test_red_and_yellow_items_by_responsible_unit(cast, county):
    # The October sweep (deadline rule): overdue and not done is red. 供地 is 自然资源局's node, 开工 the
    # introducing unit's: P2 供地 (B) and 开工 (A), P4 供地 (B), P5 供地 (B), P6 供地 (B) and 开工 (P).
    warnings_sweep(today=date(2026, 10, 31))
    content = october()
    counts = {}
    for item in content["warnings"]:
        counts.setdefault(item["row_name"], []).append((item["colour"], item["node"]))
    assert sorted(counts["自然资源局"]) == [("red", "供地")] * 4
    assert counts["经信局"] == [("red", "开工")]
    assert counts["安徽潜山经济开发区管委会"] == [("red", "开工")]
    assert content["sentences"]["warnings"] == [
        "10月共有红牌事项6项、黄牌事项0项，涉及3个单位，红牌较多的是自然资源局（4项）、安徽潜山经济开发区管委会（1项）、经信局（1项）。"]


def test_threshold_set_by_the_county_changes_what_counts(cast, county):
    # From 1,500万 for industry, P2 (2,000) counts; other projects from 5,000万, so P5 (8,000) too.
    signing_threshold_set(acting_user=cast.bureau, division_code=COUNTY, year=2026, industrial=1500, other=5000)
    content = october()
    assert figures(row(content, cast.unit_a), "signed_count")[:3] == (2, 0, 1)
    assert figures(row(content, cast.unit_b), "signed_count")[:3] == (2, 1, 0)
    assert "新签约项目按协议投资工业项目1,500万元及以上、其他项目5,000万元及以上计入。" in content["sentences"]["overview"]


def test_month_with_no_activity_shows_zeros(cast, today):
    annual_targets_set(acting_user=cast.bureau, division_code=COUNTY, year=2026,
                       values={(cast.unit_a.pk, "completed_investment"): 1200, (cast.unit_a.pk, "new_starts"): 3})
    content = compute(gather(division_code=COUNTY, period=date(2026, 1, 1)))
    a = row(content, cast.unit_a)
    assert figures(a, "completed_investment") == (0, 0, 0, 1200)
    assert a["rates"] == {"start_rate": [0, 0], "production_rate": [0, 0], "stats_rate": [0, 0]}
    # January: time progress 1/12 = 8.33…%; nothing done → 8.3 points behind.
    assert "1月累计完成投资0万元，占年度计划的0.0%，落后序时进度8.3个百分点。" in content["sentences"]["overview"]
    assert content["sentences"]["warnings"] == ["1月无红牌、黄牌事项。"]
    table = {t["key"]: t for t in build_tables(content)}["completed_investment"]
    assert [c["t"] for c in table["rows"][0]["cells"]] == ["经信局", "1,200.00", "0.00", "0.0%", "-8.3", "0.00",
                                                           "0.00", "—"]


def test_empty_county_has_only_a_total_row(cast, today):
    content = compute(gather(division_code=COUNTY, period=date(2026, 3, 1)))
    assert content["rows"] == []
    assert [len(t["rows"]) for t in build_tables(content)][:6] == [1] * 6
    assert content["sentences"]["ranking"] == ["各单位尚未下达完成固定资产投资年度目标，本期不排名。"]


def test_domain_example_in_a_bulletin(cast, today):
    """Plan 647.4亿, 629.0亿 done by the end of October → "占年度计划的97.2%，超序时进度13.8个百分点"."""
    annual_targets_set(acting_user=cast.bureau, division_code=COUNTY, year=2026,
                       values={(cast.unit_a.pk, "completed_investment"): 6474000})
    pipeline(cast, unit=cast.unit_a, signed_on=date(2025, 6, 1), contracted=9000000, start_plan=date(2025, 9, 1),
             production_plan=date(2028, 1, 1), started_on=date(2025, 9, 1),
             figures={"2026-04": (0, 0, 3000000), "2026-09": (0, 0, 3290000)})
    content = october()
    assert "1-10月累计完成投资629.00亿元，占年度计划的97.2%，超序时进度13.8个百分点。" in content["sentences"]["overview"]
    assert ar.gap_points(Decimal(6290000), Decimal(6474000), 10) == Decimal("13.8")
