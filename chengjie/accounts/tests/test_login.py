"""Logging in and out: a new session id at login, logout kills the server-side session, every attempt
audited."""

import pytest
from django.contrib.sessions.backends.db import SessionStore

from .helpers import CLIENT_IP, post_login

pytestmark = pytest.mark.django_db


def test_right_password_logs_in_and_lands_on_home(client, cast, events):
    response = post_login(client, "clerk_a")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert ("auth.login", "clerk_a", "经信局经办人") in events("auth.")


def test_login_goes_to_a_safe_next_page_but_never_off_site(client, cast):
    response = client.post("/accounts/login/?next=/parks/", {"username": "clerk_a", "password": "Chengjie#2026"})
    assert response["Location"] == "/parks/"
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": "clerk_a", "password": "Chengjie#2026",
                                                "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_login_issues_a_new_session_id(client, cast):
    client.get("/accounts/login/")
    session = client.session
    session["probe"] = "before login"
    session.save()
    before = session.session_key
    post_login(client, "clerk_a")
    after = client.cookies["sessionid"].value
    assert after != before
    assert not SessionStore().exists(before)


def test_wrong_password_is_refused_in_chinese_and_audited(client, cast, events):
    response = post_login(client, "clerk_a", "Wrong#Password9")
    assert response.status_code == 200
    assert "用户名或密码错误。同一账号在同一地址连续错误 5 次将被锁定 15 分钟。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert events("auth.") == [("auth.login_failed", "clerk_a", "clerk_a")]


def test_failed_login_row_keeps_the_client_address(client, cast):
    from chengjie.audit.models import AuditEvent

    post_login(client, "nobody", "Wrong#Password9")
    row = AuditEvent.objects.get(event="auth.login_failed")
    assert (row.actor_username, row.ip) == ("nobody", CLIENT_IP)


def test_an_empty_form_is_not_an_attempt(client, cast, events):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert events("auth.") == []


def test_a_deactivated_account_cannot_log_in(client, cast):
    cast.clerk_a.is_active = False
    cast.clerk_a.save(update_fields=["is_active"])
    response = post_login(client, "clerk_a")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_deletes_the_server_side_session_and_is_audited(client, cast, events):
    post_login(client, "clerk_a")
    key = client.cookies["sessionid"].value
    assert SessionStore().exists(key)
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"
    assert not SessionStore().exists(key)
    assert events("auth.logout") == [("auth.logout", "clerk_a", "经信局经办人")]
    # The old cookie replayed gets nothing.
    client.cookies["sessionid"] = key
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_logout_needs_a_post(client, cast):
    post_login(client, "clerk_a")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200


def test_a_logged_in_person_visiting_the_login_page_goes_home(client, cast):
    post_login(client, "clerk_a")
    assert client.get("/accounts/login/")["Location"] == "/"
