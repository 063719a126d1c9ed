"""Overdue steps escalate one level up — unit head, then the 包保领导 of the firm's project (or the county
office) — derived from the clock on every read, with no worker; the job only records and announces, once,
however often it runs."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from chengjie.appeals.escalation import escalation_target
from chengjie.appeals.models import AppealEscalation
from chengjie.appeals.selectors import with_clocks
from chengjie.appeals.services import appeals_escalate_due
from chengjie.appeals.tasks import hourly_appeals_escalation
from chengjie.appeals.testing import at, file_appeal
from chengjie.audit.models import AuditEvent
from chengjie.core.request_context import acting_as
from chengjie.core.testing import login_as
from chengjie.notifications.models import Notification
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


def _level(appeal, today):
    return with_clocks([appeal], today=today)[0].level


def test_a_late_acceptance_is_escalated_to_the_unit_head_with_no_worker(cast, client):
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, stage="routed")
    assert _level(appeal, date(2026, 10, 8)) == 0  # due on the first working day after the holiday
    assert _level(appeal, date(2026, 10, 9)) == 1
    assert escalation_target(appeal, 1).users == [cast.head_a]
    login_as(client, cast.bureau)
    with at("2026-10-09 09:00"):
        page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "已提级督办（第 1 级）：经信局负责人" in page
    assert not AppealEscalation.objects.exists() and not Notification.objects.filter(kind="appeals.escalated").exists()


def test_each_late_step_climbs_one_level_to_the_project_s_leader(cast):
    make_project(cast=cast, investor=cast.firm, investor_name=cast.firm.name)
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, stage="routed")
    assert _level(appeal, date(2026, 10, 12)) == 2  # acceptance and reply both late
    target = escalation_target(appeal, 2)
    assert target.users == [cast.leader] and target.label.startswith("包保领导 县领导（项目：")


def test_without_a_project_the_top_level_is_the_county_office(cast):
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, stage="routed")
    target = escalation_target(appeal, 2)
    assert target.users == [cast.bureau] and target.label == "招商主管部门（县级诉求受理）"


def test_an_unrouted_appeal_and_a_unit_without_a_head_escalate_to_the_top(cast):
    with at("2026-09-30 10:00"):
        unrouted = file_appeal(cast)
        headless = file_appeal(cast, stage="routed", unit=cast.unit_b)
    assert escalation_target(unrouted, 1).users == [cast.bureau]
    assert escalation_target(headless, 1).users == [cast.bureau]


def test_the_job_records_and_notifies_once_however_often_it_runs(cast):
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, stage="routed")
        on_time = file_appeal(cast, stage="accepted", subject="按时办理的诉求")
    with at("2026-10-09 00:10"), acting_as("job"):
        assert appeals_escalate_due() == 1
        assert appeals_escalate_due() == 0
    with at("2026-10-09 01:10"):
        hourly_appeals_escalation()  # the huey task itself (run inline in tests)
    row = AppealEscalation.objects.get()
    assert (row.appeal_id, row.cycle, row.level, row.cause, row.target) == (appeal.pk, 1, 1, "accept", "经信局负责人")
    assert Notification.objects.filter(kind="appeals.escalated").count() == 1
    assert Notification.objects.get(kind="appeals.escalated").recipient == cast.head_a
    audit = AuditEvent.objects.get(event="appeal.escalated")
    assert audit.actor_id is None and audit.channel == "job" and "逐级提级督办" in audit.note
    assert not AppealEscalation.objects.filter(appeal=on_time).exists()
    with at("2026-10-12 00:10"), acting_as("job"):
        # Both replies are late now: the first appeal climbs to level 2, the accepted one reaches level 1.
        assert appeals_escalate_due() == 2
        assert appeals_escalate_due() == 0
    assert list(AppealEscalation.objects.filter(appeal=appeal).values_list("level", "cause")) == [
        (1, "accept"), (2, "reply")]
    assert list(AppealEscalation.objects.filter(appeal=on_time).values_list("level", "cause")) == [(1, "reply")]
    assert Notification.objects.get(kind="appeals.escalated", recipient=cast.bureau)


def test_a_job_that_missed_days_records_every_level_reached(cast):
    with at("2026-09-30 10:00"):
        appeal = file_appeal(cast, stage="routed")
    with at("2026-10-20 00:10"), acting_as("job"):
        assert appeals_escalate_due() == 2
    assert list(AppealEscalation.objects.filter(appeal=appeal).values_list("level", "cause")) == [
        (1, "accept"), (2, "reply")]


def test_the_sweep_command_runs_the_same_job(cast):
    with at("2026-09-30 10:00"):
        file_appeal(cast, stage="routed")
    out = StringIO()
    with at("2026-10-09 08:00"):
        call_command("sweep", "appeals", stdout=out)
        call_command("sweep", "appeals", "--date", "2026-10-09", stdout=out)
    assert AppealEscalation.objects.count() == 1
    assert "2026-10-09 诉求时限扫描完成：新记录提级 1 次" in out.getvalue()
    assert "新记录提级 0 次" in out.getvalue()
