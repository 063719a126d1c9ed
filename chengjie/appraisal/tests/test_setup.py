"""Setting an appraisal up: the selection rule and its editable parameters, manual picks and the visiting
order, criteria whose weights must sum to 100, appraisers who may score, opening scoring."""

from datetime import date
from decimal import Decimal

import pytest

from chengjie.appraisal.models import Criterion
from chengjie.appraisal.services import (
    CriterionRow,
    appraisal_appraisers_set,
    appraisal_criteria_set,
    appraisal_open_scoring,
    appraisal_pick,
    appraisal_pick_by_rule,
    appraisal_reorder,
    appraisal_rule_set,
    appraisal_unpick,
)
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.notifications.models import Notification
from chengjie.projects.models import Project
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


def started(cast, name, *, on, amount, signed_on=date(2025, 8, 1), **extra):
    return make_project(cast=cast, name=name, stage="started", signed_on=signed_on, actual_dates={"start": on},
                        contracted_investment=Decimal(amount), **extra)


def test_the_rule_picks_projects_started_this_half_year_from_1_yi(cast, appraisal):
    assert appraisal.title == "2026年上半年重点项目现场观摩"
    first = started(cast, "元旦开工项目", on=date(2026, 1, 1), amount=10000)          # exactly 1亿: in
    big = started(cast, "三月开工项目", on=date(2026, 3, 10), amount=25000)
    started(cast, "差一万元项目", on=date(2026, 3, 10), amount=9999)                  # below 1亿: out
    started(cast, "去年开工项目", on=date(2025, 12, 20), amount=30000, signed_on=date(2025, 6, 1))  # last half: out
    make_project(cast=cast, name="未开工大项目", signed_on=date(2026, 2, 1), contracted_investment=Decimal(50000))
    merged = started(cast, "重复签约项目", on=date(2026, 4, 1), amount=40000)
    Project.objects.filter(pk=merged.pk).update(duplicate_state=Project.DuplicateState.MERGED)
    picks = appraisal_pick_by_rule(acting_user=cast.bureau, appraisal=appraisal)
    assert [(p.project, p.position, p.by_rule) for p in picks] == [(first, 1, True), (big, 2, True)]
    assert appraisal_pick_by_rule(acting_user=cast.bureau, appraisal=appraisal) == []
    # The parameters are editable: from 2亿, any project the rule finds that is not picked yet.
    appraisal_rule_set(acting_user=cast.bureau, appraisal=appraisal, milestone="started", min_investment="20000")
    assert appraisal_pick_by_rule(acting_user=cast.bureau, appraisal=appraisal) == []
    appraisal_rule_set(acting_user=cast.bureau, appraisal=appraisal, milestone="started", min_investment="5000")
    assert [(p.project.name, p.position) for p in appraisal_pick_by_rule(acting_user=cast.bureau, appraisal=appraisal)] \
        == [("差一万元项目", 3)]
    with pytest.raises(DomainError) as error:
        appraisal_rule_set(acting_user=cast.bureau, appraisal=appraisal, milestone="signed", min_investment="0")
    assert error.value.field == "milestone"
    event = AuditEvent.objects.filter(event="appraisal.picked_by_rule").order_by("seq").first()
    assert event.after == {"rule": {"milestone": "started", "min_investment": "10000.00"},
                           "projects": ["元旦开工项目", "三月开工项目"]}


def test_manual_picks_and_the_visiting_order(cast, appraisal, three):
    first, second, third = three
    assert [p.position for p in three] == [1, 2, 3] and first.reason == "县领导点名"
    with pytest.raises(DomainError) as error:
        appraisal_pick(acting_user=cast.bureau, appraisal=appraisal, project=first.project, reason="再选")
    assert error.value.field == "project"
    with pytest.raises(DomainError) as error:
        appraisal_pick(acting_user=cast.bureau, appraisal=appraisal, project=make_project(cast=cast), reason=" ")
    assert error.value.field == "reason"
    appraisal_reorder(acting_user=cast.bureau, appraisal=appraisal, order=[third.pk, first.pk, second.pk])
    assert list(appraisal.picks.order_by("position").values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]
    with pytest.raises(DomainError):
        appraisal_reorder(acting_user=cast.bureau, appraisal=appraisal, order=[third.pk, first.pk])
    appraisal_unpick(acting_user=cast.bureau, pick=first)
    assert list(appraisal.picks.order_by("position").values_list("pk", "position")) == [(third.pk, 1), (second.pk, 2)]


