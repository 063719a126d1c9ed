from chengjie.notifications.models import Delivery, DeliveryState
from chengjie.notifications.services import channel_create, notify


def _notify(user, capture, body="请于 11 月 30 日前报送整改方案。"):
    with capture(execute=True):
        notify(recipients=[user], kind="supervision.issued", title="督办单：供地节点逾期", body=body)


def test_text_message_reaches_the_group_robot(cast, robot, django_capture_on_commit_callbacks):
    channel_create(acting_user=cast.clerk_b, kind="wecom",
                   address=robot.url("/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa"))

    _notify(cast.clerk_b, django_capture_on_commit_callbacks)

    [request] = robot.received
    assert request.path == "/cgi-bin/webhook/send"
    assert request.query == {"key": "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa"}
    assert request.body == {"msgtype": "text",
                            "text": {"content": "【承接】督办单：供地节点逾期\n请于 11 月 30 日前报送整改方案。"}}
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_long_text_is_cut_to_the_robots_2048_byte_limit(cast, robot, django_capture_on_commit_callbacks):
    channel_create(acting_user=cast.clerk_b, kind="wecom", address=robot.url("/cgi-bin/webhook/send?key=k"))

    _notify(cast.clerk_b, django_capture_on_commit_callbacks, body="整改" * 1000)

    content = robot.received[0].body["text"]["content"]
    assert len(content.encode()) <= 2048
    assert content.startswith("【承接】督办单：供地节点逾期\n整改整改")
    assert content.endswith("…")


def test_robot_error_code_is_recorded_as_a_failure(cast, robot, django_capture_on_commit_callbacks):
    robot.replies.append((200, {"errcode": 93000, "errmsg": "invalid webhook url"}))
    channel_create(acting_user=cast.clerk_b, kind="wecom", address=robot.url("/cgi-bin/webhook/send?key=old"))

    _notify(cast.clerk_b, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.last_error == "企业微信机器人返回错误 93000：invalid webhook url"
    # The error names the host, never the key in the address.
    assert "key=" not in delivery.last_error
