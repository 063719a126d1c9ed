"""The worker side: retries with backoff, giving up, and never sending one delivery twice."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from chengjie.notifications import sending
from chengjie.notifications.models import Delivery, DeliveryState
from chengjie.notifications.sending import MAX_ATTEMPTS, deliveries_retry_due, delivery_claim
from chengjie.notifications.services import channel_create, channel_update, notify
from chengjie.notifications.tasks import retry_due_deliveries

from .fakes import FakeHTTP, free_port


def _wecom(user, url):
    return channel_create(acting_user=user, kind="wecom", address=url)


def _notify(user, capture=None):
    if capture is None:
        return notify(recipients=[user], kind="test", title="节点逾期")
    with capture(execute=True):
        return notify(recipients=[user], kind="test", title="节点逾期")


def test_failed_delivery_is_retried_and_sent_once_the_robot_recovers(cast, robot, django_capture_on_commit_callbacks):
    robot.replies.append((500, "busy"))
    _wecom(cast.clerk_a, robot.url("/send?key=k"))

    _notify(cast.clerk_a, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        DeliveryState.FAILED, 1, "企业微信机器人返回 HTTP 500。")
    first_failure = timezone.now()
    assert delivery.next_attempt_at == pytest.approx(first_failure + timedelta(minutes=1), abs=timedelta(seconds=5))

    assert deliveries_retry_due(now=first_failure) == 0, "not due before its backoff has passed"
    assert len(robot.received) == 1

    assert deliveries_retry_due(now=first_failure + timedelta(minutes=1, seconds=5)) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error, delivery.next_attempt_at) == (
        DeliveryState.SENT, 2, "", None)
    assert len(robot.received) == 2


def test_connection_refused_is_recorded_without_the_robot_key(cast, django_capture_on_commit_callbacks):
    port = free_port()
    _wecom(cast.clerk_a, f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=secret-key")

    _notify(cast.clerk_a, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.last_error == f"无法连接 127.0.0.1:{port}。"


def test_backoff_is_1_5_30_minutes_then_the_delivery_gives_up(cast, db):
    port = free_port()
    _wecom(cast.clerk_a, f"http://127.0.0.1:{port}/send")
    _notify(cast.clerk_a)  # no commit in this test: the sweep makes every attempt
    now = timezone.now()
    waits = []
    for _ in range(MAX_ATTEMPTS):
        assert deliveries_retry_due(now=now) == 0
        delivery = Delivery.objects.get()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - now)
            now = delivery.next_attempt_at
    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30)]
    assert (delivery.state, delivery.attempts) == (DeliveryState.GAVE_UP, 4)
    assert deliveries_retry_due(now=now + timedelta(days=1)) == 0
    assert Delivery.objects.get().attempts == 4


def test_running_the_retry_job_twice_sends_once(cast, robot, db):
    _wecom(cast.clerk_a, robot.url("/send"))
    _notify(cast.clerk_a)

    assert deliveries_retry_due() == 1
    assert deliveries_retry_due() == 0
    retry_due_deliveries.call_local()

    assert len(robot.received) == 1
    assert Delivery.objects.get().attempts == 1


def test_a_delivery_claimed_by_another_worker_is_left_alone(cast, robot, db):
    _wecom(cast.clerk_a, robot.url("/send"))
    _notify(cast.clerk_a)
    now = timezone.now()
    delivery = Delivery.objects.get()

    assert delivery_claim(delivery_id=delivery.pk, now=now) is True
    assert delivery_claim(delivery_id=delivery.pk, now=now) is False
    assert deliveries_retry_due(now=now) == 0
    assert robot.received == []
    # A worker that died holding it: the row comes due again once the lease runs out.
    assert deliveries_retry_due(now=now + sending.CLAIM_LEASE) == 1
    assert len(robot.received) == 1


# The SQLite test database lives in memory with a shared cache, whose table locks fail at once ("database
# table is locked") instead of waiting out the busy timeout as the file database of an install does; two
# threads there test the test database, not the claim. The claim itself is tested on both databases above.
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two writers at once need a real database file "
                    "or server; the in-memory SQLite test database fails a second writer at once")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_send_each_delivery_once(refdata, cast):
    with FakeHTTP(delay=0.2) as slow_robot:
        _wecom(cast.clerk_a, slow_robot.url("/send"))
        _wecom(cast.head_a, slow_robot.url("/send"))
        notify(recipients=[cast.clerk_a, cast.head_a], kind="test", title="节点逾期")
        slow_robot.received.clear()  # the first sends, made on commit
        Delivery.objects.update(state=DeliveryState.FAILED, next_attempt_at=timezone.now(), sent_at=None)
        start = threading.Barrier(2)
        sent = []

        def sweep():
            start.wait()
            try:
                sent.append(deliveries_retry_due())
            finally:
                connection.close()

        workers = [threading.Thread(target=sweep) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)

    assert sorted(sent) in ([0, 2], [1, 1])
    assert len(slow_robot.received) == 2
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_a_channel_removed_or_disabled_before_sending_gives_up(cast, robot, db):
    first = _wecom(cast.clerk_a, robot.url("/a"))
    second = _wecom(cast.clerk_a, robot.url("/b"))
    _notify(cast.clerk_a)
    first.delete()
    channel_update(acting_user=cast.clerk_a, channel=second, enabled=False)

    assert deliveries_retry_due() == 0

    assert robot.received == []
    assert sorted(Delivery.objects.values_list("state", "last_error")) == [
        (DeliveryState.GAVE_UP, "该接收渠道已停用。"), (DeliveryState.GAVE_UP, "该接收渠道已删除。")]


def test_an_unexpected_error_in_an_adapter_is_recorded_not_raised(cast, db, monkeypatch):
    _wecom(cast.clerk_a, "http://127.0.0.1:9/send")
    _notify(cast.clerk_a)

    def broken(**kwargs):
        raise KeyError("text")

    monkeypatch.setitem(sending.SENDERS, "wecom", broken)
    assert deliveries_retry_due() == 0

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.last_error) == (DeliveryState.FAILED, "KeyError: 'text'")


def test_a_robot_host_removed_from_the_allowed_list_is_not_called(cast, robot, settings,
                                                                   django_capture_on_commit_callbacks):
    _wecom(cast.clerk_a, robot.url("/send?key=k"))
    settings.WEBHOOK_ALLOWED_HOSTS = ["qyapi.weixin.qq.com"]

    _notify(cast.clerk_a, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.GAVE_UP and "不在允许的范围内" in delivery.last_error
    assert robot.received == []


def test_outside_messages_carry_a_full_link_when_the_site_url_is_set(cast, robot, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://chengjie.example.gov.cn"
    _wecom(cast.clerk_a, robot.url("/send?key=k"))
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[cast.clerk_a], kind="test", title="节点逾期", link="/projects/7/")
    content = robot.received[0].body["text"]["content"]
    assert "详情：https://chengjie.example.gov.cn/projects/7/" in content
