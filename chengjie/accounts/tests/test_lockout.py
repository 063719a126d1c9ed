"""Lockout (等保三级: 5 failures for one username from one address lock it for 15 minutes), counted by
django-axes against the address `chengjie.core.request_context.client_ip` trusts."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from .helpers import CLIENT_IP, OTHER_IP, PROXY_IP, post_login, wrong_logins

pytestmark = pytest.mark.django_db


def test_four_failures_do_not_lock(client, cast):
    wrong_logins(client, "clerk_a", 4)
    assert post_login(client, "clerk_a").status_code == 302


def test_the_fifth_failure_locks_and_shows_the_lockout_page(client, cast):
    responses = [post_login(client, "clerk_a", "Wrong#Password9") for _attempt in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    page = responses[-1].content.decode()
    assert "账号已锁定" in page
    assert "连续 5 次登录失败，已被锁定 15 分钟" in page


def test_a_locked_account_is_refused_even_with_the_right_password(client, cast):
    wrong_logins(client, "clerk_a", 5)
    response = post_login(client, "clerk_a")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_username_only(client, cast):
    wrong_logins(client, "clerk_a", 5)
    assert post_login(client, "head_a").status_code == 302


def test_the_same_username_from_another_address_is_not_locked(client, cast):
    wrong_logins(client, "clerk_a", 5, ip=CLIENT_IP)
    assert post_login(client, "clerk_a", ip=OTHER_IP).status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(client, cast):
    wrong_logins(client, "clerk_a", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert post_login(client, "clerk_a").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=5))
    assert post_login(client, "clerk_a").status_code == 302


def test_a_forged_forwarded_for_header_does_not_change_the_counted_address(client, cast):
    # Without a configured proxy the peer address counts, whatever X-Forwarded-For claims.
    for attempt in range(5):
        post_login(client, "clerk_a", "Wrong#Password9", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_IP}
    response = post_login(client, "clerk_a", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(client, cast, settings):
    settings.TRUSTED_PROXIES = [PROXY_IP]
    wrong_logins(client, "clerk_a", 5, ip=PROXY_IP, HTTP_X_FORWARDED_FOR=CLIENT_IP)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_IP}
    # Another client behind the same proxy is not locked out by the first one's failures.
    assert post_login(client, "clerk_a", ip=PROXY_IP, HTTP_X_FORWARDED_FOR=OTHER_IP).status_code == 302


def test_a_client_cannot_prepend_a_forged_hop_through_a_trusted_proxy(client, cast, settings):
    settings.TRUSTED_PROXIES = [PROXY_IP]
    # The proxy appends the real peer; the client's own X-Forwarded-For value comes first and is ignored.
    for attempt in range(5):
        post_login(client, "clerk_a", "Wrong#Password9", ip=PROXY_IP,
                   HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, {CLIENT_IP}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_IP}


def test_failures_and_the_lockout_are_audited_once_each(client, cast, events):
    wrong_logins(client, "clerk_a", 6)
    rows = events("auth.")
    assert rows.count(("auth.login_failed", "clerk_a", "clerk_a")) == 6
    assert rows.count(("auth.lockout", "clerk_a", "clerk_a")) == 1
    assert rows.index(("auth.lockout", "clerk_a", "clerk_a")) == 5  # right after the fifth failure


def test_a_successful_login_clears_earlier_failures(client, cast):
    wrong_logins(client, "clerk_a", 4)
    assert post_login(client, "clerk_a").status_code == 302
    client.post("/accounts/logout/")
    wrong_logins(client, "clerk_a", 4)
    assert post_login(client, "clerk_a").status_code == 302
