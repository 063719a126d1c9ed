"""`Authorization: Bearer <token>` for scripts and other systems; browsers use the session."""

import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .models import ApiToken

# Marks chengjie's tokens so secret scanners and people can tell them apart from other systems' keys.
TOKEN_PREFIX = "cj_"
# Writing last_used_at on every call would turn each read into a write; five minutes is precise enough.
LAST_USED_RESOLUTION_SECONDS = 300


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace").split()
        # RFC 9110 §11.1: the scheme name is case-insensitive.
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2 or not header[1].startswith(TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(_("Authorization 头格式应为：Bearer cj_<令牌>。"))
        token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(header[1])).first()
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed(_("API 令牌无效，请检查是否完整复制。"))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("API 令牌已吊销。"))
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("API 令牌已于 %(date)s 过期。") % {"date": f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}"})
        user = token.user
        # A token speaks for its owner only while the owner may still hold one.
        if not user.is_active or not user.has_capability("api.tokens"):
            raise exceptions.AuthenticationFailed(_("该令牌所属账号已停用或已无使用 API 令牌的权限。"))
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request):
        return self.keyword
