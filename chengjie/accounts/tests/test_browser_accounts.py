"""What a person does in the browser: log in, get locked out after five wrong passwords, bind an
authenticator at an administrator's first login, manage accounts. Screenshots go to
test-artifacts/screenshots/."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengjie.core.testing import PASSWORD, login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username, password=PASSWORD):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_logging_in_reaches_the_home_page(refdata, cast, page, phone_page, screenshot):
    phone_page.goto("/accounts/login/")
    screenshot(phone_page, "login-phone")
    page.goto("/")
    assert re.search(r"/accounts/login/\?next=/$", page.url)
    screenshot(page, "login")
    _log_in(page, "clerk_a")
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("summary", has_text="经信局经办人").is_visible()
    assert page.locator("h1").inner_text() == "我的待办"  # a unit clerk lands on their tasks
    screenshot(page, "home")
    page.locator("summary", has_text="经信局经办人").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    assert page.get_by_text("您已安全退出。").is_visible()
    screenshot(page, "logged-out")


def test_five_wrong_passwords_lock_the_account(refdata, cast, page, screenshot):
    page.goto("/accounts/login/")
    for attempt in range(1, 5):
        _log_in(page, "clerk_a", "Wrong#Password9")
        page.wait_for_load_state()
        assert page.get_by_role("alert").first.inner_text().startswith("用户名或密码错误"), attempt
    screenshot(page, "wrong-password")
    _log_in(page, "clerk_a", "Wrong#Password9")
    page.wait_for_selector("#lockout")
    assert page.locator("h1").inner_text() == "账号已锁定"
    screenshot(page, "locked")
    # The right password does not get through while the lock lasts.
    page.get_by_role("button", name="返回登录页").click()
    _log_in(page, "clerk_a")
    page.wait_for_selector("#lockout")


def test_an_administrators_first_login_binds_an_authenticator(refdata, cast, page, screenshot):
    page.goto("/accounts/login/")
    _log_in(page, "secadmin")
    page.wait_for_url(re.compile(r"/accounts/2fa/enrol/"))
    screenshot(page, "enrol")
    secret = page.locator("#otp-secret").inner_text().strip()
    device = TOTPDevice.objects.get(user=cast.sec_admin)
    assert b32decode(secret) == device.bin_key
    page.get_by_label("动态验证码").fill("000000" if totp(b32decode(secret)) != 0 else "111111")
    page.get_by_role("button", name="完成绑定").click()
    assert "验证码不正确或已过期" in page.get_by_role("alert").first.inner_text()
    screenshot(page, "enrol-wrong-code")
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows retries after a failure; a person waits a second
    device.throttling_failure_timestamp = None
    device.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp"])
    page.get_by_label("动态验证码").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="完成绑定").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("h1").inner_text() == "安全管理"
    assert page.get_by_text("双因素认证已绑定").is_visible()
    screenshot(page, "home-after-enrol")


def test_the_enrolment_page_fits_a_phone(refdata, cast, phone_page, screenshot):
    phone_page.goto("/accounts/login/")
    _log_in(phone_page, "unit_admin_a")
    phone_page.wait_for_url(re.compile(r"/accounts/2fa/enrol/"))
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(phone_page, "enrol-phone")


def test_a_new_account_changes_its_initial_password_at_first_login(refdata, cast, page, screenshot):
    cast.clerk_a.password_changed_at = None
    cast.clerk_a.save(update_fields=["password_changed_at"])
    page.goto("/accounts/login/")
    _log_in(page, "clerk_a")
    page.wait_for_url(re.compile(r"/accounts/password/$"))
    page.get_by_label("当前密码").fill(PASSWORD)
    page.locator("#id_new_password").fill("short")
    page.get_by_label("再次输入新密码").fill("short")
    page.get_by_role("button", name="修改密码").click()
    assert page.get_by_text("密码太短：至少需要 8 个字符。").is_visible()
    screenshot(page, "password-refused")
    page.get_by_label("当前密码").fill(PASSWORD)
    page.locator("#id_new_password").fill("Brushes#Qianshan9")
    page.get_by_label("再次输入新密码").fill("Brushes#Qianshan9")
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_text("密码已修改。").is_visible()


@pytest.fixture
def signed_in(live_server, client):
    def sign_in(target_page, user):
        login_as(client, user)
        target_page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                          "url": live_server.url}])
    return sign_in


def test_security_admin_creates_an_account(refdata, cast, page, phone_page, signed_in,
                                                              screenshot):
    cast.clerk_b.phone = "13812345678"
    cast.clerk_b.save(update_fields=["phone"])
    signed_in(page, cast.sec_admin)
    page.goto("/accounts/users/")
    assert page.get_by_text("138****5678").is_visible()
    screenshot(page, "user-list")
    page.get_by_role("button", name="新建账号").click()
    page.locator("#id_username").fill("zhangsan")
    page.locator("#id_full_name").fill("张三")
    page.locator("#id_role").select_option("unit_clerk")
    page.locator("#id_division").select_option("340882")
    page.locator("#id_unit").select_option(label="潜山市自然资源和规划局")
    page.locator("#id_password").fill("Initial#Pass2026")
    page.locator("#id_password_again").fill("Initial#Pass2026")
    screenshot(page, "user-new")
    page.get_by_role("button", name="创建账号").click()
    page.wait_for_url(re.compile(r"/accounts/users/\d+/$"))
    assert page.get_by_text("已创建账号“zhangsan”").is_visible()
    screenshot(page, "user-detail")
    signed_in(phone_page, cast.sec_admin)
    phone_page.goto("/accounts/users/")
    screenshot(phone_page, "user-list-phone")
