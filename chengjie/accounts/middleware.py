"""Session policy (等保三级 / ASVS V3): idle timeout, absolute lifetime, forced password change, and
two-factor for administrators before they reach anything else."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from chengjie.core.access import rule_of

from .services import audit_auth_event

# Views a half-authenticated user may still reach: the ones that complete the login or end it.
INCOMPLETE_LOGIN_VIEWS = {"accounts:logout", "accounts:password_change", "accounts:otp_enrol",
                          "accounts:otp_verify"}


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or getattr(view_func, "cls", None) is not None:
            return None
        now = time.time()
        session = request.session
        auth_at = session.get("auth_at", 0)
        last_seen = session.get("last_seen", 0)
        if now - last_seen > settings.SESSION_IDLE_SECONDS or now - auth_at > settings.SESSION_COOKIE_AGE:
            idle = now - last_seen > settings.SESSION_IDLE_SECONDS
            audit_auth_event(event="auth.session_expired", user=user, note="空闲超时" if idle else "超过会话最长时限")
            logout(request)
            messages.warning(request, "登录已超时，请重新登录。" if idle else "登录已超过最长时限，请重新登录。")
            return redirect(settings.LOGIN_URL)
        # Write the session at most once a minute for activity alone.
        if now - last_seen > 60:
            session["last_seen"] = now
        rule = rule_of(view_func)
        if rule is not None and not rule.login:
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in INCOMPLETE_LOGIN_VIEWS:
            return None
        if user.password_expired:
            return redirect("accounts:password_change")
        if user.needs_two_factor and not user.is_verified():
            has_device = user.totpdevice_set.filter(confirmed=True).exists()
            return redirect("accounts:otp_verify" if has_device else "accounts:otp_enrol")
        return None
