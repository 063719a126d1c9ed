"""Deny by default: every URL states its rule, and one without a rule is refused at run time."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from chengjie.core.access import PUBLIC, rule_of


def _walk(patterns, prefix=""):
    """(route, pattern) for every URL; regex routes (REST framework's router) lose their anchors."""
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def test_every_url_pattern_states_an_access_rule():
    missing = [route for route, pattern in _walk(get_resolver().url_patterns) if rule_of(pattern.callback) is None]
    assert missing == [], f"URLs with no access rule: {missing}"


def test_public_urls_are_the_known_few():
    public = sorted(route for route, pattern in _walk(get_resolver().url_patterns) if rule_of(pattern.callback) == PUBLIC)
    assert public == ["accounts/login/", "accounts/logout/", "healthz"]


@pytest.mark.django_db
def test_every_parameterless_page_refuses_an_anonymous_visitor(client):
    for route, pattern in _walk(get_resolver().url_patterns):
        if any(mark in route for mark in "<(\\") or rule_of(pattern.callback) == PUBLIC:
            continue
        response = client.get("/" + route)
        assert response.status_code in (302, 401, 403), f"/{route} answered {response.status_code} to anonymous"
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")


def test_a_view_without_a_rule_is_refused(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from chengjie.core.middleware import AccessRuleMiddleware

    def unmarked(request):
        raise AssertionError("must not run")

    request = rf.get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        AccessRuleMiddleware(lambda r: None).process_view(request, unmarked, (), {})
