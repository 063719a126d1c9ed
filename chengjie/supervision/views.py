"""Pages: supervision notices (list, detail with the unit's answer and the bureau's 销号 / routing), the
red and yellow list by unit, and the bureau's choice of warning preset. Views stay thin: reads through
selectors, writes through services."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import requires
from chengjie.core.formviews import submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx

from . import selectors, services
from .forms import AnswerForm, CloseForm, NoticeFilterForm, PresetForm, RouteForm, SettingForm, WarningFilterForm
from .models import DEFAULT_RESPONSE_WORKDAYS, SupervisionNotice, WarningPreset
from .rules import describe_parameters

Status = SupervisionNotice.Status


# --- notices


@requires("supervision.view")
def notice_list(request):
    filters = NoticeFilterForm(request.GET, user=request.user)
    notices = selectors.notice_list(user=request.user, **filters.values())
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "today": timezone.localdate()}
    return render(request, "supervision/_notice_table.html" if is_htmx(request) else "supervision/notice_list.html",
                  context)


def _may_answer(user, notice) -> bool:
    return (user.has_capability("supervision.answer") and user.binds_unit and notice.status != Status.CLOSED
            and notice.unit_id in user.unit_and_descendant_ids())


def _detail(request, notice, *, answer_form=None, close_form=None, route_form=None, status=200):
    can_manage = request.user.has_capability("supervision.manage") and notice.status != Status.CLOSED
    context = {
        "notice": notice,
        "today": timezone.localdate(),
        "history": selectors.project_colour_history(notice.project, months=6),
        "answer_form": (answer_form or AnswerForm(initial={"response": notice.response}))
        if _may_answer(request.user, notice) else None,
        "close_form": (close_form or CloseForm()) if can_manage else None,
        "route_form": (route_form or RouteForm(initial={"tier": notice.tier})) if can_manage else None,
    }
    return render(request, "supervision/notice_detail.html", context, status=status)


def _notice_url(notice) -> str:
    return reverse("supervision:notice_detail", args=[notice.pk])


@requires("supervision.view")
def notice_detail(request, pk):
    return _detail(request, selectors.get_notice_for_user(request.user, pk))


@requires("supervision.answer")
@require_POST
def notice_answer(request, pk):
    notice = selectors.get_notice_for_user(request.user, pk, write=True, write_capability="supervision.answer")
    form = AnswerForm(request.POST)
    if response := submit_form(
            request, form, action=lambda: services.notice_answer(acting_user=request.user, notice=notice,
                                                                 response=form.cleaned_data["response"]),
            success=_("整改方案已报送，等待招商主管部门销号。"), redirect_to=_notice_url(notice)):
        return response
    return _detail(request, notice, answer_form=form, status=400)


@requires("supervision.manage")
@require_POST
def notice_close(request, pk):
    notice = selectors.get_notice_for_user(request.user, pk, write=True)
    form = CloseForm(request.POST)
    if response := submit_form(
            request, form, action=lambda: services.notice_close(acting_user=request.user, notice=notice,
                                                                note=form.cleaned_data["note"]),
            success=_("督办单 %(code)s 已销号。") % {"code": notice.code}, redirect_to=_notice_url(notice)):
        return response
    return _detail(request, notice, close_form=form, status=400)


@requires("supervision.manage")
@require_POST
def notice_route(request, pk):
    notice = selectors.get_notice_for_user(request.user, pk, write=True)
    form = RouteForm(request.POST)
    if response := submit_form(
            request, form, action=lambda: services.notice_route(acting_user=request.user, notice=notice,
                                                                tier=form.cleaned_data["tier"],
                                                                note=form.cleaned_data["note"]),
            success=lambda routed: _("督办单 %(code)s 已转为“%(tier)s”。") % {"code": routed.code,
                                                                          "tier": routed.get_tier_display()},
            redirect_to=_notice_url):
        return response
    return _detail(request, notice, route_form=form, status=400)


# --- the red and yellow list by unit


@requires("supervision.view")
def warning_list(request):
    filters = WarningFilterForm(request.GET, user=request.user)
    values = filters.values()
    today = timezone.localdate()
    nodes = selectors.warned_nodes(user=request.user, today=today, colour=values["colour"], unit=values["unit"])
    page = Paginator(nodes, PAGE_SIZE).get_page(request.GET.get("page"))
    projects = list(selectors.warned_projects(user=request.user, today=today, colour=values["colour"],
                                              unit=values["unit"])[:PAGE_SIZE])
    reasons = selectors.node_results(page.object_list, today=today)
    clauses = selectors.clause_results(projects, today=today)
    context = {
        "filters": filters, "page": page, "today": today,
        "counts": selectors.warned_counts_by_unit(user=request.user, today=today),
        "node_rows": [(node, reasons[node.pk]) for node in page.object_list],
        "project_rows": [(project, result) for project in projects for result in clauses[project.pk]
                         if result.colour == values["colour"] or not values["colour"]],
    }
    return render(request, "supervision/warning_list.html", context)


# --- the bureau's choice of preset


@requires("supervision.manage")
def settings_view(request):
    division = request.user.scope_prefix
    table = selectors.preset_table()
    current = table.setting_for(division)
    in_force = table.for_division(division)
    form = SettingForm(request.POST or None, initial={
        "preset": in_force.pk, "response_workdays": current.response_workdays if current else DEFAULT_RESPONSE_WORKDAYS})
    if response := submit_form(
            request, form,
            action=lambda: services.warning_setting_set(acting_user=request.user, division_code=division,
                                                        **form.cleaned_data),
            success=lambda _setting: _("已改用“%(name)s”，页面上的颜色即时按新规则计算。")
            % {"name": form.cleaned_data["preset"].name},
            redirect_to="supervision:settings"):
        return response
    presets = [(preset, describe_parameters(preset.rule, preset.parameters))
               for preset in WarningPreset.objects.filter(is_active=True)]
    return render(request, "supervision/settings.html", {
        "form": form, "current": current, "in_force": in_force, "presets": presets})


@requires("supervision.manage")
def preset_create(request):
    form = PresetForm(request.POST or None)
    if response := submit_form(
            request, form, action=lambda: services.warning_preset_create(
                acting_user=request.user, name=form.cleaned_data["name"], rule=form.cleaned_data["rule"],
                parameters=form.parameters(), description=form.cleaned_data["description"]),
            success=lambda preset: _("已新增预警规则“%(name)s”，可在下方选用。") % {"name": preset.name},
            redirect_to="supervision:settings"):
        return response
    return render(request, "supervision/preset_form.html", {"form": form})
