from django.test import override_settings

from chengjie.notifications.models import Delivery, DeliveryState
from chengjie.notifications.services import channel_create, notify


def _notify(user, capture):
    with capture(execute=True):
        notify(recipients=[user], kind="appeals.assigned", title="新诉求待办理", body="安徽潜山示例刷业有限公司反映用电问题。")


def test_sms_is_posted_to_the_gateway_with_the_bearer_token(cast, robot, django_capture_on_commit_callbacks):
    robot.default = (200, {"code": 0, "message": "accepted"})
    channel_create(acting_user=cast.park, kind="sms", address="139 1234 5678")

    with override_settings(SMS_GATEWAY_URL=robot.url("/sms/send"), SMS_GATEWAY_TOKEN="gw-token-1"):
        _notify(cast.park, django_capture_on_commit_callbacks)

    [request] = robot.received
    assert request.path == "/sms/send"
    assert request.headers["authorization"] == "Bearer gw-token-1"
    assert request.body == {"phone": "13912345678",
                            "content": "【承接】新诉求待办理\n安徽潜山示例刷业有限公司反映用电问题。"}
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_gateway_refusal_and_server_error_are_failures(cast, robot, django_capture_on_commit_callbacks):
    robot.replies += [(200, {"code": 40301, "message": "余额不足"}), (500, "oops")]
    channel_create(acting_user=cast.park, kind="sms", address="13912345678")

    with override_settings(SMS_GATEWAY_URL=robot.url("/sms/send"), SMS_GATEWAY_TOKEN="t"):
        _notify(cast.park, django_capture_on_commit_callbacks)
        _notify(cast.park, django_capture_on_commit_callbacks)

    errors = list(Delivery.objects.order_by("id").values_list("state", "last_error"))
    assert errors == [(DeliveryState.FAILED, "短信网关返回错误 40301：余额不足"),
                      (DeliveryState.FAILED, "短信网关返回 HTTP 500。")]


def test_without_a_gateway_sms_gives_up_at_once(cast, django_capture_on_commit_callbacks):
    channel_create(acting_user=cast.park, kind="sms", address="13912345678")

    with override_settings(SMS_GATEWAY_URL=""):
        _notify(cast.park, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.GAVE_UP
    assert delivery.next_attempt_at is None
    assert "未配置短信网关" in delivery.last_error
