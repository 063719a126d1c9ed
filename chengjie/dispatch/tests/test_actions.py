"""Action items: colours from the clock by the supervision deadline rule, the unit's report and the bureau's
confirmation, and reminders sent once however often the job runs."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.core.testing import freeze_today
from chengjie.dispatch.clock import with_colours
from chengjie.dispatch.models import ActionItem, ActionReminder
from chengjie.dispatch.reminders import run
from chengjie.dispatch.services import action_item_close, action_item_return
from chengjie.dispatch.tasks import daily_action_reminders
from chengjie.notifications.models import Notification
from chengjie.supervision.models import WarningPreset
from chengjie.supervision.services import warning_setting_set

from .conftest import action, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(cast, held):
    """On 2026-06-30 (Tuesday): overdue, due within 3 working days, on track, done on time, done late."""
    items = {
        "overdue": action(cast, held, deadline=date(2026, 6, 29)),
        "due_soon": action(cast, held, deadline=date(2026, 7, 2), unit=cast.unit_b),
        "on_track": action(cast, held, deadline=date(2026, 7, 31)),
        "on_time": action(cast, held, deadline=date(2026, 6, 25)),
        "late": action(cast, held, deadline=date(2026, 6, 20)),
    }
    report(cast, items["on_time"], done_on=date(2026, 6, 20))
    report(cast, items["late"], done_on=date(2026, 6, 25))
    return items


def colours(items) -> dict:
    found = {item.pk: (item.colour, item.colour_reason) for item in with_colours(ActionItem.objects.select_related("meeting"))}
    return {name: found[item.pk] for name, item in items.items()}


def test_colours_follow_the_deadline_rule(five):
    assert colours(five) == {
        "overdue": ("red", "逾期 1 天未完成（计划 2026-06-29）"),
        "due_soon": ("yellow", "3 个工作日内到期（计划 2026-07-02）"),
        "on_track": ("blue", "按计划推进（计划 2026-07-31）"),
        "on_time": ("green", "按期完成（2026-06-20）"),
        "late": ("yellow", "逾期 5 天完成（计划 2026-06-20，实际 2026-06-25）"),
    }


def test_a_county_on_the_progress_rule_still_times_action_items_by_deadline(cast, five):
    warning_setting_set(acting_user=cast.bureau, division_code="340882",
                        preset=WarningPreset.objects.get(rule="progress"), response_workdays=3)
    assert colours(five)["due_soon"][0] == "yellow" and colours(five)["overdue"][0] == "red"


def test_reminders_are_sent_once_however_often_the_job_runs(cast, five, monkeypatch):
    Notification.objects.all().delete()
    assert run(today=date(2026, 6, 30)) == 2
    assert run(today=date(2026, 6, 30)) == 0
    daily_action_reminders()  # the huey task itself, run inline: nothing new today
    assert set(ActionReminder.objects.values_list("action_item_id", "kind")) == {
        (five["overdue"].pk, "overdue"), (five["due_soon"].pk, "due_soon")}
    overdue = Notification.objects.filter(kind="dispatch.action_overdue")
    assert sorted(n.recipient.username for n in overdue) == ["bureau", "clerk_a", "head_a"]
    assert overdue.first().title == "议定事项已逾期：协调解决项目用地报批"
    assert overdue.first().link == f"/dispatch/actions/{five['overdue'].pk}/"
    assert [n.recipient.username for n in Notification.objects.filter(kind="dispatch.action_due_soon")] == ["clerk_b"]
    # A week later the second one is overdue too: one more reminder, and only that one.
    freeze_today(monkeypatch, date(2026, 7, 6))
    out = StringIO()
    call_command("dispatch", "remind", "--date", "2026-07-06", stdout=out)
    call_command("dispatch", "remind", "--date", "2026-07-06", stdout=out)
    assert "2026-07-06 议定事项提醒完成：发出提醒 1 条。" in out.getvalue()
    assert "发出提醒 0 条" in out.getvalue()
    assert ActionReminder.objects.filter(action_item=five["due_soon"], kind="overdue").count() == 1


def test_a_reported_item_is_not_reminded(cast, five):
    report(cast, five["overdue"], done_on=date(2026, 6, 30))
    assert run(today=date(2026, 6, 30)) == 1


def test_the_unit_reports_and_the_bureau_closes_or_returns(cast, five):
    item = five["overdue"]
    with pytest.raises(DomainError):
        report(cast, item, done_on=date(2026, 6, 30), by=cast.clerk_b)
    with pytest.raises(DomainError) as error:
        report(cast, item, done_on=date(2026, 7, 1))
    assert error.value.field == "done_on"
    item = report(cast, item, done_on=date(2026, 6, 30))
    assert Notification.objects.filter(kind="dispatch.action_reported", recipient=cast.bureau).exists()
    with pytest.raises(DomainError):
        action_item_close(acting_user=cast.leader, item=item, note="同意")
    item = action_item_return(acting_user=cast.bureau, item=item, note="用地报批材料未见批复。")
    assert (item.status, item.done_on) == ("open", None)
    item = report(cast, item, done_on=date(2026, 6, 30))
    item = action_item_close(acting_user=cast.bureau, item=item, note="已取得批复，同意销号。")
    assert (item.status, item.closed_by, item.closing_note) == ("closed", cast.bureau, "已取得批复，同意销号。")
    assert list(AuditEvent.objects.filter(object_id=str(item.pk), event__startswith="dispatch.action").order_by("seq")
                .values_list("event", flat=True)) == [
        "dispatch.action_created", "dispatch.action_reported", "dispatch.action_returned", "dispatch.action_reported",
        "dispatch.action_closed"]
    with pytest.raises(DomainError):
        report(cast, item, done_on=date(2026, 6, 30))


def test_an_action_item_needs_a_held_meeting_a_county_unit_and_a_sane_deadline(cast, held, today):
    from chengjie.dispatch.services import meeting_create

    preparing = meeting_create(acting_user=cast.bureau, division_code="340882", year=2026, quarter=3)
    with pytest.raises(DomainError) as error:
        action(cast, preparing, deadline=date(2026, 9, 30))
    assert "请先记录会议召开情况" in error.value.message
    with pytest.raises(DomainError) as error:
        action(cast, held, deadline=date(2026, 6, 9))
    assert error.value.field == "deadline"
    with pytest.raises(DomainError) as error:
        action(cast, held, deadline=date(2026, 7, 9), unit=cast.outsider.unit)
    assert error.value.field == "owner_unit"
    with pytest.raises(DomainError) as error:
        action(cast, held, deadline=date(2026, 7, 9), owner_person=cast.clerk_b)
    assert error.value.field == "owner_person"
    item = action(cast, held, deadline=date(2026, 7, 9), owner_person=cast.head_a)
    assert Notification.objects.filter(kind="dispatch.action_assigned", recipient=cast.head_a).count() == 1
    assert item.status == "open"