def test_weights_must_sum_to_100(cast, appraisal):
    assert [(c.name, c.weight, c.max_score) for c in appraisal.criteria.all()] == [
        ("投资强度", 30, 30), ("建设进度", 30, 30), ("产业带动", 20, 20), ("亩均效益", 20, 20)]
    bad = [
        ([CriterionRow("投资强度", 50, 10), CriterionRow("建设进度", 49, 10)], "各指标权重之和应为 100，现为 99。"),
        ([CriterionRow("投资强度", 50, 10), CriterionRow("投资强度", 50, 10)], "指标“投资强度”重复。"),
        ([CriterionRow("投资强度", 100, 0)], "指标“投资强度”的满分应为 1–100 的整数，实际是“0”。"),
        ([], "至少要有一项评分指标。"),
    ]
    for rows, message in bad:
        with pytest.raises(DomainError) as error:
            appraisal_criteria_set(acting_user=cast.bureau, appraisal=appraisal, rows=rows)
        assert error.value.message == message
    appraisal_criteria_set(acting_user=cast.bureau, appraisal=appraisal,
                           rows=[CriterionRow("投资强度", 60, 10), CriterionRow("建设进度", 40, 40)])
    assert list(Criterion.objects.filter(appraisal=appraisal).values_list("name", "weight", "max_score")) == [
        ("投资强度", 60, 10), ("建设进度", 40, 40)]


def test_appraisers_are_people_of_the_county_who_may_score(cast, appraisal):
    for user in (cast.clerk_a, cast.outsider, cast.enterprise, cast.sys_admin):
        with pytest.raises(DomainError) as error:
            appraisal_appraisers_set(acting_user=cast.bureau, appraisal=appraisal, users=[user])
        assert error.value.field == "appraisers"
    sheets = appraisal_appraisers_set(acting_user=cast.bureau, appraisal=appraisal,
                                      users=[cast.leader, cast.head_a, cast.park])
    assert {s.appraiser for s in sheets} == {cast.leader, cast.head_a, cast.park}
    appraisal_appraisers_set(acting_user=cast.bureau, appraisal=appraisal, users=[cast.leader, cast.head_a])
    assert set(appraisal.sheets.values_list("appraiser__username", flat=True)) == {"leader", "head_a"}


def test_scoring_opens_once_everything_is_set_and_freezes_the_setup(cast, appraisal, three):
    with pytest.raises(DomainError) as error:
        appraisal_open_scoring(acting_user=cast.bureau, appraisal=appraisal)
    assert error.value.field == "appraisers"
    appraisal_appraisers_set(acting_user=cast.bureau, appraisal=appraisal, users=[cast.leader, cast.head_a])
    with pytest.raises(DomainError):
        appraisal_open_scoring(acting_user=cast.leader, appraisal=appraisal)
    appraisal = appraisal_open_scoring(acting_user=cast.bureau, appraisal=appraisal)
    assert appraisal.status == "scoring"
    told = Notification.objects.filter(kind="appraisal.scoring_opened")
    assert {n.recipient for n in told} == {cast.leader, cast.head_a}
    assert told.get(recipient=cast.head_a).link == \
        f"/appraisal/{appraisal.pk}/sheets/{appraisal.sheets.get(appraiser=cast.head_a).pk}/"
    for change in (lambda: appraisal_criteria_set(acting_user=cast.bureau, appraisal=appraisal,
                                                  rows=[CriterionRow("投资强度", 100, 10)]),
                   lambda: appraisal_pick_by_rule(acting_user=cast.bureau, appraisal=appraisal),
                   lambda: appraisal_unpick(acting_user=cast.bureau, pick=three[0]),
                   lambda: appraisal_appraisers_set(acting_user=cast.bureau, appraisal=appraisal, users=[cast.leader])):
        with pytest.raises(DomainError) as error:
            change()
        assert "评分中" in error.value.message
