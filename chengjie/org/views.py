"""Pages for units, industry groups, the industry table and the divisions. Views stay thin: filters
through selectors, writes through services."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import get_for_user, requires
from chengjie.core.exports import export_response
from chengjie.core.formviews import submit_button, submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx

from . import selectors
from .forms import IndustryGroupForm, IndustrySearchForm, UnitFilterForm, UnitForm
from .models import Industry
from .services import (
    industry_group_create,
    industry_group_set_active,
    industry_group_update,
    unit_create,
    unit_disable,
    unit_enable,
    unit_update,
)

# --- units


@requires("org.view")
def unit_list(request):
    filters = UnitFilterForm(request.GET, user=request.user)
    units = selectors.unit_list(user=request.user, **filters.values())
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_manage": request.user.has_capability("org.manage")}
    return render(request, "org/_unit_table.html" if is_htmx(request) else "org/unit_list.html", context)


@requires("org.view")
def unit_export(request):
    filters = UnitFilterForm(request.GET, user=request.user)
    values = filters.values()
    units = selectors.unit_list(user=request.user, **values)
    rows = ((u.name, u.short_name, u.get_kind_display(), u.parent.name if u.parent else "", u.division_id,
             u.division.name, _("启用") if u.is_active else _("已停用")) for u in units)
    return export_response(acting_user=request.user, title=_("单位列表"), object_type="org.unit", rows=rows,
                           headers=[_("单位名称"), _("简称"), _("类型"), _("上级单位"), _("区划代码"), _("行政区划"),
                                    _("状态")], filters=values)


@requires("org.view")
def unit_detail(request, pk):
    unit = get_for_user(request.user, selectors.units_for_user(user=request.user), pk=pk)
    return render(request, "org/unit_detail.html", {
        "unit": unit,
        "children": selectors.unit_children(unit=unit),
        "people": selectors.unit_people(unit=unit),
        # Park pages need parks.view, which the system administrator does not hold (三员: no business data).
        "parks": unit.parks.order_by("name") if request.user.has_capability("parks.view") else [],
        "can_manage": request.user.has_capability("org.manage"),
    })


@requires("org.manage")
def unit_create_view(request):
    form = UnitForm(request.POST or None, user=request.user,
                    initial={"division": request.user.scope_prefix, "parent": request.GET.get("parent")})
    if response := submit_form(
            request, form, action=lambda: unit_create(acting_user=request.user, **form.service_kwargs()),
            success=lambda unit: _("已新增单位“%(name)s”。") % {"name": unit.name},
            redirect_to=lambda unit: reverse("org:unit_detail", args=[unit.pk])):
        return response
    return render(request, "org/unit_form.html", {"form": form, "title": _("新增单位")})


@requires("org.view")
def unit_edit(request, pk):
    unit = get_for_user(request.user, selectors.units_for_user(user=request.user), write=True,
                        write_capability="org.manage", pk=pk)
    form = UnitForm(request.POST or None, user=request.user, initial=UnitForm.initial_for(unit))
    if response := submit_form(
            request, form, action=lambda: unit_update(acting_user=request.user, unit=unit, **form.service_kwargs()),
            success=_("单位信息已保存。"), redirect_to=reverse("org:unit_detail", args=[unit.pk])):
        return response
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "title": _("修改单位")})


@requires("org.view")
@require_POST
def unit_set_active(request, pk):
    unit = get_for_user(request.user, selectors.units_for_user(user=request.user), write=True,
                        write_capability="org.manage", pk=pk)
    enable = request.POST.get("active") == "1"
    change = unit_enable if enable else unit_disable
    return submit_button(request, action=lambda: change(acting_user=request.user, unit=unit),
                         success=_("单位已启用。") if enable else _("单位已停用。"),
                         redirect_to=reverse("org:unit_detail", args=[unit.pk]))


# --- industry groups


@requires("org.view")
def industry_group_list(request):
    status = request.GET.get("status") or selectors.STATUS_ACTIVE
    groups = selectors.industry_group_list(user=request.user, status=status)
    return render(request, "org/industry_group_list.html", {
        "groups": groups, "status": status, "can_manage": request.user.has_capability("org.manage")})


@requires("org.view")
def industry_group_detail(request, pk):
    group = get_for_user(request.user, selectors.industry_group_list(user=request.user, status=selectors.STATUS_ALL),
                         pk=pk)
    return render(request, "org/industry_group_detail.html", {
        "group": group, "can_manage": request.user.has_capability("org.manage")})


@requires("org.manage")
def industry_group_create_view(request):
    form = IndustryGroupForm(request.POST or None, user=request.user,
                             initial={"division": request.user.scope_prefix})
    if response := submit_form(
            request, form, action=lambda: industry_group_create(acting_user=request.user, **form.service_kwargs()),
            success=lambda group: _("已新增产业工作组“%(name)s”。") % {"name": group.name},
            redirect_to=lambda group: reverse("org:industry_group_detail", args=[group.pk])):
        return response
    return render(request, "org/industry_group_form.html", {"form": form, "title": _("新增产业工作组")})


@requires("org.view")
def industry_group_edit(request, pk):
    group = get_for_user(request.user, selectors.industry_groups_for_user(user=request.user), write=True,
                         write_capability="org.manage", pk=pk)
    form = IndustryGroupForm(request.POST or None, user=request.user, initial=IndustryGroupForm.initial_for(group))
    if response := submit_form(
            request, form,
            action=lambda: industry_group_update(acting_user=request.user, group=group, **form.service_kwargs()),
            success=_("产业工作组已保存。"), redirect_to=reverse("org:industry_group_detail", args=[group.pk])):
        return response
    return render(request, "org/industry_group_form.html", {"form": form, "group": group,
                                                            "title": _("修改产业工作组")})


@requires("org.view")
@require_POST
def industry_group_set_active_view(request, pk):
    group = get_for_user(request.user, selectors.industry_groups_for_user(user=request.user), write=True,
                         write_capability="org.manage", pk=pk)
    enable = request.POST.get("active") == "1"
    return submit_button(
        request, action=lambda: industry_group_set_active(acting_user=request.user, group=group, is_active=enable),
        success=_("工作组已启用。") if enable else _("工作组已停用。"),
        redirect_to=reverse("org:industry_group_detail", args=[group.pk]))


# --- the industry table (GB/T 4754-2017) and the divisions


@requires("org.view")
def industry_list(request):
    form = IndustrySearchForm(request.GET)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "q": q}
    if q:
        context["page"] = Paginator(selectors.industry_search(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        context["sections"] = selectors.industry_sections()
    return render(request, "org/_industry_results.html" if is_htmx(request) else "org/industry_list.html", context)


@requires("org.view")
def industry_detail(request, code):
    industry = get_object_or_404(Industry, code=code.upper())
    return render(request, "org/industry_detail.html", {
        "industry": industry,
        "ancestors": selectors.industry_ancestors(industry=industry),
        "subtree": selectors.industry_subtree(industry=industry),
    })


@requires("org.view")
def division_list(request):
    if request.user.scope_prefix is None:
        raise Http404
    return redirect("org:division_detail", code=request.user.scope_prefix)


@requires("org.view")
def division_detail(request, code):
    division = get_for_user(request.user, selectors.divisions_for_user(user=request.user), code=code)
    return render(request, "org/division_detail.html", {
        "division": division,
        "path": selectors.division_path(user=request.user, division=division),
        "children": selectors.division_children(division=division),
        "units": selectors.units_for_user(user=request.user).filter(division=division, is_active=True),
    })
