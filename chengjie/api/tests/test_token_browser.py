"""A person creates an API token, copies it from the page once, and revokes it."""

import pytest
from django.test import Client

from chengjie.api.models import ApiToken
from chengjie.core.testing import build_cast, login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_copy_once_and_revoke_a_token(refdata, page, live_server, screenshot):
    cast = build_cast()
    client = Client()
    login_as(client, cast.clerk_a)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto("/api/tokens/")
    assert "您还没有创建过 API 令牌" in page.content()
    page.fill("input[name=name]", "统计局数据对接")
    page.select_option("select[name=valid_days]", "30")
    page.click("form button:has-text('创建令牌')")
    raw = page.input_value("#new-token")
    assert raw.startswith("cj_")
    screenshot(page, "created")
    page.goto("/api/tokens/")
    assert raw not in page.content()
    assert page.locator("tbody tr").count() == 1
    page.click("tbody button:has-text('吊销')")
    assert "已吊销令牌“统计局数据对接”" in page.content()
    screenshot(page, "revoked")
    assert ApiToken.objects.get().revoked_at is not None
