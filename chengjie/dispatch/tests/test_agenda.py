"""Building the agenda from a county's facts, with cases worked out by hand: a project red today, one red
and stalled, one recorded red in the quarter with its notice still open (and one whose notice was closed),
projects at the boundary of the 签而不动 months setting, an escalated notice, an escalated appeal."""

from datetime import date

import pytest

from chengjie.appeals.testing import at, file_appeal
from chengjie.audit.models import AuditEvent
from chengjie.dispatch.agenda import stalled_cutoff, stalled_projects
from chengjie.dispatch.models import AgendaItem
from chengjie.dispatch.services import agenda_generate, agenda_item_add, agenda_item_remove, agenda_item_route, \
    dispatch_setting_set, meeting_create
from chengjie.core.errors import DomainError
from chengjie.projects.models import Project
from chengjie.projects.testing import complete_node, make_project
from chengjie.supervision.models import SupervisionNotice
from chengjie.supervision.services import notice_answer, notice_close
from chengjie.supervision.sweep import warnings_sweep

from .conftest import other_county_project

pytestmark = pytest.mark.django_db
Source = AgendaItem.Source


@pytest.fixture
def meeting(cast, today):
    return meeting_create(acting_user=cast.bureau, division_code="340882", year=2026, quarter=2)


def test_the_stalled_cutoff_counts_whole_months_back():
    assert stalled_cutoff(date(2026, 6, 30), 2) == date(2026, 4, 30)
    assert stalled_cutoff(date(2026, 6, 30), 3) == date(2026, 3, 30)
    assert stalled_cutoff(date(2026, 5, 31), 3) == date(2026, 2, 28)  # clamped to the month's end


@pytest.fixture
def county(cast, today, other_county):
    """The county's pipeline on 2026-06-30 under the default deadline rule, stalled after 2 months."""
    dispatch_setting_set(acting_user=cast.bureau, division_code="340882", stalled_months=2,
                         organ="潜山市招商引资工作领导小组办公室", number_prefix="潜招")
    # Red on 2026-05-15 (开工 planned in March, not done then), done late on 2026-06-20: yellow today,
    # but its notice of May is still open (answered, so not escalated).
    recorded = make_project(cast=cast, name="记录红色项目", stage="started", signed_on=date(2025, 10, 1),
                            actual_dates={"start": date(2026, 6, 20)})
    settled = make_project(cast=cast, name="已销号项目", stage="started", signed_on=date(2025, 10, 2),
                           actual_dates={"start": date(2026, 6, 20)})
    warnings_sweep(today=date(2026, 5, 15))
    notice_answer(acting_user=cast.clerk_a, notice=SupervisionNotice.objects.get(project=recorded),
                  response="6月20日前开工。")
    notice_close(acting_user=cast.bureau, notice=SupervisionNotice.objects.get(project=settled), note="已开工。")
    red = make_project(cast=cast, name="开工逾期项目", stage="land", signed_on=date(2025, 10, 1))
    red_stalled = make_project(cast=cast, name="供地逾期项目", stage="signed", signed_on=date(2025, 10, 1))
    escalated = make_project(cast=cast, name="升级督办项目", stage="land", signed_on=date(2025, 10, 1))
    warnings_sweep(today=date(2026, 6, 30))
    notice = SupervisionNotice.objects.get(project=escalated)
    SupervisionNotice.objects.filter(pk=notice.pk).update(escalation_level=1, tier=SupervisionNotice.Tier.JOINT)
    on_boundary = make_project(cast=cast, name="满两个月未动项目", signed_on=date(2026, 4, 30))
    make_project(cast=cast, name="差一天满两个月项目", signed_on=date(2026, 5, 1))
    merged = make_project(cast=cast, name="重复签约已合并项目", signed_on=date(2026, 3, 1))
    Project.objects.filter(pk=merged.pk).update(duplicate_state=Project.DuplicateState.MERGED)
    other_county_project(other_county, name="外县未动项目", signed_on=date(2026, 1, 5))
    with at("2026-06-15 10:00"):
        appeal = file_appeal(cast, stage="routed")
    return {"recorded": recorded, "red": red, "red_stalled": red_stalled, "escalated": escalated, "notice": notice,
            "on_boundary": on_boundary, "appeal": appeal}


