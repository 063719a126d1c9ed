"""Request pages: the list with its clocks, filing a request for a matter, the request with its clock, and
one page per action of the handling unit or the firm. Views stay thin: selectors read, services write."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import get_for_user, requires
from chengjie.core.formviews import submit_button, submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx

from .. import chain, rules, selectors
from ..clock import Status
from ..forms import DecideForm, FileRequestForm, RequestFilterForm, ResubmitForm, ReturnForm, StopForm
from ..services import (
    request_accept,
    request_decide,
    request_file,
    request_resubmit,
    request_resume,
    request_return,
    request_stop,
)


@requires("approvals.view")
def request_list(request):
    today = timezone.localdate()
    filters = RequestFilterForm(request.GET, user=request.user)
    requests = selectors.request_list(user=request.user, today=today, **filters.values())
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_clocks(page.object_list, today=today)
    context = {"page": page, "filters": filters, "today": today,
               "counts": selectors.request_counts(user=request.user, today=today),
               "can_file": request.user.has_capability("approvals.file"),
               "can_handle": request.user.has_capability("approvals.handle")}
    template = "approvals/_request_table.html" if is_htmx(request) else "approvals/request_list.html"
    return render(request, template, context)


def _request_url(item) -> str:
    return reverse("approvals:request_detail", args=[item.pk])


@requires("approvals.file")
def request_create(request, matter_pk):
    matter = selectors.get_matter_for_user(request.user, matter_pk)
    if not matter.is_active:
        raise Http404
    today = timezone.localdate()
    form = FileRequestForm(request.POST or None, request.FILES or None, user=request.user, matter=matter)
    if response := submit_form(
            request, form,
            action=lambda: request_file(acting_user=request.user, matter=matter, **form.service_kwargs()),
            success=_("已申报“%(matter)s”，承办单位应在 5 个工作日内受理或一次告知补正内容。") % {"matter": matter.name},
            redirect_to=_request_url):
        return response
    firm = form.fields["enterprise"].queryset.first() if form.fields["enterprise"].queryset.count() == 1 else None
    links = chain.links(matter=matter, enterprise=firm, today=today) if firm is not None else []
    return render(request, "approvals/request_form.html", {"form": form, "matter": matter, "links": links,
                                                            "firm": firm})


@requires("approvals.view")
def request_detail(request, pk):
    item = selectors.get_request_for_user(request.user, pk)
    today = timezone.localdate()
    item = selectors.with_clocks([item], today=today)[0]
    links = chain.links(matter=item.matter, enterprise=item.enterprise, project=item.project, today=today)
    context = {"item": item, "clock": item.clock, "today": today, "files": selectors.request_files(request=item),
               "links": links, "visible_ids": selectors.visible_ids(user=request.user, requests=[
                   link.request for link in links if link.request is not None]),
               "actions": rules.allowed_actions(request.user, item), "deemed": getattr(item, "deemed_approval", None)}
    return render(request, "approvals/request_detail.html", context)


def _request_for(request, pk, action: str):
    """The request, if the user sees it (else 404) and may take `action` on it now (else 403)."""
    item = selectors.get_request_for_user(request.user, pk)
    item = selectors.with_clocks([item], today=timezone.localdate())[0]
    if action not in rules.allowed_actions(request.user, item):
        raise PermissionDenied
    return item


def _action_page(request, item, *, form, title: str, service, success: str, danger: bool = False):
    if response := submit_form(request, form, action=lambda: service(form), success=success,
                               redirect_to=_request_url(item)):
        return response
    return render(request, "approvals/request_action.html", {"item": item, "clock": item.clock, "form": form,
                                                              "title": title, "danger": danger})


@requires("approvals.handle")
@require_POST
def request_accept_view(request, pk):
    item = _request_for(request, pk, rules.ACCEPT)
    return submit_button(request, action=lambda: request_accept(acting_user=request.user, request=item),
                         success=_("已受理，办理时限开始计算。"), redirect_to=_request_url(item))


@requires("approvals.handle")
def request_return_view(request, pk):
    item = _request_for(request, pk, rules.RETURN)
    form = ReturnForm(request.POST or None)
    return _action_page(request, item, form=form, title=_("退回补正"), danger=True,
                        success=_("已退回补正，企业补正后重新计时。"),
                        service=lambda f: request_return(acting_user=request.user, request=item, **f.cleaned_data))


@requires("approvals.file")
def request_resubmit_view(request, pk):
    item = _request_for(request, pk, rules.RESUBMIT)
    form = ResubmitForm(request.POST or None, request.FILES or None)
    return _action_page(request, item, form=form, title=_("提交补正材料"), success=_("补正材料已提交，恢复计时。"),
                        service=lambda f: request_resubmit(acting_user=request.user, request=item,
                                                           note=f.cleaned_data["note"],
                                                           documents=f.cleaned_data["documents"]))


@requires("approvals.handle")
def request_stop_view(request, pk):
    item = _request_for(request, pk, rules.STOP)
    form = StopForm(request.POST or None, request=item)
    return _action_page(request, item, form=form, title=_("暂停计时"), success=_("已暂停计时。"),
                        service=lambda f: request_stop(acting_user=request.user, request=item, **f.cleaned_data))


@requires("approvals.handle")
@require_POST
def request_resume_view(request, pk):
    item = _request_for(request, pk, rules.RESUME)
    return submit_button(
        request,
        action=lambda: request_resume(acting_user=request.user, request=item, note=request.POST.get("note", "")),
        success=_("已恢复计时。"), redirect_to=_request_url(item))


@requires("approvals.handle")
def request_decide_view(request, pk):
    item = _request_for(request, pk, rules.DECIDE)
    document_only = item.status == Status.DEEMED
    form = DecideForm(request.POST or None, request.FILES or None, document_only=document_only)
    title = _("出具审批文件（超时默认）") if document_only else _("作出决定")
    return _action_page(request, item, form=form, title=title, success=_("决定和审批文件已保存，已通知企业。"),
                        service=lambda f: request_decide(acting_user=request.user, request=item, **f.service_kwargs()))


@requires("approvals.view")
def request_file_download(request, pk):
    """Serve a request's file to a user who sees the request; nobody else learns it exists."""
    record = get_for_user(request.user, selectors.files_for_user(user=request.user), pk=pk)
    return file_response(record.file, content_type=record.content_type, name=record.original_name,
                         inline=request.GET.get("download") != "1")


def file_response(field, *, content_type: str, name: str, inline: bool) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # A picture opens in the browser, sandboxed; a PDF downloads (unsandboxed a PDF could run script here).
    inline = inline and content_type.startswith("image/")
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
