"""Writes on API tokens. The raw token leaves the service once, as its return value; only its SHA-256
is stored, and neither the token nor its hash goes into the audit trail (ASVS 3.5 / 等保 身份鉴别)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError

from .authentication import TOKEN_PREFIX, token_hash
from .models import ApiToken

# A token outliving a year would outlive the password policy's reviews many times over.
MAX_VALID_DAYS = 365
DEFAULT_VALID_DAYS = 90
TOKEN_AUDIT_FIELDS = ["user", "name", "prefix", "expires_at", "revoked_at"]


@transaction.atomic
def api_token_create(*, acting_user, name: str, valid_days: int = DEFAULT_VALID_DAYS) -> tuple[ApiToken, str]:
    """A new token for the acting user. Returns the token row and the raw token, to be shown once."""
    name = name.strip()
    if not name:
        raise DomainError(_("请填写令牌用途，例如“统计局数据对接”。"), field="name")
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise DomainError(_("令牌有效期应为 1 至 %(max)d 天，收到 %(days)d 天。")
                          % {"max": MAX_VALID_DAYS, "days": valid_days}, field="valid_days")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=acting_user, name=name, prefix=raw[:8], key_hash=token_hash(raw),
                                    expires_at=timezone.now() + timedelta(days=valid_days))
    audit_record(event="api.token_created", acting_user=acting_user, obj=token,
                 after=snapshot(token, fields=TOKEN_AUDIT_FIELDS))
    return token, raw


@transaction.atomic
def api_token_revoke(*, acting_user, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError(_("令牌“%(name)s”已于 %(when)s 吊销。")
                          % {"name": token.name, "when": f"{timezone.localtime(token.revoked_at):%Y-%m-%d %H:%M}"})
    before = snapshot(token, fields=TOKEN_AUDIT_FIELDS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(event="api.token_revoked", acting_user=acting_user, obj=token, before=before,
                 after=snapshot(token, fields=TOKEN_AUDIT_FIELDS))
    return token
