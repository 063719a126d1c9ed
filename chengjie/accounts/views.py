"""Logging in and out, the second factor, one's own password and profile."""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from chengjie.core.access import authenticated, public
from chengjie.core.errors import DomainError
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_form

from .forms import LoginForm, PasswordChangeForm, TokenForm
from .services import (audit_auth_event, totp_device_for_enrolment, totp_enrol, totp_verify,
                       user_change_password)


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return next_url
    return ""


def _start_session(request, user) -> None:
    auth_login(request, user)  # a new session id at login (session fixation, ASVS 3.2.1)
    now = time.time()
    request.session["auth_at"] = now
    request.session["last_seen"] = now


@public
@sensitive_post_parameters()
@never_cache
def login(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = _safe_next(request)
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            _start_session(request, user)
            audit_auth_event(event="auth.login", user=user)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        _audit_failed_login(request, form)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _audit_failed_login(request, form) -> None:
    """One row per refused attempt, and one more when django-axes has just locked the username on this
    address (等保: 5 failures). AxesMiddleware then answers with the lockout page."""
    locked = getattr(request, "axes_locked_out", False)
    if not locked and not form.has_error("__all__", "invalid_login"):
        return  # an empty field: nothing was tried
    username = request.POST.get("username", "")[:150]
    failures = getattr(request, "axes_failures_since_start", 0)
    already_locked = locked and failures > settings.AXES_FAILURE_LIMIT
    audit_auth_event(event="auth.login_failed", username=username,
                     note=_("账号已锁定期间的尝试") if already_locked else "")
    if locked and not already_locked:
        audit_auth_event(event="auth.lockout", username=username,
                         note=_("连续 %(limit)d 次登录失败，锁定 %(minutes)d 分钟")
                         % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": _cooloff_minutes()})


def _cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout(request, original_response=None, credentials=None):
    """django-axes answers every attempt on a locked username+address with this page (HTTP 429)."""
    return render(request, "accounts/lockout.html",
                  {"minutes": _cooloff_minutes(), "limit": settings.AXES_FAILURE_LIMIT}, status=429)


@public
@require_POST
def logout(request):
    if request.user.is_authenticated:
        audit_auth_event(event="auth.logout", user=request.user)
    auth_logout(request)  # flushes the server-side session, not only the cookie
    messages.info(request, _("您已安全退出。"))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@authenticated
@sensitive_post_parameters()
@never_cache
def password_change(request):
    form = PasswordChangeForm(data=request.POST or None)

    def change():
        user_change_password(acting_user=request.user, old_password=form.cleaned_data["old_password"],
                             new_password=form.cleaned_data["new_password"])
        update_session_auth_hash(request, request.user)  # this session stays; the others end

    if response := submit_form(request, form, action=change, success=_("密码已修改。"),
                               redirect_to=settings.LOGIN_REDIRECT_URL):
        return response
    return render(request, "accounts/password_change.html",
                  {"form": form, "expired": request.user.password_expired,
                   "first_time": request.user.password_changed_at is None,
                   "max_age_days": settings.PASSWORD_MAX_AGE_DAYS})


def _second_factor_done(request):
    return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)


@authenticated
@never_cache
def otp_enrol(request):
    """First login of an administrator: bind an authenticator app (TOTP, RFC 6238) before anything else."""
    user = request.user
    if not user.needs_two_factor or user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    if user.totpdevice_set.filter(confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device = totp_device_for_enrolment(acting_user=user)
    form = TokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_enrol(acting_user=user, device=device, token=form.cleaned_data["token"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            otp_login(request, device)
            messages.success(request, _("双因素认证已绑定。以后登录时须输入验证器上的动态验证码。"))
            return _second_factor_done(request)
    qr_svg = segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)
    secret = b32encode(device.bin_key).decode()
    # Grouped in fours so it can be typed by hand; authenticator apps ignore the spaces.
    secret_grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render(request, "accounts/otp_enrol.html",
                  {"form": form, "qr": qr_svg, "secret": secret, "secret_grouped": secret_grouped,
                   "next": _safe_next(request)})


@authenticated
@never_cache
def otp_verify(request):
    user = request.user
    if not user.needs_two_factor or user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    if not user.totpdevice_set.filter(confirmed=True).exists():
        return redirect("accounts:otp_enrol")
    form = TokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_verify(acting_user=user, token=form.cleaned_data["token"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            otp_login(request, device)
            return _second_factor_done(request)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


@authenticated
def profile(request):
    user = request.user
    return render(request, "accounts/profile.html", {
        "can_use_api": user.has_capability("api.tokens"),
        "has_authenticator": user.totpdevice_set.filter(confirmed=True).exists(),
    })
