from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from chengjie.core.errors import DomainError


def exception_handler(exc, context):
    """Domain errors become 400 with the user-facing message and the field it concerns."""
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    # REST framework words a CSRF refusal in English and without the way out; a session caller needs both.
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(
            _("CSRF 校验失败：网页会话调用写操作时须在 X-CSRFToken 请求头中带上 CSRF 令牌；"
              "脚本和其他系统请改用 API 令牌（Authorization: Bearer）。"), code="csrf_failed")
    return drf_exception_handler(exc, context)
