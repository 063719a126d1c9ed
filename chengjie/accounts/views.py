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
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengjie.core.access import authenticated, public
from chengjie.core.errors import DomainError

from .forms import LoginForm, PasswordChangeForm, TokenForm
from .services import audit_auth_event, user_set_password


def _start_session(request, user):
    auth_login(request, user)  # a new session id at login (session fixation, ASVS 3.2.1)
    now = time.time()
    request.session["auth_at"] = now
    request.session["last_seen"] = now


@public
@sensitive_post_parameters()
@never_cache
def login(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = ""
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            _start_session(request, user)
            audit_auth_event(event="auth.login", user=user)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        audit_auth_event(event="auth.login_failed", username=request.POST.get("username", "")[:150])
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def lockout(request, credentials=None, *args, **kwargs):
    """django-axes calls this for every attempt on a locked username+address pair."""
    username = (credentials or {}).get("username", "") if isinstance(credentials, dict) else ""
    audit_auth_event(event="auth.lockout", username=username[:150],
                     note=f"连续 {settings.AXES_FAILURE_LIMIT} 次登录失败，锁定 15 分钟")
    return render(request, "accounts/lockout.html", {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
                  status=429)


@public
@require_POST
def logout(request):
    if request.user.is_authenticated:
        audit_auth_event(event="auth.logout", user=request.user)
    auth_logout(request)  # flushes the server-side session, not only the cookie
    messages.info(request, "您已安全退出。")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@authenticated
@sensitive_post_parameters()
def password_change(request):
    form = PasswordChangeForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_password(acting_user=request.user, user=request.user, password=form.cleaned_data["new_password"])
        except DomainError as exc:
            form.add_error("new_password", exc.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("core:home")
    return render(request, "accounts/password_change.html",
                  {"form": form, "expired": request.user.password_expired})


@authenticated
@never_cache
def otp_enrol(request):
    """First login of an administrator: bind an authenticator app (TOTP, RFC 6238) before anything else."""
    if request.user.totpdevice_set.filter(confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device = request.user.totpdevice_set.filter(confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="验证器", confirmed=False)
    form = TokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_auth_event(event="auth.2fa_enrolled", user=request.user)
            messages.success(request, "双因素认证已绑定。")
            return redirect("core:home")
        form.add_error("token", "验证码不正确或已过期，请输入验证器上当前显示的数字。")
    qr_svg = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    secret = b32encode(device.bin_key).decode()
    return render(request, "accounts/otp_enrol.html", {"form": form, "qr": qr_svg, "secret": secret})


@authenticated
@never_cache
def otp_verify(request):
    form = TokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in request.user.totpdevice_set.filter(confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                audit_auth_event(event="auth.2fa_verified", user=request.user)
                return redirect("core:home")
        audit_auth_event(event="auth.2fa_failed", user=request.user)
        form.add_error("token", "验证码不正确或已过期。")
    return render(request, "accounts/otp_verify.html", {"form": form})


@authenticated
def profile(request):
    return render(request, "accounts/profile.html", {})


@authenticated
def user_list(request):
    """Security administrator: every account in scope; unit administrator: their unit's accounts."""
    from django.core.exceptions import PermissionDenied

    from .selectors import users_for_user

    if not (request.user.has_capability("users.manage") or request.user.has_capability("users.manage_unit")):
        raise PermissionDenied
    users = users_for_user(user=request.user).order_by("username")
    return render(request, "accounts/user_list.html", {"users": users})
