"""A person opens the inbox, marks a message read, and the header's count follows without a reload."""

import pytest

from chengjie.core.testing import login_as
from chengjie.notifications.services import channel_create, notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, live_server, client):
    def sign_in(user):
        login_as(client, user)
        page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                   "url": live_server.url}])
    return sign_in


def test_marking_a_message_read_updates_the_row_and_the_header(refdata, page, signed_in, cast, screenshot):
    channel_create(acting_user=cast.head_a, kind="sms", address="13912345678")
    notify(recipients=[cast.head_a], kind="supervision.issued", title="督办单：供地节点逾期",
           body="请于 11 月 30 日前报送整改方案。", acting_user=cast.bureau)
    notify(recipients=[cast.head_a], kind="projects.node_red", title="节点逾期：开工", acting_user=cast.bureau)
    signed_in(cast.head_a)
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("console", lambda message: failed.append(message.text) if message.type == "error" and "404" not in message.text else None)

    page.goto("/notifications/")
    assert page.locator("#unread-count").inner_text() == "2"
    screenshot(page, "inbox")
    page.locator("article.notification.unread").first.get_by_role("button", name="标为已读").click()

    page.wait_for_selector("#unread-count:text('1')")
    assert page.locator("#inbox-unread").inner_text() == "未读 1 条"
    assert page.locator("article.notification.unread").count() == 1
    page.locator("article.notification.unread").get_by_role("button", name="标为已读").click()
    page.wait_for_selector("#unread-count", state="detached")
    screenshot(page, "all-read")
    assert failed == []


def test_channel_page_on_a_phone(refdata, phone_page, live_server, client, cast, screenshot):
    channel_create(acting_user=cast.enterprise, kind="wecom",
                   address="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa")
    login_as(client, cast.enterprise)
    phone_page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                     "url": live_server.url}])

    phone_page.goto("/notifications/channels/")
    phone_page.select_option("select[name=kind]", "sms")
    phone_page.fill("input[name=address]", "1391234")
    phone_page.get_by_role("button", name="添加").click()

    assert phone_page.get_by_text("请输入 11 位中国大陆手机号码").is_visible()
    screenshot(phone_page, "channels-error")
