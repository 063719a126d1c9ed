"""notify(): an inbox row per recipient, one delivery per enabled outside channel, sending only after the
caller commits, and never a failure that reaches the caller."""

import pytest
from django.db import transaction
from django.test import override_settings

from chengjie.core.errors import DomainError
from chengjie.notifications.models import Delivery, DeliveryState, Notification
from chengjie.notifications.services import channel_create, notify
from chengjie.org.models import Unit

from .conftest import SMTP_BACKEND
from .fakes import free_port


def test_each_recipient_gets_one_inbox_message_and_one_delivery_per_enabled_channel(cast, django_capture_on_commit_callbacks):
    channel_create(acting_user=cast.clerk_a, kind="email", address="a@jxj.gov.cn")
    channel_create(acting_user=cast.clerk_a, kind="sms", address="13912345678", enabled=False)
    channel_create(acting_user=cast.head_a, kind="email", address="head@jxj.gov.cn")

    with django_capture_on_commit_callbacks() as queued:
        notes = notify(recipients=[cast.clerk_a, cast.head_a, cast.clerk_a], kind="projects.node_red",
                       title=" 节点逾期：供地 ", body="已逾期 3 个工作日。", link="/projects/7/", acting_user=cast.bureau)

    assert sorted(n.recipient.username for n in notes) == ["clerk_a", "head_a"]
    assert {(n.title, n.actor_id, n.read_at) for n in notes} == {("节点逾期：供地", cast.bureau.pk, None)}
    assert sorted(Delivery.objects.values_list("notification__recipient__username", "kind", "address", "state")) == [
        ("clerk_a", "email", "a@jxj.gov.cn", DeliveryState.PENDING),
        ("head_a", "email", "head@jxj.gov.cn", DeliveryState.PENDING),
    ]
    assert len(queued) == 1, "sending waits for the caller's commit"


def test_an_inactive_account_gets_the_inbox_message_but_nothing_outside(cast, db):
    channel_create(acting_user=cast.clerk_b, kind="email", address="b@zrzy.gov.cn")
    cast.clerk_b.is_active = False
    cast.clerk_b.save(update_fields=["is_active"])

    notify(recipients=[cast.clerk_b], kind="test", title="节点逾期")

    assert Notification.objects.filter(recipient=cast.clerk_b).count() == 1
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("link", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"])
def test_a_link_off_this_site_is_refused(cast, link):
    with pytest.raises(DomainError, match="本系统内以 / 开头的地址"):
        notify(recipients=[cast.clerk_a], kind="test", title="节点逾期", link=link)


def test_a_message_needs_a_title(cast):
    with pytest.raises(DomainError, match="标题不能为空"):
        notify(recipients=[cast.clerk_a], kind="test", title="  ")


@transaction.atomic
def _sign_project(*, acting_user, recipient) -> Unit:
    """Stands in for any business service that notifies someone inside its own transaction."""
    unit = Unit.objects.create(name="潜山市招商专班", kind=Unit.Kind.DEPARTMENT, division_id="340882")
    notify(recipients=[recipient], kind="projects.signed", title="新项目已签约", acting_user=acting_user)
    return unit


@pytest.mark.django_db(transaction=True)
def test_the_callers_transaction_commits_when_the_mail_server_is_down(refdata, cast):
    channel_create(acting_user=cast.leader, kind="email", address="leader@qianshan.gov.cn")
    port = free_port()

    with override_settings(EMAIL_BACKEND=SMTP_BACKEND, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
        unit = _sign_project(acting_user=cast.bureau, recipient=cast.leader)

    assert Unit.objects.filter(pk=unit.pk).exists()
    assert Notification.objects.filter(recipient=cast.leader, title="新项目已签约").exists()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 1)
    assert f"无法连接邮件服务器 127.0.0.1:{port}" in delivery.last_error


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_callers_transaction_rolls_back(refdata, cast, robot):
    channel_create(acting_user=cast.leader, kind="wecom", address=robot.url("/send"))

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            _sign_project(acting_user=cast.bureau, recipient=cast.leader)
            raise RuntimeError("项目登记失败")

    assert robot.received == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_queue_that_cannot_take_the_task_does_not_fail_the_caller(refdata, cast, robot, monkeypatch):
    from chengjie.notifications import tasks

    channel_create(acting_user=cast.leader, kind="wecom", address=robot.url("/send"))

    def queue_down(delivery_id):
        raise ConnectionError("queue unavailable")

    monkeypatch.setattr(tasks, "deliver", queue_down)
    unit = _sign_project(acting_user=cast.bureau, recipient=cast.leader)

    assert Unit.objects.filter(pk=unit.pk).exists()
    assert Delivery.objects.get().state == DeliveryState.PENDING, "left for the retry sweep"
