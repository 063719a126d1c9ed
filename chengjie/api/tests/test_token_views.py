"""/api/tokens/: each person lists, creates and revokes their own tokens; the new token shows once."""

import pytest
from django.urls import reverse

from chengjie.accounts.roles import Role
from chengjie.api.authentication import token_hash
from chengjie.api.models import ApiToken
from chengjie.api.services import api_token_create
from chengjie.core.testing import login_as, make_user

pytestmark = pytest.mark.django_db
LIST = "/api/tokens/"


def test_url_names():
    assert reverse("api:token_list") == LIST
    assert reverse("api:token_revoke", args=[7]) == "/api/tokens/7/revoke/"


def test_list_shows_only_own_tokens_without_n_plus_one(client, cast, django_assert_max_num_queries):
    for n in range(5):
        api_token_create(acting_user=cast.clerk_a, name=f"脚本{n}")
    api_token_create(acting_user=cast.clerk_b, name="别人的脚本")
    login_as(client, cast.clerk_a)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert "脚本4" in content and "别人的脚本" not in content
    assert "从未使用" in content and "有效" in content


def test_create_shows_the_token_once_and_stores_its_hash(client, cast):
    login_as(client, cast.clerk_a)
    response = client.post(LIST, {"name": "统计局对接", "valid_days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["new_token"]
    assert raw.startswith("cj_") and raw in response.content.decode()
    token = ApiToken.objects.get(user=cast.clerk_a)
    assert token.key_hash == token_hash(raw)
    assert raw not in client.get(LIST).content.decode()


def test_create_with_an_out_of_range_validity_is_refused(client, cast):
    login_as(client, cast.clerk_a)
    response = client.post(LIST, {"name": "太久", "valid_days": "730"})
    assert response.status_code == 200
    assert response.context["form"].errors["valid_days"]
    assert not ApiToken.objects.exists()


def test_revoke_own_token(client, cast):
    token, _ = api_token_create(acting_user=cast.clerk_a, name="旧脚本")
    login_as(client, cast.clerk_a)
    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "已吊销令牌“旧脚本”" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoke_is_post_only(client, cast):
    token, _ = api_token_create(acting_user=cast.clerk_a, name="旧脚本")
    login_as(client, cast.clerk_a)
    assert client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 405


def test_another_users_token_is_not_found_and_stays_valid(client, cast):
    token, _ = api_token_create(acting_user=cast.clerk_b, name="别人的脚本")
    login_as(client, cast.clerk_a)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_read_only_leader_manages_own_tokens(client, cast):
    login_as(client, cast.leader)
    assert client.get(LIST).status_code == 200
    assert client.post(LIST, {"name": "驾驶舱", "valid_days": "90"}).status_code == 200
    assert ApiToken.objects.filter(user=cast.leader).count() == 1


@pytest.mark.parametrize("who", ["evaluator", "sys_admin", "audit_admin"])
def test_roles_without_api_tokens_are_forbidden(client, cast, who):
    user = make_user("evaluator", role=Role.EVALUATOR) if who == "evaluator" else getattr(cast, who)
    login_as(client, user)
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"name": "x", "valid_days": "90"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_outsider_in_another_county_sees_only_own_tokens(client, cast):
    api_token_create(acting_user=cast.clerk_a, name="潜山脚本")
    login_as(client, cast.outsider)
    response = client.get(LIST)
    assert response.status_code == 200 and "潜山脚本" not in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
