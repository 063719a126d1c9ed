"""Bearer tokens: accepted while valid; refused with a Chinese reason when expired, revoked, malformed,
unknown, or when the owner may no longer hold one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.accounts.roles import Role
from chengjie.api.models import ApiToken
from chengjie.api.services import api_token_revoke

from .helpers import bearer

pytestmark = pytest.mark.django_db


def test_valid_token_authenticates_as_its_owner_and_stamps_last_use(client, cast):
    token, headers = bearer(cast.clerk_a)
    response = client.get("/api/me", **headers)
    assert response.status_code == 200
    assert response.json()["username"] == "clerk_a"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_scheme_name_is_case_insensitive(client, cast):
    _, headers = bearer(cast.clerk_a)
    headers["HTTP_AUTHORIZATION"] = headers["HTTP_AUTHORIZATION"].replace("Bearer", "bearer")
    assert client.get("/api/me", **headers).status_code == 200


def test_expired_token_is_refused_with_its_expiry(client, cast):
    token, headers = bearer(cast.clerk_a)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get("/api/me", **headers)
    assert response.status_code == 401
    assert "已于" in response.json()["detail"] and "过期" in response.json()["detail"]


def test_revoked_token_is_refused(client, cast):
    token, headers = bearer(cast.clerk_a)
    api_token_revoke(acting_user=cast.clerk_a, token=token)
    response = client.get("/api/me", **headers)
    assert response.status_code == 401
    assert response.json()["detail"] == "API 令牌已吊销。"


@pytest.mark.parametrize("header", ["Bearer", "Bearer cj_a cj_b", "Bearer not-ours", "Bearer cj_unknown"])
def test_malformed_or_unknown_token_is_refused_in_chinese(client, cast, header):
    response = client.get("/api/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"].startswith(("Authorization 头格式应为", "API 令牌无效"))


def test_token_of_a_deactivated_account_is_refused(client, cast):
    _, headers = bearer(cast.clerk_a)
    cast.clerk_a.is_active = False
    cast.clerk_a.save(update_fields=["is_active"])
    response = client.get("/api/me", **headers)
    assert response.status_code == 401
    assert "已停用" in response.json()["detail"]


def test_token_stops_working_when_the_role_loses_api_tokens(client, cast):
    _, headers = bearer(cast.clerk_a)
    cast.clerk_a.role = Role.EVALUATOR
    cast.clerk_a.save(update_fields=["role"])
    assert client.get("/api/me", **headers).status_code == 401


def test_a_bad_token_is_refused_even_beside_a_valid_session(client, cast):
    from chengjie.core.testing import login_as

    login_as(client, cast.clerk_a)
    response = client.get("/api/me", HTTP_AUTHORIZATION="Bearer cj_unknown")
    assert response.status_code == 401
