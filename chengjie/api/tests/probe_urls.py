"""A minimal audited API write, so the tests can check CSRF, channel, actor and the error shape on an API
call before any business endpoint exists to carry them."""

from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

from chengjie.audit.services import audit_record
from chengjie.core.access import AUTHENTICATED
from chengjie.core.errors import DomainError


class ProbeWrite(APIView):
    access_rule = AUTHENTICATED

    def post(self, request):
        if request.data.get("refuse"):
            raise DomainError("企业名称不能为空。", field="name")
        audit_record(event="test.api_write", acting_user=request.user, obj=request.user)
        return Response({"ok": True}, status=201)


urlpatterns = [
    path("api/probe", ProbeWrite.as_view()),
    path("", include("config.urls")),
]
