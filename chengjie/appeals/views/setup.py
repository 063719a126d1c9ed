"""The county office's pages: the 12345 import (all or nothing, or only the valid rows with the refused ones
to download) and the appeal categories with their default units and working-day limits."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chengjie.core.access import get_for_user, requires
from chengjie.core.errors import DomainError
from chengjie.core.exports import XLSX
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_form

from .. import selectors
from ..forms import CategoryForm, ImportForm
from ..importer.services import appeals_import
from ..models import AppealCategory
from ..services import appeal_category_create, appeal_category_update

def _county(request) -> str:
    county = (request.user.scope_prefix or "")[:6]
    if len(county) < 6:
        raise Http404
    return county


@requires("appeals.manage")
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = appeals_import(acting_user=request.user, source=upload, file_name=upload.name,
                                    valid_only=form.cleaned_data["valid_only"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if result.written:
                messages.success(request, _("已导入：新增 %(created)d 件，更新 %(updated)d 件，%(rejected)d 行未导入。")
                                 % {"created": result.created, "updated": result.updated,
                                    "rejected": len(result.plan.rejected)})
    imports = selectors.imports_for_user(user=request.user)[:10]
    return render(request, "appeals/import.html", {"form": form, "result": result, "imports": imports},
                  status=400 if result is not None and not result.written else 200)


@requires("appeals.manage")
def import_rejects(request, pk):
    record = get_for_user(request.user, selectors.imports_for_user(user=request.user), pk=pk)
    if not record.rejects:
        raise Http404
    response = HttpResponse(bytes(record.rejects), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=appeals-rejects-{record.pk}.xlsx"
    response["Cache-Control"] = "private, no-store"
    return response


@requires("appeals.manage")
def category_list(request):
    return render(request, "appeals/category_list.html", {"rows": selectors.category_rows(county=_county(request))})


@requires("appeals.manage")
def category_create(request):
    county = _county(request)
    form = CategoryForm(request.POST or None, county=county, initial={"parent": request.GET.get("parent")})
    if response := submit_form(
            request, form, action=lambda: appeal_category_create(acting_user=request.user, county_code=county,
                                                                 **form.service_kwargs()),
            success=lambda category: _("已添加诉求分类“%(name)s”。") % {"name": category.name},
            redirect_to="appeals:category_list"):
        return response
    return render(request, "appeals/category_form.html", {"form": form, "title": _("添加诉求分类")})


@requires("appeals.manage")
def category_edit(request, pk):
    county = _county(request)
    category = get_for_user(request.user, AppealCategory.objects.filter(county_id=county), pk=pk)
    form = CategoryForm(request.POST or None, county=county, category=category,
                        initial=CategoryForm.initial_for(category))
    if response := submit_form(
            request, form,
            action=lambda: appeal_category_update(acting_user=request.user, category=category, **form.service_kwargs()),
            success=_("诉求分类已保存，所有在办诉求按新时限计算。"), redirect_to="appeals:category_list"):
        return response
    return render(request, "appeals/category_form.html", {"form": form, "category": category,
                                                          "title": _("修改诉求分类")})
