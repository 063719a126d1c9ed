"""The matter catalogue: everyone who files or handles requests reads it; the system administrator keeps it."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import requires
from chengjie.core.formviews import submit_button, submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx

from .. import selectors
from ..forms import MatterFilterForm, MatterForm
from ..services import matter_create, matter_set_active, matter_update


@requires("approvals.matters")
def matter_list(request):
    filters = MatterFilterForm(request.GET, user=request.user)
    matters = selectors.matter_list(user=request.user, **filters.values())
    page = Paginator(matters, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_manage": request.user.has_capability("approvals.catalogue"),
               "can_file": request.user.has_capability("approvals.file")}
    return render(request, "approvals/_matter_table.html" if is_htmx(request) else "approvals/matter_list.html",
                  context)


@requires("approvals.matters")
def matter_detail(request, pk):
    matter = selectors.get_matter_for_user(request.user, pk)
    can_manage = request.user.has_capability("approvals.catalogue")
    context = {"matter": matter, "prerequisites": matter.prerequisites.order_by("name"),
               "dependents": matter.dependents.order_by("name"), "can_manage": can_manage,
               "can_file": request.user.has_capability("approvals.file") and matter.is_active,
               "versions": selectors.matter_versions(matter=matter) if can_manage else []}
    return render(request, "approvals/matter_detail.html", context)


def _matter_url(matter) -> str:
    return reverse("approvals:matter_detail", args=[matter.pk])


@requires("approvals.catalogue")
def matter_create_view(request):
    initial = {"division": (request.user.scope_prefix or "")[:6], "deemed_approval": True}
    form = MatterForm(request.POST or None, user=request.user, initial=initial)
    if response := submit_form(
            request, form, action=lambda: matter_create(acting_user=request.user, **form.service_kwargs()),
            success=lambda matter: _("已新增审批事项“%(name)s”（第 1 版）。") % {"name": matter.name},
            redirect_to=_matter_url):
        return response
    return render(request, "approvals/matter_form.html", {"form": form, "title": _("新增审批事项")})


@requires("approvals.catalogue")
def matter_edit(request, pk):
    matter = selectors.get_matter_for_user(request.user, pk, write=True)
    form = MatterForm(request.POST or None, user=request.user, matter=matter, initial=MatterForm.initial_for(matter))
    if response := submit_form(
            request, form,
            action=lambda: matter_update(acting_user=request.user, matter=matter, **form.service_kwargs()),
            success=lambda saved: _("已保存，当前为第 %(version)d 版；已申报的办件仍按申报时的版本计时。")
            % {"version": saved.version},
            redirect_to=_matter_url):
        return response
    return render(request, "approvals/matter_form.html", {"form": form, "matter": matter,
                                                           "title": _("修改审批事项")})


@requires("approvals.catalogue")
@require_POST
def matter_status(request, pk):
    matter = selectors.get_matter_for_user(request.user, pk, write=True)
    active = request.POST.get("active") == "1"
    return submit_button(
        request, action=lambda: matter_set_active(acting_user=request.user, matter=matter, active=active),
        success=_("事项已启用。") if active else _("事项已停用，不再受理新的申请；在办的办件照常办理。"),
        redirect_to=_matter_url(matter))
