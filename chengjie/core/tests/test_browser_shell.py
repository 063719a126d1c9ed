import pytest


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_renders_in_chinese_with_vendored_assets(page, screenshot):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
    assert page.evaluate("typeof htmx") == "object"
    screenshot(page, "login")
    assert failed == []
