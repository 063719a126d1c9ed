"""The daily sweep: colour history per month, one notice per new red item (to the unit, copied to the
包保领导), escalation of unanswered notices, and the same result however often it runs."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.core.testing import make_user
from chengjie.notifications.models import Notification
from chengjie.projects.models import Project
from chengjie.supervision.models import ColourRecord, SupervisionNotice, WarningSetting
from chengjie.supervision.selectors import project_colour
from chengjie.supervision.services import notice_answer, notice_close
from chengjie.supervision.sweep import warnings_sweep
from chengjie.supervision.tasks import daily_warnings_sweep

from .factories import finish, make_project, node

TUESDAY = date(2026, 3, 10)


@pytest.fixture
def overdue(cast, presets):
    """供地 planned 3-2, not done: red on 3-10 by the default deadline rule; 开工 due 3-12: yellow."""
    return make_project(cast=cast, plan={"land": date(2026, 3, 2), "started": date(2026, 3, 12),
                                         "production": date(2026, 9, 30)},
                        units={"land": cast.unit_b})


def inbox(user, kind=None):
    notes = Notification.objects.filter(recipient=user)
    return list(notes.filter(kind=kind) if kind else notes)


def test_sweep_keeps_the_months_colours(overdue, cast):
    result = warnings_sweep(today=TUESDAY)
    assert (result.counties, result.projects) == (1, 1)
    records = {(r.node.key if r.node else None): (r.colour, r.reason)
               for r in ColourRecord.objects.filter(project=overdue, period=date(2026, 3, 1))}
    # The project and its warned nodes; 签约 (green) and the far-off nodes (blue) are not kept.
    assert records == {
        None: ("red", "供地：逾期 8 天未完成（计划 2026-03-02）"),
        "land": ("red", "逾期 8 天未完成（计划 2026-03-02）"),
        "started": ("yellow", "3 个工作日内到期（计划 2026-03-12）"),
    }


def test_red_node_gets_a_notice_to_its_unit_copied_to_the_leader(overdue, cast):
    result = warnings_sweep(today=TUESDAY)
    notice = SupervisionNotice.objects.get()
    assert result.notices_issued == ["潜督〔2026〕1号"]
    assert (notice.code, notice.unit, notice.node.key, notice.period) == ("潜督〔2026〕1号", cast.unit_b, "land",
                                                                       date(2026, 3, 1))
    assert notice.response_due == date(2026, 3, 13)  # Tue + 3 working days
    assert notice.reason == "供地：逾期 8 天未完成（计划 2026-03-02）"
    [to_unit] = inbox(cast.clerk_b)
    assert (to_unit.kind, to_unit.title) == ("supervision.notice_issued", f"督办单 潜督〔2026〕1号：{overdue.name}")
    assert to_unit.body == "供地：逾期 8 天未完成（计划 2026-03-02）。请于 2026-03-13 前报送整改方案。"
    assert to_unit.link == f"/supervision/notices/{notice.pk}/"
    assert [n.kind for n in inbox(cast.leader)] == ["supervision.notice_copied"]
    assert inbox(cast.clerk_a) == [] and inbox(cast.bureau) == []
    assert AuditEvent.objects.filter(event="supervision.sweep", after__issued=["潜督〔2026〕1号"]).count() == 1


def test_running_the_sweep_twice_changes_nothing_the_second_time(overdue, cast):
    first = warnings_sweep(today=TUESDAY)
    notifications = Notification.objects.count()
    second = warnings_sweep(today=TUESDAY)
    assert (first.records_created, first.notices_issued) == (3, ["潜督〔2026〕1号"])
    assert (second.records_created, second.records_updated, second.records_removed) == (0, 0, 0)
    assert second.notices_issued == [] and second.notices_escalated == []
    assert SupervisionNotice.objects.count() == 1
    assert Notification.objects.count() == notifications
    assert AuditEvent.objects.filter(event="supervision.sweep").count() == 1


def test_a_later_day_updates_this_months_records(overdue, cast):
    warnings_sweep(today=TUESDAY)
    started = node(overdue, "started")
    finish(started, date(2026, 3, 11))
    result = warnings_sweep(today=date(2026, 3, 12))
    assert (result.records_created, result.records_updated, result.records_removed) == (0, 2, 1)
    # 开工 done on time: no longer warned, so its record for March goes.
    assert not ColourRecord.objects.filter(node=started).exists()
    assert ColourRecord.objects.get(project=overdue, node__isnull=True).reason == "供地：逾期 10 天未完成（计划 2026-03-02）"


def test_notice_numbers_run_on_per_county_and_year(cast, presets):
    for _ in range(2):
        make_project(cast=cast, plan={"land": date(2026, 3, 2)})
    make_project(cast=cast, plan={"land": date(2026, 3, 2)}, division="340881")
    warnings_sweep(today=TUESDAY)
    make_project(cast=cast, plan={"land": date(2026, 3, 3)})
    warnings_sweep(today=TUESDAY)
    codes = sorted(SupervisionNotice.objects.values_list("division_id", "code"))
    assert codes == [("340881", "桐督〔2026〕1号"), ("340882", "潜督〔2026〕1号"), ("340882", "潜督〔2026〕2号"),
                     ("340882", "潜督〔2026〕3号")]


def test_several_notices_reach_a_unit_as_one_message(cast, presets):
    for _ in range(3):
        make_project(cast=cast, plan={"land": date(2026, 3, 2)})
    warnings_sweep(today=TUESDAY)
    [message] = inbox(cast.clerk_a)
    assert (message.title, message.link) == ("本单位收到 3 份督办单", "/supervision/notices/")
    assert message.body.count("潜督〔2026〕") == 3
    assert [n.title for n in inbox(cast.leader)] == ["您包保的项目新增 3 份督办单"]


def test_project_level_finding_goes_to_the_introducing_unit(cast, presets):
    WarningSetting.objects.create(division_id="340882", preset=presets["progress"], changed_by=cast.bureau)
    project = make_project(cast=cast, plan={"started": date(2026, 1, 5), "production": date(2026, 12, 31)},
                           done={"started": date(2026, 1, 5)}, units={"started": cast.unit_b}, contracted=0)
    warnings_sweep(today=TUESDAY)  # 开工 1-5, not 纳统 by 3-10: over two months
    notice = SupervisionNotice.objects.get()
    assert (notice.project, notice.node, notice.unit) == (project, None, cast.unit_a)
    assert notice.reason == "2026-01-05 开工，已满 2 个月未纳统"


def test_unanswered_notice_escalates_unit_head_then_leader_then_bureau(cast, presets):
    make_project(cast=cast, plan={"land": date(2026, 3, 2), "started": date(2026, 9, 30)}, units={"land": cast.unit_b})
    head_b = make_user("head_b", role=Role.UNIT_HEAD, unit=cast.unit_b)
    warnings_sweep(today=TUESDAY)  # due Fri 3-13
    notice = SupervisionNotice.objects.get()
    warnings_sweep(today=date(2026, 3, 13))
    notice.refresh_from_db()
    assert notice.escalation_level == 0  # the deadline day itself is still in time
    steps = [
        (date(2026, 3, 16), 1, "on_site", head_b),        # past 3-13: the unit's head
        (date(2026, 3, 19), 2, "joint", cast.leader),     # past 3-13 + 3 working days = 3-18: the 包保领导
        (date(2026, 3, 24), 3, "county", cast.bureau),    # past 3-13 + 6 working days = 3-23: the bureau
    ]
    for day, level, tier, told in steps:
        warnings_sweep(today=day)
        warnings_sweep(today=day)
        notice.refresh_from_db()
        assert (notice.escalation_level, notice.tier) == (level, tier)
        [message] = inbox(told, "supervision.notice_escalated")
        assert message.title == f"督办单 潜督〔2026〕1号 逾期未报整改方案，已升级（{notice.get_tier_display()}）"
    assert Notification.objects.filter(kind="supervision.notice_escalated").count() == 3
    warnings_sweep(today=date(2026, 3, 31))
    notice.refresh_from_db()
    assert notice.escalation_level == 3


def test_first_escalation_tells_the_units_head(cast, presets):
    make_project(cast=cast, plan={"land": date(2026, 3, 2)})
    warnings_sweep(today=TUESDAY)
    warnings_sweep(today=date(2026, 3, 16))
    assert [n.title for n in inbox(cast.head_a, "supervision.notice_escalated")] == [
        "督办单 潜督〔2026〕1号 逾期未报整改方案，已升级（现场解决）"]
    assert inbox(cast.clerk_a, "supervision.notice_escalated") == []


def test_answered_notice_does_not_escalate(overdue, cast):
    warnings_sweep(today=TUESDAY)
    notice_answer(acting_user=cast.clerk_b, notice=SupervisionNotice.objects.get(), response="本周内完成挂牌出让。")
    for day in (date(2026, 3, 16), date(2026, 3, 19), date(2026, 3, 24)):
        warnings_sweep(today=day)
    land = SupervisionNotice.objects.get(node__key="land")
    assert (land.status, land.escalation_level) == ("answered", 0)


def test_a_closed_notice_lets_next_month_issue_a_new_one_for_an_item_still_red(overdue, cast):
    warnings_sweep(today=TUESDAY)
    notice_close(acting_user=cast.bureau, notice=SupervisionNotice.objects.get(), note="已约谈，限期整改。")
    warnings_sweep(today=date(2026, 3, 20))  # 开工 has turned red too: its own notice, 2号
    land = SupervisionNotice.objects.filter(node__key="land")
    assert land.count() == 1  # one notice per item per month, closed or not
    result = warnings_sweep(today=date(2026, 4, 1))
    assert result.notices_issued == ["潜督〔2026〕3号"]  # 开工's notice is still open: nothing new for it
    assert land.filter(status="open").get().period == date(2026, 4, 1)


def test_sticky_red_is_read_from_last_months_record(cast, presets):
    WarningSetting.objects.create(division_id="340882", preset=presets["sticky"], changed_by=cast.bureau)
    project = make_project(cast=cast, plan={"land": date(2025, 12, 15), "started": date(2026, 9, 30)})
    warnings_sweep(today=date(2026, 3, 31))  # 供地 planned in December: three months behind in March
    assert ColourRecord.objects.get(project=project, node__isnull=True, period=date(2026, 3, 1)).colour == "red"
    land = node(project, "land")
    finish(land, date(2026, 4, 2))
    assert project_colour(project, today=date(2026, 4, 10)).colour == "yellow"  # made up, but not straight to green
    warnings_sweep(today=date(2026, 4, 30))
    assert ColourRecord.objects.get(project=project, node__isnull=True, period=date(2026, 4, 1)).colour == "yellow"
    assert project_colour(project, today=date(2026, 5, 10)).colour == "blue"


def test_sweep_for_an_earlier_day_sees_the_project_as_it_stood(overdue, cast):
    land = node(overdue, "land")
    finish(land, date(2026, 3, 9))
    warnings_sweep(today=date(2026, 3, 5))
    assert ColourRecord.objects.get(node=land, period=date(2026, 3, 1)).colour == "red"
    assert SupervisionNotice.objects.get().node == land


def test_merged_duplicates_are_not_supervised(overdue, cast):
    Project.objects.filter(pk=overdue.pk).update(duplicate_state=Project.DuplicateState.MERGED)
    result = warnings_sweep(today=TUESDAY)
    assert (result.projects, result.notices_issued) == (0, [])


def test_sweep_queries_do_not_grow_with_projects(cast, presets):
    def queries_for(count, day):
        for _ in range(count):
            make_project(cast=cast, plan={"land": date(2026, 3, 2), "started": date(2026, 3, 12)})
        with CaptureQueriesContext(connection) as captured:
            warnings_sweep(today=day)
        return len(captured)

    few = queries_for(2, TUESDAY)
    SupervisionNotice.objects.all().delete()
    ColourRecord.objects.all().delete()
    Notification.objects.all().delete()
    many = queries_for(20, TUESDAY)
    assert few == many


def test_command_runs_the_sweep_for_a_date(overdue, capsys):
    call_command("sweep", "warnings", "--date", "2026-03-10")
    out = capsys.readouterr().out
    assert out.strip() == ("2026-03-10 预警扫描完成：1 个县、1 个项目；颜色记录新增 3、更新 0、移除 0；"
                           "新下发督办单 1 份，升级 0 份。")
    with pytest.raises(CommandError, match="日期“2026-3-10”无效"):
        call_command("sweep", "warnings", "--date", "2026-3-10")


def test_nightly_task_sweeps_today(overdue, monkeypatch):
    monkeypatch.setattr("chengjie.supervision.tasks.timezone.localdate", lambda: TUESDAY)
    daily_warnings_sweep.call_local()
    assert SupervisionNotice.objects.get().period == date(2026, 3, 1)


def test_nightly_task_runs_at_half_past_one_beijing_time():
    from datetime import datetime

    assert daily_warnings_sweep.s().validate_datetime(datetime(2026, 3, 9, 17, 30))  # UTC
    assert not daily_warnings_sweep.s().validate_datetime(datetime(2026, 3, 10, 1, 30))


def test_command_says_when_the_presets_are_missing(overdue):
    from chengjie.supervision.models import WarningPreset

    WarningPreset.objects.all().delete()
    with pytest.raises(CommandError, match="没有默认预警规则"):
        call_command("sweep", "warnings", "--date", "2026-03-10")


@pytest.mark.django_db(transaction=True)
def test_counties_swept_side_by_side_come_out_as_swept_one_by_one(cast, presets):
    """On PostgreSQL each county goes to a process of its own (committed data, its own connection); on
    SQLite, with one writer, the same call sweeps one county after the other."""
    make_project(cast=cast, plan={"land": date(2026, 3, 2), "started": date(2026, 3, 12)})
    make_project(cast=cast, plan={"land": date(2026, 3, 2)}, division="340881")
    first = warnings_sweep(today=TUESDAY, workers=2)
    assert (first.counties, first.projects, first.records_created) == (2, 2, 5)
    assert sorted(first.notices_issued) == ["桐督〔2026〕1号", "潜督〔2026〕1号"]
    assert sorted(SupervisionNotice.objects.values_list("code", flat=True)) == ["桐督〔2026〕1号", "潜督〔2026〕1号"]
    again = warnings_sweep(today=TUESDAY, workers=2)
    assert (again.records_created, again.records_updated, again.notices_issued) == (0, 0, [])
