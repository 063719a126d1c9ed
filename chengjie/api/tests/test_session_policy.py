"""Browser sessions reaching the API: CSRF on unsafe methods and the pages' session policy; bearer
tokens need no CSRF token. API calls are audited with channel "api" and the token's owner."""

import time

import pytest
from django.test import Client

from chengjie.audit.models import AuditEvent
from chengjie.core.testing import login_as

from .helpers import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.urls("chengjie.api.tests.probe_urls")]


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_session_post_without_csrf_token_is_refused(csrf_client, cast):
    login_as(csrf_client, cast.clerk_a)
    response = csrf_client.post("/api/probe")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF 校验失败")
    assert not AuditEvent.objects.filter(event="test.api_write").exists()


def test_session_post_with_csrf_token_is_accepted(csrf_client, cast):
    login_as(csrf_client, cast.clerk_a)
    csrf_client.get("/api/tokens/")
    token = csrf_client.cookies["csrftoken"].value
    assert csrf_client.post("/api/probe", HTTP_X_CSRFTOKEN=token).status_code == 201


def test_bearer_post_needs_no_csrf_and_is_audited_on_the_api_channel(csrf_client, cast):
    _, headers = bearer(cast.clerk_a)
    response = csrf_client.post("/api/probe", **headers)
    assert response.status_code == 201
    row = AuditEvent.objects.get(event="test.api_write")
    assert row.channel == "api"
    assert (row.actor_id, row.actor_username, row.actor_role) == (cast.clerk_a.pk, "clerk_a", "unit_clerk")
    assert row.request_id == response["X-Request-ID"]


def test_a_domain_error_becomes_400_naming_the_field(client, cast):
    _, headers = bearer(cast.clerk_a)
    response = client.post("/api/probe", {"refuse": "1"}, **headers)
    assert response.status_code == 400
    assert response.json() == {"detail": "企业名称不能为空。", "code": "invalid", "field": "name"}


def test_idle_session_is_refused_with_401(client, cast):
    login_as(client, cast.clerk_a)
    session = client.session
    session["last_seen"] = time.time() - 31 * 60
    session.save()
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "登录已超时，请重新登录。"


def test_session_beyond_its_absolute_lifetime_is_refused(client, cast):
    login_as(client, cast.clerk_a)
    session = client.session
    session["auth_at"] = time.time() - 13 * 3600
    session.save()
    assert client.get("/api/me").status_code == 401


def test_administrator_session_without_2fa_is_refused(client, cast):
    login_as(client, cast.sys_admin, verified=False)
    response = client.get("/api/openapi.json")
    assert response.status_code == 403
    assert response.json()["detail"] == "请先登录网页完成双因素认证。"


def test_administrator_session_with_2fa_is_accepted(client, cast):
    login_as(client, cast.sys_admin)
    assert client.get("/api/me").status_code == 200


def test_session_with_expired_password_is_refused(client, cast):
    cast.clerk_a.password_changed_at = None
    cast.clerk_a.save(update_fields=["password_changed_at"])
    login_as(client, cast.clerk_a)
    response = client.get("/api/me")
    assert response.status_code == 403
    assert "密码已过期" in response.json()["detail"]
