"""The channel page at /notifications/channels/: each person manages their own channels only."""

import pytest
from django.urls import reverse

from chengjie.core.testing import login_as
from chengjie.notifications.models import Delivery, DeliveryState, UserChannel
from chengjie.notifications.services import channel_create

CHANNELS = "/notifications/channels/"


def test_the_page_lists_my_channels_only_with_the_robot_token_hidden(client, cast, django_assert_max_num_queries):
    channel_create(acting_user=cast.head_a, kind="dingtalk", secret="SECx",
                   address="https://oapi.dingtalk.com/robot/send?access_token=tok-secret")
    channel_create(acting_user=cast.head_a, kind="sms", address="13912345678")
    channel_create(acting_user=cast.clerk_b, kind="email", address="clerk_b@zrzy.gov.cn")
    login_as(client, cast.head_a)

    with django_assert_max_num_queries(5):
        html = client.get(CHANNELS).content.decode()

    assert reverse("notifications:channel_list") == CHANNELS
    assert "https://oapi.dingtalk.com/robot/send?…" in html
    assert "tok-secret" not in html and "SECx" not in html
    assert "（已加签）" in html
    assert "13912345678" in html
    assert "clerk_b@zrzy.gov.cn" not in html


def test_adding_a_channel(client, cast):
    login_as(client, cast.enterprise)

    response = client.post(CHANNELS, {"kind": "sms", "address": "139 1234 5678", "enabled": "on"}, follow=True)

    channel = UserChannel.objects.get(user=cast.enterprise)
    assert (channel.kind, channel.address, channel.enabled) == ("sms", "13912345678", True)
    assert "已添加接收渠道" in response.content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "sms", "address": "1391234"}, "请输入 11 位中国大陆手机号码"),
    ({"kind": "email", "address": "not-an-email"}, "不是有效的电子邮件地址"),
    ({"kind": "wecom", "address": "qyapi.weixin.qq.com/send"}, "必须是以 http:// 或 https:// 开头"),
    ({"kind": "email", "address": "a@b.gov.cn", "secret": "SEC1"}, "只有政务钉钉群机器人需要填写加签密钥"),
])
def test_a_bad_address_is_shown_beside_its_field(client, cast, data, message):
    login_as(client, cast.head_a)

    response = client.post(CHANNELS, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not UserChannel.objects.exists()


def test_changing_a_robot_address_and_clearing_its_secret(client, cast):
    channel = channel_create(acting_user=cast.head_a, kind="dingtalk", secret="SECold",
                             address="https://oapi.dingtalk.com/robot/send?access_token=old")
    login_as(client, cast.head_a)
    url = reverse("notifications:channel_edit", args=[channel.pk])

    assert "SECold" not in client.get(url).content.decode()
    response = client.post(url, {"address": "https://oapi.dingtalk.com/robot/send?access_token=new",
                                 "clear_secret": "on"})

    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.address, channel.secret, channel.enabled) == (
        "https://oapi.dingtalk.com/robot/send?access_token=new", "", False)


def test_leaving_the_secret_blank_keeps_it(client, cast):
    channel = channel_create(acting_user=cast.head_a, kind="dingtalk", secret="SECkeep",
                             address="https://oapi.dingtalk.com/robot/send?access_token=t")
    login_as(client, cast.head_a)

    client.post(reverse("notifications:channel_edit", args=[channel.pk]),
                {"address": channel.address, "secret": "", "enabled": "on"})

    channel.refresh_from_db()
    assert (channel.secret, channel.enabled) == ("SECkeep", True)


def test_deleting_a_channel_keeps_the_record_of_what_it_was_sent(client, cast):
    channel = channel_create(acting_user=cast.head_a, kind="sms", address="13912345678")
    from chengjie.notifications.services import notify

    notify(recipients=[cast.head_a], kind="test", title="节点逾期")
    login_as(client, cast.head_a)

    response = client.post(reverse("notifications:channel_delete", args=[channel.pk]))

    assert response.status_code == 302
    assert not UserChannel.objects.exists()
    assert list(Delivery.objects.values_list("kind", "address", "channel")) == [("sms", "13912345678", None)]


def test_sending_a_test_message_shows_its_result_on_the_page(client, cast, robot, django_capture_on_commit_callbacks):
    channel = channel_create(acting_user=cast.head_a, kind="wecom", address=robot.url("/send?key=k"))
    login_as(client, cast.head_a)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:channel_test", args=[channel.pk]))

    html = client.get(CHANNELS).content.decode()
    assert "测试消息已发出" in html
    assert '<span class="delivery-state delivery-sent">已发送</span>' in html
    assert robot.received[0].body["text"]["content"].startswith("【承接】接收渠道测试：企业微信群机器人")
    assert Delivery.objects.get().state == DeliveryState.SENT


@pytest.mark.parametrize("who", ["clerk_a", "leader", "outsider", "sec_admin"])
def test_another_persons_channel_is_not_found(client, cast, who):
    channel = channel_create(acting_user=cast.head_a, kind="sms", address="13912345678")
    login_as(client, getattr(cast, who))

    assert client.get(reverse("notifications:channel_edit", args=[channel.pk])).status_code == 404
    for name in ("channel_edit", "channel_delete", "channel_test"):
        assert client.post(reverse(f"notifications:{name}", args=[channel.pk]), {"address": "13800000000"}).status_code == 404
    channel.refresh_from_db()
    assert channel.address == "13912345678"
    assert not Delivery.objects.exists()


def test_an_anonymous_visitor_is_sent_to_login(client, cast):
    channel = channel_create(acting_user=cast.head_a, kind="sms", address="13912345678")
    for url in (CHANNELS, reverse("notifications:channel_edit", args=[channel.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_says_when_no_sms_gateway_is_connected(client, cast, settings):
    login_as(client, cast.head_a)

    settings.SMS_GATEWAY_URL = ""
    assert "尚未接入短信网关" in client.get(CHANNELS).content.decode()
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    assert "尚未接入短信网关" not in client.get(CHANNELS).content.decode()
