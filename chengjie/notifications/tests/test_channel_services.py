"""A person's own channels: addresses checked with clear messages, changes audited, the secret never
stored in the audit trail."""

import pytest

from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError
from chengjie.notifications.models import Delivery, UserChannel
from chengjie.notifications.services import (channel_create, channel_delete, channel_send_test, channel_update,
                                             normalise_address)


@pytest.mark.parametrize(("kind", "typed", "stored"), [
    ("email", " zhang@jxj.qianshan.gov.cn ", "zhang@jxj.qianshan.gov.cn"),
    ("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc", "https://oapi.dingtalk.com/robot/send?access_token=abc"),
    ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"),
    ("sms", "+86 139-1234-5678", "13912345678"),
    ("sms", "19912345678", "19912345678"),
])
def test_valid_addresses_are_stored_normalised(kind, typed, stored):
    assert normalise_address(kind=kind, address=typed) == stored


@pytest.mark.parametrize(("kind", "typed", "message"), [
    ("email", "zhang@", "不是有效的电子邮件地址"),
    ("dingtalk", "oapi.dingtalk.com/robot/send?access_token=abc", "必须是以 http:// 或 https:// 开头"),
    ("wecom", "ftp://qyapi.weixin.qq.com/send", "必须是以 http:// 或 https:// 开头"),
    ("wecom", "https:///send", "必须是以 http:// 或 https:// 开头"),
    ("sms", "1391234567", "请输入 11 位中国大陆手机号码"),
    ("sms", "12912345678", "请输入 11 位中国大陆手机号码"),
    ("sms", "0556-5678901", "请输入 11 位中国大陆手机号码"),
])
def test_invalid_addresses_are_refused_with_a_chinese_message(kind, typed, message):
    with pytest.raises(DomainError, match=message) as caught:
        normalise_address(kind=kind, address=typed)
    assert caught.value.field == "address"


def test_adding_a_channel_is_audited_without_its_secret(cast):
    channel = channel_create(acting_user=cast.head_a, kind="dingtalk", secret="SECtopsecret",
                             address="https://oapi.dingtalk.com/robot/send?access_token=abc")

    event = AuditEvent.objects.get(event="notifications.channel_added")
    assert event.actor_id == cast.head_a.pk
    assert event.object_id == str(channel.pk)
    assert event.after["secret_set"] is True
    assert "SECtopsecret" not in str(event.after)
    assert (channel.user, channel.secret, channel.enabled) == (cast.head_a, "SECtopsecret", True)


def test_the_same_address_twice_is_refused(cast):
    channel_create(acting_user=cast.head_a, kind="sms", address="13912345678")
    with pytest.raises(DomainError, match="您已添加过这个短信地址"):
        channel_create(acting_user=cast.head_a, kind="sms", address="139 1234 5678")
    # Someone else may use the same number (a shared duty phone).
    channel_create(acting_user=cast.clerk_a, kind="sms", address="13912345678")


def test_only_a_dingtalk_robot_takes_a_secret(cast):
    with pytest.raises(DomainError, match="只有政务钉钉群机器人需要填写加签密钥") as caught:
        channel_create(acting_user=cast.head_a, kind="wecom", address="https://qyapi.weixin.qq.com/x?key=k",
                       secret="SEC1")
    assert caught.value.field == "secret"


def test_changing_and_removing_a_channel_are_audited(cast):
    channel = channel_create(acting_user=cast.head_a, kind="email", address="old@jxj.gov.cn")
    channel_update(acting_user=cast.head_a, channel=channel, address="new@jxj.gov.cn", enabled=False)
    channel_pk = channel.pk
    channel_delete(acting_user=cast.head_a, channel=channel)

    changed = AuditEvent.objects.get(event="notifications.channel_changed")
    assert (changed.before["address"], changed.after["address"]) == ("old@jxj.gov.cn", "new@jxj.gov.cn")
    assert (changed.before["enabled"], changed.after["enabled"]) == (True, False)
    assert AuditEvent.objects.filter(event="notifications.channel_removed", object_id=str(channel_pk)).exists()
    assert not UserChannel.objects.exists()


def test_nobody_changes_another_persons_channel(cast):
    channel = channel_create(acting_user=cast.head_a, kind="email", address="head@jxj.gov.cn")
    for service in (channel_delete, channel_send_test):
        with pytest.raises(DomainError, match="只能管理自己的接收渠道"):
            service(acting_user=cast.clerk_a, channel=channel)
    with pytest.raises(DomainError, match="只能管理自己的接收渠道"):
        channel_update(acting_user=cast.clerk_a, channel=channel, enabled=False)


def test_a_test_message_goes_to_that_channel_only(cast, robot, django_capture_on_commit_callbacks):
    tested = channel_create(acting_user=cast.head_a, kind="wecom", address=robot.url("/tested"))
    channel_create(acting_user=cast.head_a, kind="wecom", address=robot.url("/other"))

    with django_capture_on_commit_callbacks(execute=True):
        notification = channel_send_test(acting_user=cast.head_a, channel=tested)

    assert [r.path for r in robot.received] == ["/tested"]
    assert notification.recipient == cast.head_a
    assert list(Delivery.objects.values_list("channel", "state")) == [(tested.pk, "sent")]


def test_a_robot_address_on_an_unlisted_host_is_refused(cast, settings):
    """The server POSTs to robot addresses, so they may only point at the allowed robot hosts (SSRF)."""
    settings.WEBHOOK_ALLOWED_HOSTS = ["oapi.dingtalk.com", "dingtalk.ah.gov.cn"]
    with pytest.raises(DomainError, match="不在允许的范围内"):
        channel_create(acting_user=cast.clerk_a, kind="dingtalk", address="http://10.0.0.5/robot/send?access_token=x")
    for allowed in ("https://oapi.dingtalk.com/robot/send?access_token=a",
                    "https://robot.dingtalk.ah.gov.cn/robot/send?access_token=b"):
        assert channel_create(acting_user=cast.clerk_a, kind="dingtalk", address=allowed).pk
