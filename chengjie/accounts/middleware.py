"""Session policy (等保三级 8.1.4.1 / OWASP ASVS V3): idle timeout, absolute lifetime, then two-factor for
administrators and a forced password change before a half-authenticated person reaches anything else."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from chengjie.core.access import rule_of

from .services import audit_auth_event

SECOND_FACTOR_VIEWS = {"accounts:otp_enrol", "accounts:otp_verify"}
# The session is written for activity alone at most this often; idle time is measured to within it.
TOUCH_INTERVAL_SECONDS = 60


def session_expiry(session, now: float) -> str | None:
    """Why this session has ended, or None while it is alive. `auth_at` and `last_seen` are set at login."""
    if now - session.get("last_seen", 0) > settings.SESSION_IDLE_SECONDS:
        return "idle"
    if now - session.get("auth_at", 0) > settings.SESSION_COOKIE_AGE:
        return "lifetime"
    return None


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        # REST framework views apply the same policy to session calls themselves (chengjie.api.permissions).
        if not user.is_authenticated or getattr(view_func, "cls", None) is not None:
            return None
        now = time.time()
        session = request.session
        if reason := session_expiry(session, now):
            audit_auth_event(event="auth.session_expired", user=user,
                             note=_("空闲超过 30 分钟") if reason == "idle" else _("超过会话最长时限"))
            logout(request)  # deletes the server-side session; nothing the request asked for is done
            messages.warning(request, _("登录已超时，请重新登录。") if reason == "idle"
                             else _("登录已超过最长时限，请重新登录。"))
            if request.method == "GET":
                return redirect_to_login(request.get_full_path())
            return redirect(settings.LOGIN_URL)
        if now - session.get("last_seen", 0) > TOUCH_INTERVAL_SECONDS:
            session["last_seen"] = now
        rule = rule_of(view_func)
        if rule is None or not rule.login:
            return None
        view_name = getattr(request.resolver_match, "view_name", "")
        if user.needs_two_factor and not user.is_verified():
            if view_name in SECOND_FACTOR_VIEWS:
                return None
            has_device = user.totpdevice_set.filter(confirmed=True).exists()
            target = redirect("accounts:otp_verify" if has_device else "accounts:otp_enrol")
            if request.method == "GET" and request.path != resolve_url(settings.LOGIN_REDIRECT_URL):
                target["Location"] += "?" + urlencode({"next": request.get_full_path()})
            return target
        if user.password_expired and view_name != "accounts:password_change":
            return redirect("accounts:password_change")
        return None
