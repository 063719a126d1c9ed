"""The warning rules, by hand-worked dates (2026 holidays from chinesecalendar: 中秋 9-25…27, 国庆 10-1…7,
调休上班 10-10 Saturday)."""

from datetime import date
from decimal import Decimal

import pytest

from chengjie.core.errors import DomainError
from chengjie.supervision.rules import Evaluator, NodeFacts, ProjectFacts, shift_months, validate_parameters

pytestmark = pytest.mark.django_db  # the working-day calendar reads its revision token

DEADLINE = {"yellow_workdays": 3}
COUNTDOWN = {"yellow_hours": 48}
PROGRESS = validate_parameters("progress", {})
STICKY = {"base": "progress", **PROGRESS}


def node(planned=None, actual=None, *, name="开工", milestone="started"):
    return NodeFacts(name=name, planned_date=planned, actual_date=actual, milestone=milestone)


def deadline(today, parameters=DEADLINE):
    return Evaluator("deadline", parameters, today)


# --- the deadline rule


@pytest.mark.parametrize(("planned", "actual", "colour"), [
    (date(2026, 3, 13), None, "yellow"),            # Tue 3-10 + 3 working days = Fri 3-13: inside the window
    (date(2026, 3, 16), None, "blue"),              # the Monday after is outside it
    (date(2026, 3, 10), None, "yellow"),            # due today is not yet overdue
    (date(2026, 3, 9), None, "red"),                # yesterday and not done
    (date(2026, 3, 9), date(2026, 3, 8), "green"),  # done before the plan
    (date(2026, 3, 9), date(2026, 3, 9), "green"),  # done on the day
    (date(2026, 3, 9), date(2026, 3, 10), "yellow"),  # done one day late
    (date(2026, 3, 9), date(2026, 3, 11), "red"),   # an actual date after today does not count yet
    (None, None, "blue"),
])
def test_deadline_rule_on_a_tuesday(planned, actual, colour):
    assert deadline(date(2026, 3, 10)).node(node(planned, actual)).colour == colour


def test_deadline_window_counts_working_days_over_a_weekend():
    friday = deadline(date(2026, 3, 13))
    assert friday.yellow_until == date(2026, 3, 18)  # Mon, Tue, Wed
    assert friday.node(node(date(2026, 3, 18))).colour == "yellow"
    assert friday.node(node(date(2026, 3, 19))).colour == "blue"


def test_deadline_window_stretches_over_national_day():
    # Wed 9-30 + 3 working days: 10-1…10-7 are holidays, so Thu 10-8, Fri 10-9 and the 调休 Saturday 10-10.
    ev = deadline(date(2026, 9, 30))
    assert ev.yellow_until == date(2026, 10, 10)
    due_after_holiday = ev.node(node(date(2026, 10, 9)))
    assert due_after_holiday.colour == "yellow"
    assert due_after_holiday.reason == "3 个工作日内到期（计划 2026-10-09）"
    assert ev.node(node(date(2026, 10, 12))).colour == "blue"


def test_deadline_reasons_say_how_late():
    ev = deadline(date(2026, 3, 10))
    assert ev.node(node(date(2026, 3, 1))).reason == "逾期 9 天未完成（计划 2026-03-01）"
    assert ev.node(node(date(2026, 3, 1), date(2026, 3, 4))).reason == "逾期 3 天完成（计划 2026-03-01，实际 2026-03-04）"


def test_countdown_variant_counts_calendar_hours():
    ev = deadline(date(2026, 3, 13), COUNTDOWN)  # Friday
    assert ev.yellow_until == date(2026, 3, 14)
    assert ev.node(node(date(2026, 3, 14))).reason == "距计划完成不足 48 小时（计划 2026-03-14）"
    # Monday is more than 48 hours away, though only one working day: blue, where the workday rule says yellow.
    assert ev.node(node(date(2026, 3, 16))).colour == "blue"
    assert deadline(date(2026, 3, 13)).node(node(date(2026, 3, 16))).colour == "yellow"


