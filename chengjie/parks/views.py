"""Park and enterprise pages: registries, 一企一档, exports and revealing masked personal data."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.accounts.roles import Role
from chengjie.core.access import get_for_user, requires
from chengjie.core.errors import DomainError
from chengjie.core.exports import export_response
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_button, submit_form
from chengjie.core.pages import PAGE_SIZE, is_htmx

from . import selectors
from .forms import EnterpriseDisableForm, EnterpriseFilterForm, EnterpriseForm, ParkFilterForm, ParkForm, RevealForm
from .masking import PERSONAL_FIELDS, mask_phone
from .services import (
    enterprise_create,
    enterprise_disable,
    enterprise_update,
    park_create,
    park_disable,
    park_update,
    personal_reveal,
)


def _can_manage(request) -> bool:
    return request.user.has_capability("parks.manage")


# --- parks


@requires("parks.view")
def park_list(request):
    filters = ParkFilterForm(request.GET, user=request.user)
    parks = selectors.park_list(user=request.user, **filters.values())
    page = Paginator(parks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_manage": _can_manage(request)}
    return render(request, "parks/_park_table.html" if is_htmx(request) else "parks/park_list.html", context)


@requires("parks.view")
def park_export(request):
    values = ParkFilterForm(request.GET, user=request.user).values()
    parks = selectors.park_list(user=request.user, **values)
    rows = ((p.name, p.get_kind_display(), p.division.name, p.committee.name if p.committee else "", p.catalogue_code,
             p.approved_by, p.approved_on, p.approved_area_ha, p.planned_area_km2, p.built_area_km2,
             p.leading_industries, p.enterprise_count, _("启用") if p.is_active else _("已停用")) for p in parks)
    headers = [_("园区名称"), _("类型"), _("所在区划"), _("管理机构"), _("开发区目录代码"), _("批准机关"), _("批准时间"),
               _("核准面积（公顷）"), _("规划面积（平方公里）"), _("建成面积（平方公里）"), _("主导产业"), _("存续企业数"),
               _("状态")]
    return export_response(acting_user=request.user, title=_("园区列表"), object_type="parks.park", headers=headers,
                           rows=rows, filters=values)


@requires("parks.view")
def park_detail(request, pk):
    park = get_for_user(request.user, selectors.parks_for_user(user=request.user), pk=pk)
    firms = selectors.enterprise_list(user=request.user, park=park.pk)
    page = Paginator(firms, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "parks/park_detail.html", {"park": park, "page": page, "can_manage": _can_manage(request)})


@requires("parks.manage")
def park_create_view(request):
    form = ParkForm(request.POST or None, user=request.user, initial={"division": request.user.scope_prefix})
    if response := submit_form(
            request, form, action=lambda: park_create(acting_user=request.user, **form.service_kwargs()),
            success=lambda park: _("已登记园区“%(name)s”。") % {"name": park.name},
            redirect_to=lambda park: reverse("parks:park_detail", args=[park.pk])):
        return response
    return render(request, "parks/park_form.html", {"form": form, "title": _("登记园区")})


@requires("parks.view")
def park_edit(request, pk):
    park = get_for_user(request.user, selectors.parks_for_user(user=request.user), write=True,
                        write_capability="parks.manage", pk=pk)
    form = ParkForm(request.POST or None, user=request.user, initial=ParkForm.initial_for(park))
    if response := submit_form(
            request, form, action=lambda: park_update(acting_user=request.user, park=park, **form.service_kwargs()),
            success=_("园区信息已保存。"), redirect_to=reverse("parks:park_detail", args=[park.pk])):
        return response
    return render(request, "parks/park_form.html", {"form": form, "park": park, "title": _("修改园区")})


@requires("parks.view")
@require_POST
def park_disable_view(request, pk):
    park = get_for_user(request.user, selectors.parks_for_user(user=request.user), write=True,
                        write_capability="parks.manage", pk=pk)
    return submit_button(request, action=lambda: park_disable(acting_user=request.user, park=park),
                         success=_("园区已停用。"), redirect_to=reverse("parks:park_detail", args=[park.pk]))


# --- enterprises


@requires("parks.view")
def enterprise_list(request):
    filters = EnterpriseFilterForm(request.GET, user=request.user)
    firms = selectors.enterprise_list(user=request.user, **filters.values())
    page = Paginator(firms, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_manage": _can_manage(request)}
    return render(request, "parks/_enterprise_table.html" if is_htmx(request) else "parks/enterprise_list.html",
                  context)


@requires("parks.view")
def enterprise_export(request):
    values = EnterpriseFilterForm(request.GET, user=request.user).values()
    firms = selectors.enterprise_list(user=request.user, **values)
    rows = ((e.name, e.uscc, e.division.name, e.park.name if e.park else "", e.industry_id or "",
             e.industry.name if e.industry else "", e.legal_representative, mask_phone(e.legal_representative_phone),
             e.contact_name, mask_phone(e.contact_phone), e.address, e.registered_capital, e.established_on,
             _("存续") if e.is_active else _("已注销/迁出")) for e in firms)
    headers = [_("企业名称"), _("统一社会信用代码"), _("所在区划"), _("所在园区"), _("行业代码"), _("所属行业"),
               _("法定代表人"), _("法定代表人电话"), _("联系人"), _("联系电话"), _("地址"), _("注册资本（万元）"),
               _("成立日期"), _("状态")]
    return export_response(acting_user=request.user, title=_("企业列表"), object_type="parks.enterprise",
                           headers=headers, rows=rows, filters=values)


def _enterprise_context(request, enterprise, **extra) -> dict:
    can_reveal = request.user.has_capability("personal.reveal")
    phones = [{"field": field, "label": label, "masked": mask_phone(getattr(enterprise, field)),
               "form": RevealForm(initial={"field": field}, prefix=field) if can_reveal else None}
              for field, label in PERSONAL_FIELDS.items()]
    return {"enterprise": enterprise, "phones": phones, "can_manage": _can_manage(request),
            "disable_form": EnterpriseDisableForm(), **extra}


@requires("parks.view")
def enterprise_detail(request, pk):
    enterprise = get_for_user(request.user, selectors.enterprises_for_user(user=request.user), pk=pk)
    return render(request, "parks/enterprise_detail.html", _enterprise_context(request, enterprise))


@requires("personal.reveal")
@require_POST
def enterprise_reveal(request, pk, field):
    if field not in PERSONAL_FIELDS:
        raise Http404
    enterprise = get_for_user(request.user, selectors.enterprises_for_user(user=request.user), pk=pk)
    form = RevealForm(request.POST, prefix=field)
    phone = {"field": field, "label": PERSONAL_FIELDS[field], "masked": mask_phone(getattr(enterprise, field)),
             "form": form}
    if form.is_valid():
        try:
            phone["revealed"] = personal_reveal(acting_user=request.user, enterprise=enterprise, field=field,
                                                purpose=form.cleaned_data["purpose"])
        except DomainError as exc:
            add_domain_error(form, exc)
    if is_htmx(request):
        return render(request, "parks/_phone.html", {"enterprise": enterprise, "phone": phone})
    context = _enterprise_context(request, enterprise)
    context["phones"] = [phone if p["field"] == field else p for p in context["phones"]]
    return render(request, "parks/enterprise_detail.html", context)


@requires("parks.manage")
def enterprise_create_view(request):
    initial = {"division": request.user.scope_prefix}
    parks = selectors.parks_for_user(user=request.user).filter(is_active=True)
    wanted = request.GET.get("park", "")
    chosen = parks.filter(pk=wanted).first() if wanted.isdigit() else None
    if chosen is None and request.user.role == Role.PARK:
        chosen = parks.first()
    if chosen is not None:
        initial.update(park=chosen.pk, division=chosen.division_id)
    form = EnterpriseForm(request.POST or None, user=request.user, initial=initial)
    if response := submit_form(
            request, form, action=lambda: enterprise_create(acting_user=request.user, **form.service_kwargs()),
            success=lambda enterprise: _("已登记企业“%(name)s”。") % {"name": enterprise.name},
            redirect_to=lambda enterprise: reverse("parks:enterprise_detail", args=[enterprise.pk])):
        return response
    return render(request, "parks/enterprise_form.html", {"form": form, "title": _("登记企业")})


@requires("parks.view")
def enterprise_edit(request, pk):
    enterprise = get_for_user(request.user, selectors.enterprises_for_user(user=request.user), write=True,
                              write_capability="parks.manage", pk=pk)
    form = EnterpriseForm(request.POST or None, user=request.user, enterprise=enterprise,
                          initial=EnterpriseForm.initial_for(enterprise))
    if response := submit_form(
            request, form,
            action=lambda: enterprise_update(acting_user=request.user, enterprise=enterprise, **form.service_kwargs()),
            success=_("企业信息已保存。"), redirect_to=reverse("parks:enterprise_detail", args=[enterprise.pk])):
        return response
    return render(request, "parks/enterprise_form.html", {"form": form, "enterprise": enterprise,
                                                          "title": _("修改企业信息")})


@requires("parks.view")
@require_POST
def enterprise_disable_view(request, pk):
    enterprise = get_for_user(request.user, selectors.enterprises_for_user(user=request.user), write=True,
                              write_capability="parks.manage", pk=pk)
    form = EnterpriseDisableForm(request.POST)
    return submit_button(
        request, action=lambda: enterprise_disable(acting_user=request.user, enterprise=enterprise,
                                                   reason=form.cleaned_data["reason"] if form.is_valid() else ""),
        success=_("已标记为不再存续。"), redirect_to=reverse("parks:enterprise_detail", args=[enterprise.pk]))
