"""The inbox: a person's own messages with each delivery's state, read marking by htmx, and the header's
unread count on every page. Nobody sees anyone else's messages, whatever their role."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chengjie.core.testing import login_as
from chengjie.notifications.models import Delivery, DeliveryState, Notification, UserChannel
from chengjie.notifications.services import notify


def _message(user, title="节点逾期：供地", **extra):
    [notification] = notify(recipients=[user], kind="projects.node_red", title=title, **extra)
    return notification


def _delivery(notification, kind, state, error=""):
    channel = UserChannel.objects.create(user=notification.recipient, kind=kind,
                                         address=f"{kind}-{notification.pk}@x.gov.cn")
    now = timezone.now()
    return Delivery.objects.create(
        notification=notification, channel=channel, kind=kind, address=channel.address, state=state, attempts=1,
        last_error=error, sent_at=now if state == DeliveryState.SENT else None,
        next_attempt_at=now if state in (DeliveryState.PENDING, DeliveryState.FAILED) else None)


def test_inbox_shows_my_messages_with_how_each_was_delivered(client, cast):
    mine = _message(cast.clerk_a, body="年产 500 万支刷子项目。", acting_user=cast.bureau)
    _delivery(mine, "sms", DeliveryState.SENT)
    _delivery(mine, "email", DeliveryState.FAILED, "无法连接邮件服务器 127.0.0.1:25（Connection refused）。")
    _message(cast.clerk_b, title="自然资源局的消息")
    login_as(client, cast.clerk_a)

    html = client.get(reverse("notifications:inbox")).content.decode()

    assert "节点逾期：供地" in html
    assert "招商局干部" in html
    assert "短信：已发送" in html
    assert "邮件：失败（重试中）" in html
    assert "自然资源局的消息" not in html
    assert "未读 1 条" in html


def test_unread_filter_hides_what_was_read(client, cast):
    _message(cast.clerk_a, title="未读的消息")
    read = _message(cast.clerk_a, title="读过的消息")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    login_as(client, cast.clerk_a)

    html = client.get(reverse("notifications:inbox") + "?filter=unread").content.decode()

    assert "未读的消息" in html and "读过的消息" not in html


def test_inbox_page_queries_do_not_grow_with_messages(client, cast, django_assert_max_num_queries):
    for number in range(20):
        notification = _message(cast.clerk_a, title=f"消息 {number}", acting_user=cast.bureau)
        _delivery(notification, "sms", DeliveryState.SENT)
    login_as(client, cast.clerk_a)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications:inbox"))
    assert response.content.decode().count("短信：已发送") == 20


def test_any_role_reads_its_own_inbox_and_an_anonymous_visitor_is_sent_to_login(client, cast):
    for user in (cast.leader, cast.audit_admin, cast.enterprise, cast.no_role):
        _message(user, title=f"给{user.username}的消息")
        login_as(client, user)
        assert f"给{user.username}的消息" in client.get(reverse("notifications:inbox")).content.decode()
    client.logout()

    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["clerk_b", "head_a", "leader", "outsider", "sys_admin"])
def test_another_persons_message_is_not_found(client, cast, who):
    theirs = _message(cast.clerk_a)
    login_as(client, getattr(cast, who))

    assert client.get(reverse("notifications:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_message_marks_it_read_and_shows_each_delivery(client, cast):
    notification = _message(cast.clerk_a, body="请于 11 月 30 日前完成。", link="/projects/7/")
    _delivery(notification, "wecom", DeliveryState.GAVE_UP, "企业微信机器人返回错误 93000：invalid webhook url")
    login_as(client, cast.clerk_a)

    html = client.get(reverse("notifications:detail", args=[notification.pk])).content.decode()

    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "请于 11 月 30 日前完成。" in html
    assert 'href="/projects/7/"' in html
    assert "失败（已放弃）" in html
    assert "企业微信机器人返回错误 93000：invalid webhook url" in html


def test_marking_read_by_htmx_returns_the_row_and_the_new_header_count(client, cast):
    first = _message(cast.clerk_a, title="第一条")
    second = _message(cast.clerk_a, title="第二条")
    login_as(client, cast.clerk_a)
    url = reverse("notifications:read", args=[first.pk])

    html = client.post(url, HTTP_HX_REQUEST="true").content.decode()

    assert f'id="notification-{first.pk}" class="notification"' in html
    assert "标为已读" not in html
    assert '<mark class="badge" id="unread-count" hx-swap-oob="true">1</mark>' in html
    assert 'id="inbox-unread" hx-swap-oob="true">未读 1 条' in html

    html = client.post(reverse("notifications:read", args=[second.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert '<mark id="unread-count" hx-swap-oob="delete"></mark>' in html
    assert Notification.objects.filter(recipient=cast.clerk_a, read_at__isnull=True).count() == 0


def test_marking_read_without_htmx_goes_back_to_the_inbox(client, cast):
    notification = _message(cast.clerk_a)
    login_as(client, cast.clerk_a)
    url = reverse("notifications:read", args=[notification.pk])

    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == reverse("notifications:inbox")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_touches_only_my_messages(client, cast):
    for _ in range(3):
        _message(cast.clerk_a)
    others = _message(cast.clerk_b)
    login_as(client, cast.clerk_a)

    response = client.post(reverse("notifications:read_all"), follow=True)

    assert "已将 3 条消息标为已读。" in response.content.decode()
    assert not Notification.objects.filter(recipient=cast.clerk_a, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


@pytest.mark.parametrize("page", ["core:home", "accounts:profile", "notifications:channel_list"])
def test_the_header_shows_my_unread_count_on_any_page(client, cast, page):
    _message(cast.clerk_a)
    _message(cast.clerk_a)
    _message(cast.clerk_b)
    login_as(client, cast.clerk_a)

    html = client.get(reverse(page)).content.decode()

    assert '<mark class="badge" id="unread-count">2</mark>' in html


def test_the_header_shows_no_badge_when_everything_is_read(client, cast):
    login_as(client, cast.clerk_a)
    assert 'id="unread-count"' not in client.get(reverse("core:home")).content.decode()
