"""Session policy (等保三级 / ASVS V3): 30 minutes idle, 12 hours at most, and a password older than 90
days or set by an administrator must be changed before anything else."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from chengjie.core.testing import PASSWORD, login_as

pytestmark = pytest.mark.django_db


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()
    return session.session_key


def test_an_active_session_stays_and_is_touched(client, cast):
    login_as(client, cast.clerk_a)
    _age_session(client, last_seen=29 * 60)
    assert client.get("/").status_code == 200
    assert time.time() - client.session["last_seen"] < 5


def test_thirty_minutes_idle_ends_the_session(client, cast, events):
    login_as(client, cast.clerk_a)
    key = _age_session(client, last_seen=30 * 60 + 5)
    response = client.get("/parks/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/parks/"
    assert not SessionStore().exists(key)
    page = client.get(response["Location"]).content.decode()
    assert "登录已超时，请重新登录。" in page
    assert events("auth.session_expired") == [("auth.session_expired", "clerk_a", "经信局经办人")]


def test_a_session_ends_after_its_absolute_lifetime_however_active(client, cast):
    login_as(client, cast.clerk_a)
    _age_session(client, auth_at=12 * 3600 + 5, last_seen=10)
    response = client.get("/")
    assert response["Location"].startswith("/accounts/login/")
    assert "登录已超过最长时限，请重新登录。" in client.get(response["Location"]).content.decode()


def test_a_post_on_an_expired_session_changes_nothing(client, cast):
    login_as(client, cast.sec_admin)
    _age_session(client, last_seen=31 * 60)
    response = client.post(f"/accounts/users/{cast.clerk_a.pk}/active/", {"active": "0"})
    assert response["Location"] == "/accounts/login/"
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.is_active


def test_a_password_older_than_ninety_days_must_be_changed_first(client, cast):
    cast.clerk_a.password_changed_at = timezone.now() - timedelta(days=90, minutes=1)
    cast.clerk_a.save(update_fields=["password_changed_at"])
    login_as(client, cast.clerk_a)
    assert client.get("/parks/")["Location"] == "/accounts/password/"
    page = client.get("/accounts/password/").content.decode()
    assert "您的密码已超过 90 天未修改" in page


def test_a_password_of_eighty_nine_days_is_still_good(client, cast):
    cast.clerk_a.password_changed_at = timezone.now() - timedelta(days=89)
    cast.clerk_a.save(update_fields=["password_changed_at"])
    login_as(client, cast.clerk_a)
    assert client.get("/").status_code == 200


def test_after_an_administrator_reset_the_password_must_be_changed(client, cast):
    from chengjie.accounts.services import user_reset_password

    user_reset_password(acting_user=cast.sec_admin, user=cast.clerk_a, password="Temporary#Pass7")
    client.post("/accounts/login/", {"username": "clerk_a", "password": "Temporary#Pass7"})
    assert client.get("/")["Location"] == "/accounts/password/"
    assert "您正在使用管理员设置的初始密码" in client.get("/accounts/password/").content.decode()
    response = client.post("/accounts/password/", {"old_password": "Temporary#Pass7",
                                                   "new_password": "Brushes#Qianshan9",
                                                   "new_password_again": "Brushes#Qianshan9"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_changing_the_password_keeps_this_session_and_is_audited(client, cast, events):
    login_as(client, cast.clerk_a)
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password": "Brushes#Qianshan9",
                                                   "new_password_again": "Brushes#Qianshan9"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.check_password("Brushes#Qianshan9")
    assert not cast.clerk_a.password_expired
    assert events("auth.password") == [("auth.password_changed", "clerk_a", "经信局经办人")]


@pytest.mark.parametrize(("old", "new", "again", "message"), [
    ("Wrong#Password9", "Brushes#Qianshan9", "Brushes#Qianshan9", "当前密码不正确。"),
    (PASSWORD, "brushes", "brushes", "密码太短：至少需要 8 个字符。"),
    (PASSWORD, "Brushes#Qianshan9", "Brushes#Qianshan8", "两次输入的密码不一致。"),
    (PASSWORD, PASSWORD, PASSWORD, "新密码不能与当前密码相同。"),
])
def test_a_bad_password_change_is_refused_in_chinese_and_changes_nothing(client, cast, old, new, again, message):
    login_as(client, cast.clerk_a)
    response = client.post("/accounts/password/", {"old_password": old, "new_password": new,
                                                   "new_password_again": again})
    assert response.status_code == 200
    assert message in response.content.decode()
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.check_password(PASSWORD)


def test_a_wrong_current_password_is_audited(client, cast, events):
    login_as(client, cast.clerk_a)
    client.post("/accounts/password/", {"old_password": "Wrong#Password9", "new_password": "Brushes#Qianshan9",
                                        "new_password_again": "Brushes#Qianshan9"})
    assert events("auth.password") == [("auth.password_change_failed", "clerk_a", "经信局经办人")]
