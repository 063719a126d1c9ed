"""The referrer registry (备案, with masked personal data and an audited reveal) and the registry of
entrusted agencies."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import get_for_user, requires
from chengjie.core.errors import DomainError
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx

from .. import selectors
from ..forms import AgencyFilterForm, AgencyForm, ReferrerFilterForm, ReferrerForm, RevealForm
from ..masking import PERSONAL_FIELDS, masked, revealable_fields
from ..services import agency_create, agency_update, referrer_register, referrer_reveal

# --- referrers


@requires("leads.view")
def referrer_list(request):
    filters = ReferrerFilterForm(request.GET)
    referrers = selectors.referrer_list(user=request.user, **filters.values())
    page = Paginator(referrers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_manage": request.user.has_capability("leads.manage")}
    return render(request, "leads/_referrer_table.html" if is_htmx(request) else "leads/referrer_list.html", context)


@requires("leads.manage")
def referrer_create(request):
    form = ReferrerForm(request.POST or None, user=request.user, initial={"division": request.user.scope_prefix})
    if response := submit_form(
            request, form, action=lambda: referrer_register(acting_user=request.user, **form.service_kwargs()),
            success=lambda referrer: _("已备案引荐人“%(name)s”（备案日期 %(date)s）。")
            % {"name": referrer.name, "date": f"{referrer.registered_on:%Y-%m-%d}"},
            redirect_to=lambda referrer: reverse("leads:referrer_detail", args=[referrer.pk])):
        return response
    return render(request, "leads/referrer_form.html", {"form": form, "title": _("备案引荐人")})


def _personal(request, referrer, *, revealed: dict | None = None, forms: dict | None = None) -> list[dict]:
    can_reveal = request.user.has_capability("personal.reveal")
    revealable = revealable_fields(referrer)
    rows = []
    for field, label in PERSONAL_FIELDS.items():
        form = (forms or {}).get(field) or (RevealForm(prefix=field) if can_reveal and field in revealable else None)
        rows.append({"field": field, "label": label, "masked": masked(referrer, field), "form": form,
                     "revealed": (revealed or {}).get(field)})
    return rows


def _referrer_context(request, referrer, **personal) -> dict:
    from chengjie.projects.selectors import projects_for_user

    projects = projects_for_user(user=request.user).filter(referrer=referrer).select_related("introducing_unit")
    return {"referrer": referrer, "personal": _personal(request, referrer, **personal),
            "leads": selectors.referrer_leads(user=request.user, referrer=referrer),
            "projects": projects.order_by("-signed_on", "-id") if request.user.has_capability("projects.view")
            else None}


@requires("leads.view")
def referrer_detail(request, pk):
    referrer = get_for_user(request.user, selectors.referrers_for_user(user=request.user), pk=pk)
    return render(request, "leads/referrer_detail.html", _referrer_context(request, referrer))


@requires("personal.reveal")
@require_POST
def referrer_reveal_view(request, pk, field):
    if field not in PERSONAL_FIELDS:
        raise Http404
    referrer = get_for_user(request.user, selectors.referrers_for_user(user=request.user), pk=pk)
    form = RevealForm(request.POST, prefix=field)
    revealed = {}
    if form.is_valid():
        try:
            revealed[field] = referrer_reveal(acting_user=request.user, referrer=referrer, field=field,
                                              purpose=form.cleaned_data["purpose"])
        except DomainError as exc:
            add_domain_error(form, exc)
    personal = _personal(request, referrer, revealed=revealed, forms={field: form})
    if is_htmx(request):
        row = next(row for row in personal if row["field"] == field)
        return render(request, "leads/_personal.html", {"referrer": referrer, "row": row})
    return render(request, "leads/referrer_detail.html",
                  _referrer_context(request, referrer, revealed=revealed, forms={field: form}))


# --- agencies


@requires("leads.view")
def agency_list(request):
    filters = AgencyFilterForm(request.GET)
    agencies = selectors.agency_list(user=request.user, **filters.values())
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_manage": request.user.has_capability("leads.manage")}
    return render(request, "leads/_agency_table.html" if is_htmx(request) else "leads/agency_list.html", context)


@requires("leads.manage")
def agency_create_view(request):
    form = AgencyForm(request.POST or None, user=request.user, initial={"division": request.user.scope_prefix})
    if response := submit_form(
            request, form, action=lambda: agency_create(acting_user=request.user, **form.service_kwargs()),
            success=lambda agency: _("已登记委托招商机构“%(name)s”。") % {"name": agency.name},
            redirect_to=lambda agency: reverse("leads:agency_detail", args=[agency.pk])):
        return response
    return render(request, "leads/agency_form.html", {"form": form, "title": _("登记委托招商机构")})


@requires("leads.view")
def agency_detail(request, pk):
    agency = get_for_user(request.user, selectors.agencies_for_user(user=request.user), pk=pk)
    leads = selectors.leads_for_user(user=request.user).filter(agency=agency).order_by("-created_at")
    return render(request, "leads/agency_detail.html", {"agency": agency, "leads": leads,
                                                         "can_manage": request.user.has_capability("leads.manage")})


@requires("leads.view")
def agency_edit(request, pk):
    agency = get_for_user(request.user, selectors.agencies_for_user(user=request.user), write=True,
                          write_capability="leads.manage", pk=pk)
    form = AgencyForm(request.POST or None, user=request.user, agency=agency, initial=AgencyForm.initial_for(agency))
    if response := submit_form(
            request, form,
            action=lambda: agency_update(acting_user=request.user, agency=agency, **form.service_kwargs()),
            success=_("委托招商机构信息已保存。"), redirect_to=reverse("leads:agency_detail", args=[agency.pk])):
        return response
    return render(request, "leads/agency_form.html", {"form": form, "agency": agency, "title": _("修改委托招商机构")})
