"""Appeal pages: the list with its filters and clocks, a firm filing on the web, staff entering a hotline
call, the appeal's page (clocks, escalation, timeline, the actions the user may take now), its
attachments, and revealing the caller's phone with a stated purpose."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import get_for_user, requires
from chengjie.core.errors import DomainError
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx
from chengjie.parks.masking import mask_phone

from .. import rules, selectors
from ..forms import (
    AppealFileForm,
    AppealFilterForm,
    CloseForm,
    ComplexForm,
    HotlineForm,
    RateForm,
    ReasonForm,
    ReplyForm,
    RevealForm,
    RouteForm,
)
from ..models import AppealAttachment
from ..services import appeal_file, appeal_register, appeal_reveal
from ..services.personal import PERSONAL_FIELDS


def _county(request) -> str:
    prefix = request.user.scope_prefix or ""
    if request.user.binds_enterprise and request.user.enterprise_id:
        prefix = request.user.enterprise.division_id
    if len(prefix) < 6:
        raise Http404
    return prefix[:6]


@requires("appeals.view")
def appeal_list(request):
    filters = AppealFilterForm(request.GET, user=request.user)
    appeals = selectors.appeal_list(user=request.user, **filters.values())
    page = Paginator(appeals, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_clocks(page.object_list)
    clocks = [clock for appeal in page.object_list for clock in appeal.clocks]
    context = {"page": page, "filters": filters, "counts": selectors.appeal_counts(user=request.user),
               "span": (min(c.started_on for c in clocks), max(c.due_on for c in clocks)) if clocks else (None, None),
               "can_file": request.user.has_capability("appeals.file"),
               "can_register": request.user.has_capability("appeals.register"),
               "can_manage": request.user.has_capability("appeals.manage")}
    return render(request, "appeals/_appeal_table.html" if is_htmx(request) else "appeals/appeal_list.html", context)


def _appeal_url(appeal) -> str:
    return reverse("appeals:appeal_detail", args=[appeal.pk])


def _filed(appeal) -> str:
    accept, reply, _resolve = selectors.with_clocks([appeal])[0].clocks
    return (_("诉求已提交。承办单位须在 %(accept)s 前签收、%(reply)s 前答复您。")
            % {"accept": f"{accept.due_on:%Y-%m-%d}", "reply": f"{reply.due_on:%Y-%m-%d}"})


@requires("appeals.file")
def appeal_file_view(request):
    form = AppealFileForm(request.POST or None, request.FILES or None, county=_county(request))
    if response := submit_form(
            request, form, action=lambda: appeal_file(acting_user=request.user, **form.service_kwargs()),
            success=_filed, redirect_to=_appeal_url):
        return response
    return render(request, "appeals/appeal_form.html", {"form": form, "title": _("提交诉求"), "multipart": True})


@requires("appeals.register")
def appeal_register_view(request):
    form = HotlineForm(request.POST or None, user=request.user, county=_county(request))
    if response := submit_form(
            request, form, action=lambda: appeal_register(acting_user=request.user, **form.service_kwargs()),
            success=_("热线诉求已登记。"), redirect_to=_appeal_url):
        return response
    return render(request, "appeals/appeal_form.html", {"form": form, "title": _("登记热线诉求")})


ACTION_FORMS = {
    rules.ROUTE: lambda appeal, data=None: RouteForm(data, county=appeal.county_id),
    rules.COMPLEX: lambda appeal, data=None: ComplexForm(data,
                                                         initial={"is_complex": "0" if appeal.is_complex else "1"}),
    rules.RETURN: lambda appeal, data=None: ReasonForm(data),
    rules.REPLY: lambda appeal, data=None: ReplyForm(data),
    rules.CLOSE: lambda appeal, data=None: CloseForm(data),
    rules.RATE: lambda appeal, data=None: RateForm(data),
}


def phone_row(request, appeal, *, form=None, revealed: str = "") -> dict:
    can_reveal = request.user.has_capability("personal.reveal") and bool(appeal.caller_phone)
    return {"field": "caller_phone", "label": PERSONAL_FIELDS["caller_phone"],
            "masked": mask_phone(appeal.caller_phone),
            "form": form or (RevealForm(prefix="caller_phone") if can_reveal else None), "revealed": revealed}


def detail_context(request, appeal, *, bound: dict | None = None, phone: dict | None = None) -> dict:
    context = selectors.appeal_detail(appeal=appeal)
    actions = rules.allowed_actions(request.user, appeal)
    forms = {name: (bound or {}).get(name) or factory(appeal) for name, factory in ACTION_FORMS.items()
             if name in actions}
    context.update(actions=actions, forms=forms, phone=phone or phone_row(request, appeal))
    return context


@requires("appeals.view")
def appeal_detail(request, pk):
    appeal = selectors.get_appeal_for_user(request.user, pk)
    return render(request, "appeals/appeal_detail.html", detail_context(request, appeal))


@requires("personal.reveal")
@require_POST
def appeal_reveal_view(request, pk, field):
    if field not in PERSONAL_FIELDS:
        raise Http404
    appeal = selectors.get_appeal_for_user(request.user, pk)
    form = RevealForm(request.POST, prefix=field)
    revealed = ""
    if form.is_valid():
        try:
            revealed = appeal_reveal(acting_user=request.user, appeal=appeal, field=field,
                                     purpose=form.cleaned_data["purpose"])
        except DomainError as exc:
            add_domain_error(form, exc)
    phone = phone_row(request, appeal, form=form, revealed=revealed)
    if is_htmx(request):
        return render(request, "appeals/_phone.html", {"appeal": appeal, "phone": phone})
    return render(request, "appeals/appeal_detail.html", detail_context(request, appeal, phone=phone))


@requires("appeals.view")
def attachment_file(request, pk):
    """Serve an attachment to a user who sees its appeal; nobody else learns it exists."""
    scoped = AppealAttachment.objects.filter(appeal__in=selectors.appeals_for_user(user=request.user))
    attachment = get_for_user(request.user, scoped, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # A picture opens in the browser, in a sandbox; a PDF downloads (unsandboxed, a PDF could run script
    # in this site's origin).
    inline = attachment.content_type.startswith("image/") and request.GET.get("download") != "1"
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=not inline,
                            filename=attachment.original_name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
