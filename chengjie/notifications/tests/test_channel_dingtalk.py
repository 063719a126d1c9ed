from chengjie.notifications.channels.dingtalk import signature
from chengjie.notifications.models import Delivery, DeliveryState
from chengjie.notifications.services import channel_create, notify

from .conftest import DINGTALK_SECRET


def _notify(user, capture, title="节点逾期：供地"):
    with capture(execute=True):
        notify(recipients=[user], kind="projects.node_red", title=title, body="供地节点已逾期 3 个工作日。")


def test_signed_text_message_reaches_the_robot_and_passes_its_signature_check(
        cast, dingtalk_robot, django_capture_on_commit_callbacks):
    channel_create(acting_user=cast.head_a, kind="dingtalk", secret=DINGTALK_SECRET,
                   address=dingtalk_robot.url("/robot/send?access_token=abc123"))

    _notify(cast.head_a, django_capture_on_commit_callbacks)

    [request] = dingtalk_robot.received
    assert request.path == "/robot/send"
    assert request.query["access_token"] == "abc123"
    assert set(request.query) == {"access_token", "timestamp", "sign"}
    assert request.body == {"msgtype": "text", "text": {"content": "【承接】节点逾期：供地\n供地节点已逾期 3 个工作日。"}}
    assert request.headers["content-type"] == "application/json"
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_robot_refusing_the_signature_is_a_failed_delivery(cast, dingtalk_robot, django_capture_on_commit_callbacks):
    channel_create(acting_user=cast.head_a, kind="dingtalk", secret="SECwrong",
                   address=dingtalk_robot.url("/robot/send?access_token=abc123"))

    _notify(cast.head_a, django_capture_on_commit_callbacks)

    assert len(dingtalk_robot.received) == 1
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.last_error == "钉钉机器人返回错误 310000：sign not match"


def test_robot_without_signing_gets_no_sign_parameters(cast, robot, django_capture_on_commit_callbacks):
    channel_create(acting_user=cast.head_a, kind="dingtalk", address=robot.url("/robot/send?access_token=abc123"))

    _notify(cast.head_a, django_capture_on_commit_callbacks)

    assert robot.received[0].query == {"access_token": "abc123"}


def test_signature_matches_openssl_for_a_known_timestamp():
    # printf '1700000000004\nSECabc' | openssl dgst -sha256 -hmac SECabc -binary | base64
    #   → 8M9rw7+gVsip+nAwcExwZHFsCYdh+nrRDAzhrPZIqoI=   ('+' and '=' then URL-encoded)
    assert signature(secret="SECabc", timestamp_ms=1700000000004) == "8M9rw7%2BgVsip%2BnAwcExwZHFsCYdh%2BnrRDAzhrPZIqoI%3D"
