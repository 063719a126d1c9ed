"""Reads of API tokens: a person sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken


def api_tokens_for_user(*, user) -> QuerySet[ApiToken]:
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)