def test_deadline_project_takes_its_worst_node_and_counts_the_others():
    ev = deadline(date(2026, 3, 10))
    facts = ProjectFacts(nodes=(node(date(2026, 1, 5), date(2026, 1, 5), name="签约"),
                                node(date(2026, 3, 2), name="供地"), node(date(2026, 3, 5), name="开工"),
                                node(date(2026, 3, 11), name="竣工投产")))
    result = ev.project(facts)
    assert result.colour == "red"
    assert result.reason == "供地：逾期 8 天未完成（计划 2026-03-02）（另有 1 项红）"
    assert ev.project(ProjectFacts(nodes=())).colour == "blue"


# --- the progress rule (银川)


@pytest.mark.parametrize(("planned", "actual", "colour"), [
    (date(2026, 6, 30), None, "yellow"),   # due this month, not started
    (date(2026, 7, 1), None, "blue"),      # next month
    (date(2026, 5, 31), None, "yellow"),   # one month behind
    (date(2026, 4, 1), None, "yellow"),    # two months behind
    (date(2026, 3, 31), None, "red"),      # three months behind
    (date(2026, 3, 31), date(2026, 6, 10), "green"),
])
def test_progress_rule_holds_nodes_to_the_month(planned, actual, colour):
    assert Evaluator("progress", PROGRESS, date(2026, 6, 15)).node(node(planned, actual)).colour == colour


@pytest.mark.parametrize(("started", "registered", "colour"), [
    (date(2026, 5, 16), None, None),          # not yet a month
    (date(2026, 5, 15), None, "yellow"),      # a month to the day
    (date(2026, 4, 16), None, "yellow"),
    (date(2026, 4, 15), None, "red"),         # two months
    (date(2026, 4, 15), date(2026, 6, 1), None),
    (date(2026, 4, 15), date(2026, 6, 20), "red"),  # a 纳统 date after today does not count yet
])
def test_progress_rule_stats_registration(started, registered, colour):
    ev = Evaluator("progress", PROGRESS, date(2026, 6, 15))
    facts = ProjectFacts(nodes=(node(date(2026, 4, 1), started),), stats_registered_on=registered)
    clauses = ev.project_clauses(facts)
    assert [c.colour for c in clauses] == ([colour] if colour else [])


def test_stats_registration_months_clamp_at_month_end():
    assert shift_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    ev = Evaluator("progress", PROGRESS, date(2026, 3, 31))
    assert ev.project_clauses(ProjectFacts(nodes=(node(date(2026, 2, 1), date(2026, 2, 28)),)))[0].colour == "yellow"
    assert ev.project_clauses(ProjectFacts(nodes=(node(date(2026, 2, 1), date(2026, 3, 1)),))) == []


def lag_facts(completed, *, production_done=None):
    # Planned 开工 2026-03-01, 竣工投产 2026-12-26: a span of 300 days; 9,000万元 contracted.
    return ProjectFacts(
        nodes=(node(date(2026, 3, 1), date(2026, 3, 1)),
               node(date(2026, 12, 26), production_done, name="竣工投产", milestone="production")),
        contracted_investment=Decimal(9000), completed_investment=Decimal(completed), stats_registered_on=date(2026, 3, 20))


@pytest.mark.parametrize(("completed", "colour"), [
    (2101, None),       # 33.3% planned − 23.3% done: under 10 points
    (2100, "yellow"),   # exactly 10 points behind
    (1500, "yellow"),
    (300, "yellow"),    # exactly 30 points: still yellow
    (299, "red"),       # beyond 30
    (0, "red"),
])
def test_progress_rule_investment_lag_on_day_100_of_300(completed, colour):
    ev = Evaluator("progress", PROGRESS, date(2026, 6, 9))  # 100 days after planned 开工
    clauses = ev.project_clauses(lag_facts(completed))
    assert [c.colour for c in clauses] == ([colour] if colour else [])


