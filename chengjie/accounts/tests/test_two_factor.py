"""TOTP two-factor (等保三级: two factors for administrators): the three administrators and unit
administrators bind an authenticator at first login and enter a code at every later one."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengjie.core.testing import login_as

from .helpers import post_login, totp_code

pytestmark = pytest.mark.django_db


def _confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


@pytest.mark.parametrize("who", ["sys_admin", "sec_admin", "audit_admin", "unit_admin_a"])
def test_an_administrator_without_an_authenticator_is_sent_to_enrolment_from_every_page(client, cast, who):
    post_login(client, getattr(cast, who).username)
    for path in ["/", "/accounts/profile/", "/accounts/users/", "/audit/", "/accounts/password/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/enrol/"), path


def test_staff_without_an_admin_role_need_no_second_factor(client, cast):
    post_login(client, "clerk_a")
    assert client.get("/").status_code == 200
    assert client.get("/accounts/2fa/enrol/")["Location"] == "/"


def test_enrolment_shows_a_qr_code_and_the_secret(client, cast):
    post_login(client, "secadmin")
    page = client.get("/accounts/2fa/enrol/").content.decode()
    device = TOTPDevice.objects.get(user=cast.sec_admin, confirmed=False)
    assert 'src="data:image/svg+xml' in page
    from base64 import b32encode

    assert f'id="otp-secret" class="otp-secret">{b32encode(device.bin_key).decode()}<' in page


def test_enrolment_with_the_right_code_binds_the_device_and_lets_the_admin_in(client, cast, events):
    post_login(client, "secadmin")
    client.get("/accounts/2fa/enrol/?next=/accounts/users/")
    device = TOTPDevice.objects.get(user=cast.sec_admin)
    response = client.post("/accounts/2fa/enrol/", {"token": totp_code(device), "next": "/accounts/users/"})
    assert response["Location"] == "/accounts/users/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/accounts/users/").status_code == 200
    assert ("auth.2fa_enrolled", "secadmin", "安全管理员") in events("auth.")


def test_enrolment_with_a_wrong_code_is_refused_and_binds_nothing(client, cast, events):
    post_login(client, "secadmin")
    client.get("/accounts/2fa/enrol/")
    device = TOTPDevice.objects.get(user=cast.sec_admin)
    wrong = f"{(int(totp_code(device)) + 1) % 1000000:06d}"
    response = client.post("/accounts/2fa/enrol/", {"token": wrong})
    assert response.status_code == 200
    assert "验证码不正确或已过期，请输入验证器上当前显示的 6 位数字。" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/")["Location"].startswith("/accounts/2fa/enrol/")
    assert events("auth.2fa") == [("auth.2fa_failed", "secadmin", "安全管理员")]


def test_a_code_that_is_not_six_digits_gets_a_clear_message(client, cast):
    post_login(client, "secadmin")
    response = client.post("/accounts/2fa/enrol/", {"token": "12ab"})
    assert "请输入验证器应用上显示的 6 位数字。" in response.content.decode()


def test_an_enrolled_administrator_is_sent_to_verify_and_not_to_enrolment(client, cast):
    _confirmed_device(cast.sys_admin)
    post_login(client, "sysadmin")
    assert client.get("/")["Location"] == "/accounts/2fa/verify/"
    assert client.get("/accounts/2fa/enrol/")["Location"] == "/accounts/2fa/verify/"


def test_verify_refuses_a_wrong_code_and_audits_it(client, cast, events):
    device = _confirmed_device(cast.sys_admin)
    post_login(client, "sysadmin")
    wrong = f"{(int(totp_code(device)) + 1) % 1000000:06d}"
    response = client.post("/accounts/2fa/verify/", {"token": wrong})
    assert response.status_code == 200
    assert "验证码不正确或已过期" in response.content.decode()
    assert client.get("/")["Location"] == "/accounts/2fa/verify/"
    assert events("auth.2fa") == [("auth.2fa_failed", "sysadmin", "系统管理员")]


def test_verify_accepts_the_current_code_and_audits_it(client, cast, events):
    device = _confirmed_device(cast.sys_admin)
    post_login(client, "sysadmin")
    response = client.post("/accounts/2fa/verify/", {"token": totp_code(device)})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert events("auth.2fa") == [("auth.2fa_verified", "sysadmin", "系统管理员")]


def test_a_code_cannot_be_used_twice(client, cast):
    device = _confirmed_device(cast.sys_admin)
    post_login(client, "sysadmin")
    code = totp_code(device)
    client.post("/accounts/2fa/verify/", {"token": code})
    client.post("/accounts/logout/")
    post_login(client, "sysadmin")
    response = client.post("/accounts/2fa/verify/", {"token": code})
    assert response.status_code == 200
    assert client.get("/")["Location"] == "/accounts/2fa/verify/"


def test_verification_lasts_for_the_session_only(client, cast):
    login_as(client, cast.audit_admin)
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    post_login(client, "auditadmin")
    assert client.get("/")["Location"] == "/accounts/2fa/verify/"


def test_the_second_factor_comes_before_the_forced_password_change(client, cast):
    cast.sec_admin.password_changed_at = None
    cast.sec_admin.save(update_fields=["password_changed_at"])
    device = _confirmed_device(cast.sec_admin)
    post_login(client, "secadmin")
    assert client.get("/accounts/password/")["Location"] == "/accounts/2fa/verify/?next=%2Faccounts%2Fpassword%2F"
    client.post("/accounts/2fa/verify/", {"token": totp_code(device)})
    assert client.get("/")["Location"] == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200


def test_a_verified_administrator_visiting_verify_goes_home(client, cast):
    login_as(client, cast.sys_admin)
    assert client.get("/accounts/2fa/verify/")["Location"] == "/"
