import time

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission


def _check_session_policy(request) -> None:
    """A browser session reaching the API obeys the pages' session policy (accounts.middleware, 等保三级):
    idle and absolute timeouts, an unexpired password, and 2FA for administrators. The page middleware
    leaves REST framework views alone because it answers with redirects, which an API client cannot use."""
    if not isinstance(request.successful_authenticator, SessionAuthentication):
        return
    session, user, now = request._request.session, request.user, time.time()
    if (now - session.get("last_seen", 0) > settings.SESSION_IDLE_SECONDS
            or now - session.get("auth_at", 0) > settings.SESSION_COOKIE_AGE):
        raise exceptions.NotAuthenticated(_("登录已超时，请重新登录。"))
    if user.password_expired:
        raise exceptions.PermissionDenied(_("密码已过期，请先登录网页修改密码。"))
    if user.needs_two_factor and not user.is_verified():
        raise exceptions.PermissionDenied(_("请先登录网页完成双因素认证。"))
    if now - session.get("last_seen", 0) > 60:
        session["last_seen"] = now


class AccessRulePermission(BasePermission):
    """The API's half of deny-by-default: the view class's `access_rule` decides, as for pages."""

    message = gettext_lazy("您的账号没有执行此操作的权限。")

    def has_permission(self, request, view):
        rule = getattr(view, "access_rule", None)
        if rule is None:
            return False
        if rule.login and request.user.is_authenticated:
            _check_session_policy(request)
        return rule.allows(request.user)
