"""api_token_create / api_token_revoke: audited, bounded validity, the raw token never stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengjie.api.authentication import token_hash
from chengjie.api.models import ApiToken
from chengjie.api.services import api_token_create, api_token_revoke
from chengjie.audit.models import AuditEvent
from chengjie.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_create_stores_only_the_hash_and_audits_without_the_token(cast):
    token, raw = api_token_create(acting_user=cast.clerk_a, name="统计对接", valid_days=30)
    assert raw.startswith("cj_") and len(raw) > 40
    assert token.key_hash == token_hash(raw) and token.prefix == raw[:8]
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(value) for value in stored.values()}
    row = AuditEvent.objects.get(event="api.token_created")
    assert row.actor_username == "clerk_a" and row.object_id == str(token.pk)
    assert row.after["name"] == "统计对接" and row.after["prefix"] == raw[:8]
    assert raw not in str(row.after) and token.key_hash not in str(row.after)


def test_default_validity_is_90_days(cast):
    token, _ = api_token_create(acting_user=cast.clerk_a, name="默认")
    assert timedelta(days=89, hours=23) < token.expires_at - timezone.now() <= timedelta(days=90)


@pytest.mark.parametrize("days", [0, 366, -5])
def test_validity_beyond_a_year_or_not_positive_is_refused(cast, days):
    with pytest.raises(DomainError, match="1 至 365 天") as info:
        api_token_create(acting_user=cast.clerk_a, name="过长", valid_days=days)
    assert info.value.field == "valid_days"
    assert not ApiToken.objects.exists() and not AuditEvent.objects.exists()


def test_blank_name_is_refused(cast):
    with pytest.raises(DomainError, match="令牌用途") as info:
        api_token_create(acting_user=cast.clerk_a, name="  ")
    assert info.value.field == "name"


def test_revoke_stamps_the_time_and_audits_before_and_after(cast):
    token, _ = api_token_create(acting_user=cast.clerk_a, name="旧脚本")
    api_token_revoke(acting_user=cast.clerk_a, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None and token.state == "revoked"
    row = AuditEvent.objects.get(event="api.token_revoked")
    assert row.before["revoked_at"] is None and row.after["revoked_at"] is not None


def test_revoking_twice_is_refused(cast):
    token, _ = api_token_create(acting_user=cast.clerk_a, name="旧脚本")
    api_token_revoke(acting_user=cast.clerk_a, token=token)
    with pytest.raises(DomainError, match="已于"):
        api_token_revoke(acting_user=cast.clerk_a, token=token)
    assert AuditEvent.objects.filter(event="api.token_revoked").count() == 1


def test_the_token_page_is_audited_as_the_web_channel(client, cast):
    """The token page lives under /api/ but is a page: its audit rows say web, not api."""
    from chengjie.core.testing import login_as

    login_as(client, cast.bureau)
    client.post("/api/tokens/", {"name": "报表脚本", "valid_days": "30"})
    assert AuditEvent.objects.get(event="api.token_created").channel == "web"
