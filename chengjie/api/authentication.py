"""`Authorization: Bearer <token>` for scripts and other systems; browsers use the session."""

import hashlib

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization 头格式应为：Bearer <令牌>。")
        token = (ApiToken.objects.select_related("user").filter(key_hash=token_hash(header[1]),
                                                                revoked_at__isnull=True).first())
        now = timezone.now()
        if token is None or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
            raise exceptions.AuthenticationFailed("API 令牌无效、已过期或已吊销。")
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
