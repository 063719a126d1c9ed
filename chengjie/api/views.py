from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from chengjie.core.access import AUTHENTICATED, get_for_user, requires
from chengjie.core.errors import DomainError
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_button

from .forms import TokenCreateForm
from .selectors import api_tokens_for_user
from .serializers import MeSerializer
from .services import api_token_create, api_token_revoke


class OpenApiView(SpectacularJSONAPIView):
    """The OpenAPI 3 document, as JSON whatever the client's Accept header says."""

    access_rule = AUTHENTICATED


class MeView(APIView):
    access_rule = AUTHENTICATED

    @extend_schema(responses=MeSerializer, summary="当前用户", tags=["账号"],
                   description="调用者的用户名、角色、单位、数据范围（行政区划代码前缀）和权限。")
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)


@requires("api.tokens")
@never_cache  # the page that shows a new token must not stay in any cache
def token_list(request):
    form = TokenCreateForm(data=request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            created, new_token = api_token_create(acting_user=request.user, name=form.cleaned_data["name"],
                                                  valid_days=form.cleaned_data["valid_days"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            form = TokenCreateForm()
            messages.success(request, _("已创建令牌“%(name)s”。") % {"name": created.name})
    page = Paginator(api_tokens_for_user(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "api/token_list.html", {"form": form, "page": page, "new_token": new_token})


@requires("api.tokens")
@require_POST
def token_revoke(request, pk: int):
    token = get_for_user(request.user, api_tokens_for_user(user=request.user), pk=pk)
    return submit_button(request, action=lambda: api_token_revoke(acting_user=request.user, token=token),
                         success=_("已吊销令牌“%(name)s”，使用它的程序将无法再访问。") % {"name": token.name},
                         redirect_to="api:token_list")