def test_the_agenda_lists_each_problem_once_in_order(cast, county, meeting):
    items = agenda_generate(acting_user=cast.bureau, meeting=meeting)
    found = [(item.position, item.source, item.title, item.unit) for item in items]
    assert found == [
        (1, Source.RED, "开工逾期项目", cast.unit_a),
        (2, Source.RED, "供地逾期项目", cast.unit_b),
        (3, Source.RED, "记录红色项目", cast.unit_a),
        (4, Source.STALLED, "满两个月未动项目", cast.unit_a),
        (5, Source.NOTICE, f"升级督办项目（督办单 {county['notice'].code}）", cast.unit_a),
        (6, Source.APPEAL, "安徽潜山示例刷业有限公司：厂区门前道路积水影响出货", cast.unit_a),
    ]
    by_title = {item.title: item for item in items}
    red = by_title["开工逾期项目"]
    assert red.detail.startswith("开工：逾期") and red.project == county["red"]
    # Red today and stalled too: listed once, as red, with the stall in its text.
    assert by_title["供地逾期项目"].detail.startswith("供地：逾期 182 天未完成（计划 2025-12-30）（另有 1 个红色节点）")
    assert "2025-10-01 签约（协议投资 12,000 万元），签约后满 2 个月仍无任何节点进展" in by_title["供地逾期项目"].detail
    assert by_title["记录红色项目"].detail.startswith("2026-05 红色：开工：逾期")
    assert by_title["满两个月未动项目"].detail == "2026-04-30 签约（协议投资 12,000 万元），签约后满 2 个月仍无任何节点进展"
    notice_item = items[4]
    assert (notice_item.notice, notice_item.project, notice_item.tier) == (county["notice"], county["escalated"], "joint")
    assert "已升级 1 次" in notice_item.detail
    appeal_item = items[5]
    assert appeal_item.appeal == county["appeal"] and "已提级督办（第 2 级）" in appeal_item.detail
    assert {item.tier for item in items[:4]} == {"on_site"}
    meeting.refresh_from_db()
    assert meeting.agenda_built_on == date(2026, 6, 30)
    event = AuditEvent.objects.get(event="dispatch.agenda_generated")
    assert len(event.after["added"]) == 6 and event.actor_id == cast.bureau.pk


def test_a_node_between_milestones_is_progress(cast, today):
    """In a finer plan 项目备案 has no milestone: done, the project has moved though it is still 签约."""
    moved = make_project(cast=cast, name="已备案项目", signed_on=date(2026, 4, 1), fine=True)
    idle = make_project(cast=cast, name="未备案项目", signed_on=date(2026, 4, 1), fine=True)
    complete_node(moved.nodes.get(key="filing"), actual_date=date(2026, 4, 20))
    moved.refresh_from_db()
    assert moved.reached_milestone == "signed"
    assert list(stalled_projects("340882", today=today, months=2)) == [idle]


def test_the_months_setting_moves_the_boundary(cast, county, meeting):
    dispatch_setting_set(acting_user=cast.bureau, division_code="340882", stalled_months=3,
                         organ="潜山市招商引资工作领导小组办公室", number_prefix="潜招")
    items = agenda_generate(acting_user=cast.bureau, meeting=meeting)
    assert [item.title for item in items if item.source == Source.STALLED] == []


def test_building_again_adds_only_what_is_new_and_keeps_removals(cast, county, meeting):
    items = agenda_generate(acting_user=cast.bureau, meeting=meeting)
    agenda_item_remove(acting_user=cast.bureau, item=items[3], reason="已约谈企业，下月开工。")
    agenda_item_route(acting_user=cast.bureau, item=items[0], tier="county")
    late = make_project(cast=cast, name="新发现未动项目", signed_on=date(2026, 4, 10))
    again = agenda_generate(acting_user=cast.bureau, meeting=meeting)
    assert [(item.position, item.source, item.project) for item in again] == [(7, Source.STALLED, late)]
    items[3].refresh_from_db()
    items[0].refresh_from_db()
    assert items[3].is_removed and items[3].removed_reason == "已约谈企业，下月开工。" and items[0].tier == "county"
    assert AgendaItem.objects.filter(meeting=meeting).count() == 7


def test_a_manual_item_needs_a_reason_and_a_project_only_once(cast, county, meeting):
    agenda_generate(acting_user=cast.bureau, meeting=meeting)
    with pytest.raises(DomainError) as error:
        agenda_item_add(acting_user=cast.bureau, meeting=meeting, title="园区污水管网配套", reason="")
    assert error.value.field == "reason"
    with pytest.raises(DomainError) as error:
        agenda_item_add(acting_user=cast.bureau, meeting=meeting, title="再议", reason="领导要求",
                        project=county["red"])
    assert "已在议题中" in error.value.message
    item = agenda_item_add(acting_user=cast.bureau, meeting=meeting, title="园区污水管网配套", reason="开发区提出",
                           unit=cast.park_unit, tier="joint")
    assert (item.source, item.position, item.added_by, item.tier) == (Source.MANUAL, 7, cast.bureau, "joint")


def test_only_the_bureau_of_the_county_builds_the_agenda(cast, county, meeting):
    for user in (cast.leader, cast.clerk_a, cast.outsider):
        with pytest.raises(DomainError):
            agenda_generate(acting_user=user, meeting=meeting)
    assert not meeting.agenda_items.exists()


def test_a_meeting_once_per_county_and_quarter(cast, meeting):
    with pytest.raises(DomainError) as error:
        meeting_create(acting_user=cast.bureau, division_code="340882", year=2026, quarter=2)
    assert error.value.field == "quarter"
    assert meeting.title == "2026年第二季度重点项目调度会"
    with pytest.raises(DomainError):
        meeting_create(acting_user=cast.bureau, division_code="340881", year=2026, quarter=2)
