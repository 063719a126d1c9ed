"""The actions on an appeal, each a POST from its page: route, rule complex, accept, return, reply, close,
rate. A user outside the appeal's scope gets 404; one who may see it but not do this now gets 403; a
refusal by the service comes back on the form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chengjie.core.access import requires
from chengjie.core.formviews import submit_form

from .. import rules, selectors
from ..services import (
    appeal_accept,
    appeal_close,
    appeal_rate,
    appeal_reply,
    appeal_return,
    appeal_route,
    appeal_set_complex,
)
from .appeals import ACTION_FORMS, detail_context


def _due(message, step: int):
    """A success message naming the due date of the appeal's `step`-th clock (0 accept, 1 reply)."""
    def say(appeal) -> str:
        clock = selectors.with_clocks([appeal])[0].clocks[step]
        return str(message) % {"due": f"{clock.due_on:%Y-%m-%d}"}
    return say


def _act(request, pk, action: str, run, success):
    appeal = selectors.get_appeal_for_user(request.user, pk)
    if action not in rules.allowed_actions(request.user, appeal):
        raise PermissionDenied
    factory = ACTION_FORMS.get(action)
    form = factory(appeal, request.POST) if factory else forms.Form(request.POST)
    if response := submit_form(request, form, action=lambda: run(appeal, form.cleaned_data), success=success,
                               redirect_to=reverse("appeals:appeal_detail", args=[appeal.pk])):
        return response
    if not factory:
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("appeals:appeal_detail", pk=appeal.pk)
    return render(request, "appeals/appeal_detail.html", detail_context(request, appeal, bound={action: form}),
                  status=400)


@requires("appeals.view")
@require_POST
def appeal_route_view(request, pk):
    return _act(request, pk, rules.ROUTE, lambda appeal, data: appeal_route(
        acting_user=request.user, appeal=appeal, **data),
        _due(gettext_lazy("诉求已派发，承办单位须在 %(due)s 前签收。"), 0))


@requires("appeals.view")
@require_POST
def appeal_complex_view(request, pk):
    return _act(request, pk, rules.COMPLEX, lambda appeal, data: appeal_set_complex(
        acting_user=request.user, appeal=appeal, **data), _("复杂诉求认定已保存，办结时限随之调整。"))


@requires("appeals.view")
@require_POST
def appeal_accept_view(request, pk):
    return _act(request, pk, rules.ACCEPT, lambda appeal, data: appeal_accept(acting_user=request.user, appeal=appeal),
                _due(gettext_lazy("已签收。请在 %(due)s 前答复企业。"), 1))


@requires("appeals.view")
@require_POST
def appeal_return_view(request, pk):
    return _act(request, pk, rules.RETURN, lambda appeal, data: appeal_return(
        acting_user=request.user, appeal=appeal, **data), _("诉求已退回县诉求受理机构重新派发。"))


@requires("appeals.view")
@require_POST
def appeal_reply_view(request, pk):
    return _act(request, pk, rules.REPLY, lambda appeal, data: appeal_reply(
        acting_user=request.user, appeal=appeal, **data), _("答复已发送给企业。"))


@requires("appeals.view")
@require_POST
def appeal_close_view(request, pk):
    return _act(request, pk, rules.CLOSE, lambda appeal, data: appeal_close(
        acting_user=request.user, appeal=appeal, **data), _("诉求已办结，等待企业评价。"))


@requires("appeals.view")
@require_POST
def appeal_rate_view(request, pk):
    return _act(request, pk, rules.RATE, lambda appeal, data: appeal_rate(
        acting_user=request.user, appeal=appeal, **data), lambda appeal: _("评价已记录。") if appeal.status == "finished"
        else _("评价已记录：诉求已重新办理，答复和办结时限重新起算，并已提级督办。"))
