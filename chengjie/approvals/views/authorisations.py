"""全程代理 authorisations: the firm or its agent records the signed letter; either may revoke it."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.accounts.roles import Role
from chengjie.core.access import get_for_user, requires
from chengjie.core.errors import DomainError
from chengjie.core.formviews import submit_button, submit_form
from chengjie.core.pages import PAGE_SIZE

from .. import selectors
from ..forms import AuthorisationForm, RevokeForm
from ..services import authorisation_record, authorisation_revoke
from .requests import file_response


@requires("approvals.view")
def authorisation_list(request):
    rows = selectors.authorisations_for_user(user=request.user).prefetch_related("matters")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    can_record = user.has_capability("approvals.file") and (user.binds_enterprise or user.role == Role.AGENT)
    return render(request, "approvals/authorisation_list.html", {"page": page, "can_record": can_record,
                                                                  "revoke_form": RevokeForm()})


@requires("approvals.file")
def authorisation_create(request):
    if not (request.user.binds_enterprise or request.user.role == Role.AGENT):
        raise PermissionDenied
    form = AuthorisationForm(request.POST or None, request.FILES or None, user=request.user)
    if response := submit_form(
            request, form, action=lambda: authorisation_record(acting_user=request.user, **form.cleaned_data),
            success=_("已登记全程代理授权。"), redirect_to="approvals:authorisation_list"):
        return response
    return render(request, "approvals/authorisation_form.html", {"form": form})


@requires("approvals.view")
def authorisation_letter(request, pk):
    """The signed letter, for whoever sees the authorisation or a request filed under it."""
    authorisation = get_for_user(request.user, selectors.letters_for_user(user=request.user), pk=pk)
    return file_response(authorisation.letter, content_type=authorisation.letter_content_type,
                         name=authorisation.letter_name, inline=request.GET.get("download") != "1")


@requires("approvals.file")
@require_POST
def authorisation_revoke_view(request, pk):
    authorisation = selectors.get_authorisation_for_user(request.user, pk)
    form = RevokeForm(request.POST)

    def revoke():
        if not form.is_valid():
            raise DomainError(_("请填写撤销原因。"))
        authorisation_revoke(acting_user=request.user, authorisation=authorisation, reason=form.cleaned_data["reason"])

    return submit_button(request, action=revoke, success=_("授权已撤销；已申报的办件照常办理。"),
                         redirect_to="approvals:authorisation_list")
