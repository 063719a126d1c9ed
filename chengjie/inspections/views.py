"""Inspection pages: the list (a firm sees its own), registering before the fact, the firm's confirmation
and its report of an unregistered inspection, the county office's flags and its frequency limit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import requires
from chengjie.core.errors import DomainError
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_button, submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx

from . import selectors
from .forms import (
    InspectionCancelForm,
    InspectionConfirmForm,
    InspectionFilterForm,
    InspectionLimitForm,
    InspectionRegisterForm,
    InspectionReportForm,
    YearForm,
)
from .services import (
    inspection_cancel,
    inspection_confirm,
    inspection_limit_set,
    inspection_register,
    inspection_report,
)


@requires("inspections.view")
def inspection_list(request):
    filters = InspectionFilterForm(request.GET, user=request.user)
    inspections = selectors.inspection_list(user=request.user, **filters.values())
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "today": timezone.localdate()}
    return render(request, "inspections/_inspection_table.html" if is_htmx(request)
                  else "inspections/inspection_list.html", context)


def _inspection_url(inspection) -> str:
    return reverse("inspections:inspection_detail", args=[inspection.pk])


def _frequency_warning(request, inspection) -> None:
    position = selectors.frequency_position(inspection)
    if position is None:
        return
    period, limit, _rank, count = position
    if count > limit.max_inspections:
        messages.warning(request, _("%(firm)s%(period)s已有 %(count)s 次检查，超过本县每%(kind)s %(limit)s 次的上限，"
                                    "已提示县招商主管部门。") % {
            "firm": inspection.enterprise.name, "period": period.label, "count": count,
            "kind": limit.period_label, "limit": limit.max_inspections})


@requires("inspections.register")
def inspection_register_view(request):
    initial = {}
    if (wanted := request.GET.get("enterprise", "")).isdigit():
        initial["enterprise"] = int(wanted)
    form = InspectionRegisterForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = inspection_register(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已登记对%(firm)s的检查，企业可在系统中看到。") % {"firm": inspection.enterprise.name})
            _frequency_warning(request, inspection)
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form, "title": _("登记涉企检查")})


@requires("inspections.view")
def inspection_detail(request, pk):
    inspection = selectors.get_inspection_for_user(request.user, pk)
    user = request.user
    is_firm = user.has_capability("inspections.report") and user.enterprise_id == inspection.enterprise_id
    open_plan = inspection.source == inspection.Source.REGISTERED and not inspection.is_cancelled
    context = {
        "inspection": inspection,
        "today": timezone.localdate(),
        "position": selectors.frequency_position(inspection),
        "confirm_form": (InspectionConfirmForm(initial={"occurred_on": inspection.planned_on})
                         if is_firm and open_plan and not inspection.is_confirmed else None),
        "cancel_form": (InspectionCancelForm()
                        if user.has_capability("inspections.register") and open_plan and not inspection.is_confirmed
                        and inspection.unit_id in user.unit_and_descendant_ids() else None),
    }
    return render(request, "inspections/inspection_detail.html", context)


@requires("inspections.report")
@require_POST
def inspection_confirm_view(request, pk):
    inspection = selectors.get_inspection_for_user(request.user, pk, write=True, write_capability="inspections.report")
    form = InspectionConfirmForm(request.POST)
    return submit_button(
        request, action=lambda: inspection_confirm(
            acting_user=request.user, inspection=inspection,
            occurred_on=form.cleaned_data["occurred_on"] if form.is_valid() else None),
        success=_("已确认检查实施。"), redirect_to=_inspection_url(inspection))


@requires("inspections.register")
@require_POST
def inspection_cancel_view(request, pk):
    inspection = selectors.get_inspection_for_user(request.user, pk, write=True,
                                                   write_capability="inspections.register")
    form = InspectionCancelForm(request.POST)
    return submit_button(
        request, action=lambda: inspection_cancel(acting_user=request.user, inspection=inspection,
                                                  reason=form.cleaned_data["reason"] if form.is_valid() else ""),
        success=_("已取消这次检查，并通知了企业。"), redirect_to=_inspection_url(inspection))


@requires("inspections.report")
def inspection_report_view(request):
    form = InspectionReportForm(request.POST or None, user=request.user)
    if response := submit_form(
            request, form, action=lambda: inspection_report(acting_user=request.user, **form.cleaned_data),
            success=_("已报告。这次检查未事前登记，已提示县招商主管部门核查。"),
            redirect_to=_inspection_url):
        return response
    return render(request, "inspections/inspection_report.html", {"form": form})


@requires("inspections.flags")
def flags(request):
    year = YearForm(request.GET).chosen_year()
    prefix = request.user.scope_prefix or ""
    one_county = len(prefix) == 6
    context = {
        "year_form": YearForm({"year": year}),
        "year": year,
        "frequency_flags": selectors.frequency_flags(user=request.user, year=year),
        "page": Paginator(selectors.unregistered_inspections(user=request.user, year=year), PAGE_SIZE).get_page(
            request.GET.get("page")),
        # A limit is a county's: shown to, and set by, those whose scope is one county.
        "limit": selectors.limit_for_county(prefix) if one_county else None,
        "can_set_limit": one_county and request.user.has_capability("inspections.limits"),
    }
    return render(request, "inspections/flags.html", context)


@requires("inspections.limits")
def limit_edit(request):
    current = selectors.limit_for_county(request.user.scope_prefix or "")
    form = InspectionLimitForm(request.POST or None,
                               initial={"period": current.period, "max_inspections": current.max_inspections})
    if response := submit_form(
            request, form, action=lambda: inspection_limit_set(acting_user=request.user, **form.cleaned_data),
            success=_("检查频次上限已保存。"), redirect_to="inspections:flags"):
        return response
    return render(request, "inspections/limit_form.html", {"form": form, "current": current})
