from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from chengjie.notifications.models import Delivery, DeliveryState
from chengjie.notifications.sending import deliveries_retry_due
from chengjie.notifications.services import channel_create, notify

from .conftest import SMTP_BACKEND
from .fakes import FakeSMTP, free_port


def _notify(user, capture):
    with capture(execute=True):
        notify(recipients=[user], kind="projects.node_red", title="节点逾期：供地",
               body="年产 500 万支刷子项目的供地节点已逾期 3 个工作日。", link="/projects/1/")


def test_mail_arrives_at_the_smtp_server_as_sent(cast, smtp_to_fake, django_capture_on_commit_callbacks):
    channel_create(acting_user=cast.clerk_a, kind="email", address="clerk_a@jxj.qianshan.gov.cn")

    _notify(cast.clerk_a, django_capture_on_commit_callbacks)

    [mail] = smtp_to_fake.messages
    assert mail["from"] == "chengjie@qianshan.gov.cn"
    assert mail["to"] == ["clerk_a@jxj.qianshan.gov.cn"]
    assert mail["message"]["Subject"] == "【承接】节点逾期：供地"
    assert mail["message"].get_content() == (
        "【承接】节点逾期：供地\n年产 500 万支刷子项目的供地节点已逾期 3 个工作日。\n请登录承接平台查看详情。\n")
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.SENT, 1, "")
    assert delivery.sent_at is not None


def test_mail_server_down_is_recorded_then_sent_when_it_comes_back(cast, django_capture_on_commit_callbacks):
    port = free_port()
    channel_create(acting_user=cast.clerk_a, kind="email", address="clerk_a@jxj.qianshan.gov.cn")
    with override_settings(EMAIL_BACKEND=SMTP_BACKEND, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
        _notify(cast.clerk_a, django_capture_on_commit_callbacks)
        delivery = Delivery.objects.get()
        assert delivery.state == DeliveryState.FAILED
        assert delivery.last_error.startswith(f"无法连接邮件服务器 127.0.0.1:{port}")

        server = FakeSMTP()
        server.port = port
        server.controller.port = port
        with server:
            assert deliveries_retry_due(now=timezone.now() + timedelta(minutes=2)) == 1

    assert [m["to"] for m in server.messages] == [["clerk_a@jxj.qianshan.gov.cn"]]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.SENT, 2, "")
