"""Pages: the meetings, a meeting's agenda by tier with its decisions, the record of the meeting, the
minutes download, the action items with their colours, and the county's settings. Views stay thin: reads
through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import requires
from chengjie.core.errors import DomainError
from chengjie.core.exports import DOCX, download
from chengjie.core.formviews import submit_button, submit_form
from chengjie.core.pages import PAGE_SIZE
from chengjie.org.selectors import counties_for_user

from . import selectors, services
from .forms import (
    ActionFilterForm,
    ActionForm,
    AgendaAddForm,
    DecisionForm,
    MeetingForm,
    RecordForm,
    RemoveForm,
    ReportForm,
    RouteForm,
    SettingForm,
)
from .minutes import minutes_filename
from .models import ActionItem, Meeting

# --- meetings


def _meeting_url(meeting: Meeting) -> str:
    return reverse("dispatch:meeting_detail", args=[meeting.pk])


@requires("dispatch.view")
def meeting_list(request):
    page = Paginator(selectors.meeting_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dispatch/meeting_list.html", {
        "page": page, "can_manage": request.user.has_capability("dispatch.manage")})


@requires("dispatch.manage")
def meeting_create(request):
    form = MeetingForm(request.POST or None, user=request.user)
    if response := submit_form(
            request, form, action=lambda: services.meeting_create(acting_user=request.user, **form.service_kwargs()),
            success=lambda meeting: _("已建立“%(title)s”，请生成议题。") % {"title": meeting.title},
            redirect_to=_meeting_url):
        return response
    return render(request, "dispatch/meeting_form.html", {"form": form})


def _detail(request, meeting: Meeting, *, add_form=None, status=200):
    manage = request.user.has_capability("dispatch.manage")
    preparing = meeting.status == Meeting.Status.PREPARING
    context = {
        "meeting": meeting, "today": timezone.localdate(), "manage": manage, "preparing": preparing,
        "setting": selectors.setting_for(meeting.division_id),
        **selectors.agenda(meeting=meeting),
        "add_form": (add_form or AgendaAddForm(county=meeting.division_id)) if manage and preparing else None,
        "route_form": RouteForm() if manage else None,
    }
    return render(request, "dispatch/meeting_detail.html", context, status=status)


@requires("dispatch.view")
def meeting_detail(request, pk):
    return _detail(request, selectors.get_meeting_for_user(request.user, pk))


@requires("dispatch.manage")
@require_POST
def agenda_generate(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    return submit_button(
        request, action=lambda: services.agenda_generate(acting_user=request.user, meeting=meeting),
        success=lambda items: _("议题已按今天的数据生成：新增 %(count)d 项。") % {"count": len(items)}
        if items else _("没有发现新的议题，原有议题未变。"),
        redirect_to=_meeting_url(meeting))


@requires("dispatch.manage")
@require_POST
def agenda_add(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    form = AgendaAddForm(request.POST, county=meeting.division_id)
    if response := submit_form(
            request, form,
            action=lambda: services.agenda_item_add(acting_user=request.user, meeting=meeting, **form.cleaned_data),
            success=_("议题已增列。"), redirect_to=_meeting_url(meeting)):
        return response
    return _detail(request, meeting, add_form=form, status=400)


@requires("dispatch.manage")
@require_POST
def agenda_remove(request, pk, item_pk):
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    item = selectors.get_agenda_item_for_user(request.user, meeting, item_pk)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("撤下议题须填写理由。"))
        return redirect(_meeting_url(meeting))
    return submit_button(
        request, action=lambda: services.agenda_item_remove(acting_user=request.user, item=item,
                                                            reason=form.cleaned_data["reason"]),
        success=_("议题“%(title)s”已撤下。") % {"title": item.title}, redirect_to=_meeting_url(meeting))


@requires("dispatch.manage")
@require_POST
def agenda_route(request, pk, item_pk):
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    item = selectors.get_agenda_item_for_user(request.user, meeting, item_pk)
    form = RouteForm(request.POST)
    back = f"{_meeting_url(meeting)}#item-{item.pk}"
    if not form.is_valid():
        messages.error(request, _("请选择处理层级。"))
        return redirect(back)
    return submit_button(
        request, action=lambda: services.agenda_item_route(acting_user=request.user, item=item,
                                                           tier=form.cleaned_data["tier"]),
        success=_("议题“%(title)s”的处理层级已确定。") % {"title": item.title}, redirect_to=back)


@requires("dispatch.manage")
def meeting_record(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    initial = {"held_on": meeting.held_on or timezone.localdate(), "venue": meeting.venue, "chair": meeting.chair,
               "attendees": meeting.attendees, "summary": meeting.summary,
               "minutes_seq": meeting.minutes_seq}
    form = RecordForm(request.POST or None, initial=initial)
    if response := submit_form(
            request, form,
            action=lambda: services.meeting_record(acting_user=request.user, meeting=meeting, **form.cleaned_data),
            success=_("会议召开情况已记录，请逐项记录议定事项。"), redirect_to=_meeting_url(meeting)):
        return response
    return render(request, "dispatch/record_form.html", {"meeting": meeting, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@requires("dispatch.view")
def meeting_minutes(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    try:
        content = services.meeting_minutes_export(acting_user=request.user, meeting=meeting)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dispatch:meeting_detail", pk=meeting.pk)
    return download(content, content_type=DOCX, filename=minutes_filename(meeting))


# --- action items


def _action_url(item: ActionItem) -> str:
    return reverse("dispatch:action_detail", args=[item.pk])


@requires("dispatch.manage")
def action_create(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk, write=True)
    initial = {"agenda_item": request.GET.get("item")} if request.method == "GET" else None
    form = ActionForm(request.POST or None, initial=initial, meeting=meeting)
    back = reverse("dispatch:action_create", args=[meeting.pk]) if "another" in request.POST else _meeting_url(meeting)
    if response := submit_form(
            request, form,
            action=lambda: services.action_item_create(acting_user=request.user, meeting=meeting, **form.cleaned_data),
            success=_("议定事项已记录，并已通知牵头单位。"), redirect_to=back):
        return response
    return render(request, "dispatch/action_form.html", {"meeting": meeting, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@requires("dispatch.view")
def action_list(request):
    filters = ActionFilterForm(request.GET, user=request.user)
    items = selectors.action_list(user=request.user, **filters.values())
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dispatch/action_list.html", {"filters": filters, "page": page})


def _action_page(request, item: ActionItem, *, report_form=None, close_form=None, return_form=None, status=200):
    user = request.user
    item = selectors.with_colour(item)
    may_report = (user.has_capability("dispatch.respond") and user.binds_unit
                  and item.owner_unit_id in user.unit_and_descendant_ids() and item.status != ActionItem.Status.CLOSED)
    may_decide = user.has_capability("dispatch.manage") and item.status == ActionItem.Status.REPORTED
    context = {
        "item": item,
        "report_form": (report_form or ReportForm(initial={"done_on": item.done_on or timezone.localdate(),
                                                           "note": item.report_note})) if may_report else None,
        "close_form": (close_form or DecisionForm(prefix="close")) if may_decide else None,
        "return_form": (return_form or DecisionForm(prefix="return")) if may_decide else None,
    }
    return render(request, "dispatch/action_detail.html", context, status=status)


@requires("dispatch.view")
def action_detail(request, pk):
    return _action_page(request, selectors.get_action_for_user(request.user, pk))


@requires("dispatch.respond")
@require_POST
def action_report(request, pk):
    item = selectors.get_action_for_user(request.user, pk, write=True, write_capability="dispatch.respond")
    form = ReportForm(request.POST)
    if response := submit_form(
            request, form, action=lambda: services.action_item_report(acting_user=request.user, item=item,
                                                                      **form.cleaned_data),
            success=_("已报告办结，等待招商主管部门确认。"), redirect_to=_action_url(item)):
        return response
    return _action_page(request, item, report_form=form, status=400)


@requires("dispatch.manage")
@require_POST
def action_close(request, pk):
    item = selectors.get_action_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST, prefix="close")
    if response := submit_form(
            request, form, action=lambda: services.action_item_close(acting_user=request.user, item=item,
                                                                     note=form.cleaned_data["note"]),
            success=_("已确认办结。"), redirect_to=_action_url(item)):
        return response
    return _action_page(request, item, close_form=form, status=400)


@requires("dispatch.manage")
@require_POST
def action_return(request, pk):
    item = selectors.get_action_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST, prefix="return")
    if response := submit_form(
            request, form, action=lambda: services.action_item_return(acting_user=request.user, item=item,
                                                                      note=form.cleaned_data["note"]),
            success=_("已退回牵头单位继续办理。"), redirect_to=_action_url(item)):
        return response
    return _action_page(request, item, return_form=form, status=400)


# --- settings


@requires("dispatch.manage")
def settings_view(request):
    counties = list(counties_for_user(user=request.user).values_list("code", "name"))
    county = request.GET.get("county") or request.POST.get("county") or (counties[0][0] if counties else "")
    if county not in dict(counties):
        county = counties[0][0] if counties else ""
    setting = selectors.setting_for(county)
    form = SettingForm(request.POST or None, initial={"stalled_months": setting.stalled_months,
                                                      "organ": setting.organ, "number_prefix": setting.number_prefix})
    if response := submit_form(
            request, form, action=lambda: services.dispatch_setting_set(acting_user=request.user, division_code=county,
                                                                        **form.cleaned_data),
            success=_("季度调度设置已保存。"), redirect_to=f"{request.path}?county={county}"):
        return response
    return render(request, "dispatch/settings.html", {"form": form, "county": county, "counties": counties,
                                                      "setting": setting})
