"""Deny by default: every view states who may reach it, or the middleware refuses it.

    @requires("org.view")           # logged in, 2FA satisfied, role holds the capability
    @public                         # anyone (login page, health check)
    @authenticated                  # any logged-in user (home, inbox, own profile)

API views state the same through the class attribute `access_rule`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404


@dataclass(frozen=True)
class AccessRule:
    capability: str | None = None
    login: bool = True

    def allows(self, user) -> bool:
        if not self.login:
            return True
        if not user.is_authenticated or not user.is_active:
            return False
        return self.capability is None or user.has_capability(self.capability)


PUBLIC = AccessRule(login=False)
AUTHENTICATED = AccessRule()


def _mark(view, rule: AccessRule):
    view.access_rule = rule
    return view


def public(view):
    return _mark(view, PUBLIC)


def authenticated(view):
    return _mark(view, AUTHENTICATED)


def requires(capability: str):
    from chengjie.accounts.roles import CAPABILITIES

    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def decorator(view):
        return _mark(view, AccessRule(capability=capability))

    return decorator


def rule_of(view_func) -> AccessRule | None:
    rule = getattr(view_func, "access_rule", None)
    if rule is None and (cls := getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)):
        rule = getattr(cls, "access_rule", None)
    return rule


def get_for_user(user, queryset, *, write: bool = False, write_capability: str | None = None, **lookup):
    """The one shape of every object access: 404 outside the user's scope, 403 when read-only.

    `queryset` must already be scoped to the user (the model's `for_user` selector)."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    if write and (write_capability is None or not user.has_capability(write_capability)):
        raise PermissionDenied
    return obj
