import logging

from django.core.exceptions import PermissionDenied

from . import request_context
from .access import rule_of

log = logging.getLogger(__name__)


class RequestContextMiddleware:
    """Gives every request an id and a trustworthy client address, for the audit trail and lockout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_context.new_request_id()
        request.client_ip = request_context.client_ip(request)
        with request_context.bound(request_context.RequestInfo(request.request_id, request.client_ip, None, "web")):
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A REST framework view is the API channel, whatever its URL; a page under /api/ (the token
        page) is still the web."""
        if getattr(view_func, "cls", None) is not None:
            request_context.rebind(channel="api")


class AccessRuleMiddleware:
    """Deny by default: a view that does not state its access rule is refused, whoever asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        rule = rule_of(view_func)
        if rule is None:
            log.error("view %s has no access rule; refused", getattr(view_func, "__name__", view_func))
            raise PermissionDenied
        if getattr(view_func, "cls", None) is not None:
            return None  # REST framework views authenticate tokens themselves and check the rule there.
        if rule.allows(request.user):
            return None
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