def test_investment_lag_reason_and_when_it_applies():
    ev = Evaluator("progress", PROGRESS, date(2026, 6, 9))
    assert ev.project_clauses(lag_facts(1500))[0].reason == "投资进度滞后 16.7 个百分点（计划 33.3%，实际 16.7%）"
    assert Evaluator("progress", PROGRESS, date(2026, 2, 20)).project_clauses(lag_facts(0)) == []  # before 开工
    late = Evaluator("progress", PROGRESS, date(2027, 1, 10))  # past planned 竣工投产: the whole amount was due
    assert late.project_clauses(lag_facts(6000))[0].reason == "投资进度滞后 33.3 个百分点（计划 100.0%，实际 66.7%）"
    assert late.project_clauses(lag_facts(6000, production_done=date(2027, 1, 5))) == []


def test_progress_project_names_the_worst_finding():
    ev = Evaluator("progress", PROGRESS, date(2026, 6, 9))
    assert ev.project(lag_facts(0)).reason.startswith("投资进度滞后 33.3 个百分点")
    assert ev.project(lag_facts(6000)).colour == "blue"  # on pace, 竣工投产 still ahead


# --- sticky red (瓯海)


def test_sticky_red_turns_yellow_only_after_the_shortfall_is_made_up():
    ev = Evaluator("sticky", STICKY, date(2026, 6, 9))
    made_up = lag_facts(6000)
    assert ev.project(made_up, previous="red").colour == "yellow"      # never straight back to green/blue
    assert ev.project(made_up, previous="red").reason.startswith("上月红色，差距已补齐，本月转黄")
    assert ev.project(lag_facts(0), previous="red").colour == "red"    # still short: stays red
    assert ev.project(made_up, previous="yellow").colour == "blue"     # the month after, the rule's own colour
    assert ev.project(made_up).colour == "blue"
    assert ev.node(node(date(2026, 6, 5), date(2026, 6, 8)), previous="red").colour == "yellow"


def test_other_rules_ignore_last_months_colour():
    assert deadline(date(2026, 3, 10)).node(node(date(2026, 3, 20)), previous="red").colour == "blue"


# --- parameters


def test_parameters_get_their_defaults():
    assert validate_parameters("deadline", {}) == {"yellow_workdays": 3}
    assert validate_parameters("progress", {"lag_red_points": 40})["lag_yellow_points"] == 10
    assert validate_parameters("sticky", {"base": "deadline"}) == {"base": "deadline", "yellow_workdays": 3}


@pytest.mark.parametrize(("rule", "parameters", "message"), [
    ("deadline", {"yellow_workdays": -1}, "到期前黄色预警的工作日数（yellow_workdays）应为 0 到 30 之间的整数，实际是“-1”。"),
    ("deadline", {"yellow_workdays": True}, "到期前黄色预警的工作日数（yellow_workdays）应为 0 到 30 之间的整数，实际是“True”。"),
    ("deadline", {"yellow_workdays": 3, "yellow_hours": 48}, "期限规则的黄色预警只能按工作日（yellow_workdays）或按小时倒计时（yellow_hours）二选一，不能同时设置。"),
    ("deadline", {"yellow_hours": 36}, "倒计时小时数（yellow_hours）应为 24 的整数倍（颜色按日计算），实际是 36。"),
    ("deadline", {"yellow_days": 3}, "参数“yellow_days”不属于该规则，可用的参数是：yellow_hours、yellow_workdays。"),
    ("progress", {"lag_yellow_points": 30}, "黄色滞后阈值（30 个百分点）应小于红色滞后阈值（30 个百分点）。"),
    ("progress", {"lag_red_points": "30"}, "红色滞后阈值（lag_red_points）应为 1 到 100 之间的整数（百分点），实际是“30”。"),
    ("progress", {"stats_yellow_months": 2}, "未纳统黄色月数（2）应小于红色月数（2）。"),
    ("sticky", {}, "红色销号规则须指定基础规则（base）：deadline（期限规则）或 progress（进度规则）。"),
    ("sticky", {"base": "sticky"}, "红色销号规则须指定基础规则（base）：deadline（期限规则）或 progress（进度规则）。"),
    ("weekly", {}, "未知的预警规则“weekly”。"),
    ("deadline", [3], "规则参数应为“名称: 数值”的对象。"),
])
def test_invalid_parameters_are_refused_with_the_reason(rule, parameters, message):
    with pytest.raises(DomainError) as refused:
        validate_parameters(rule, parameters)
    assert refused.value.message == message
