"""Node templates: read by everyone who reads projects, revised (a new version) or copied by the bureau."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chengjie.core.access import get_for_user, requires
from chengjie.core.errors import DomainError

from .. import selectors
from ..models import Project
from ..services import node_template_create, node_template_revise
from ..services.templates import template_items_spec
from ..template_forms import TemplateCopyForm, TemplateHeaderForm, TemplateItemForm, TemplateItemFormSet, item_specs


def _template(request, pk, *, write=False):
    return get_for_user(request.user, selectors.templates_for_user(user=request.user), write=write,
                        write_capability="projects.templates", pk=pk)


@requires("projects.view")
def template_list(request):
    return render(request, "projects/template_list.html", {
        "templates": selectors.template_choices(user=request.user),
        "can_edit": request.user.has_capability("projects.templates")})


@requires("projects.view")
def template_detail(request, pk):
    template = _template(request, pk)
    items = list(template.items.prefetch_related("predecessors").order_by("order"))
    return render(request, "projects/template_detail.html", {
        "template": template, "items": items, "versions": selectors.template_versions(user=request.user,
                                                                                    template=template),
        "project_count": Project.objects.filter(template=template).count(),
        "can_edit": request.user.has_capability("projects.templates") and template.is_active})


def _editor(request, template, *, header_form_class, save):
    initial = [TemplateItemForm.initial_for(spec) for spec in template_items_spec(template)]
    formset = TemplateItemFormSet(request.POST or None, initial=initial, prefix="items")
    header = header_form_class(request.POST or None, initial={"project_type": template.project_type})
    if request.method == "POST" and formset.is_valid() and header.is_valid():
        try:
            saved = save(header.cleaned_data, item_specs(formset))
        except DomainError as exc:
            header.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存“%(template)s”。已签约的项目仍按原版本计划。") % {"template": saved})
            return redirect("projects:template_detail", pk=saved.pk)
    return render(request, "projects/template_form.html", {"template": template, "formset": formset,
                                                           "header": header})


@requires("projects.templates")
def template_edit(request, pk):
    template = _template(request, pk, write=True)

    def save(header, items):
        return node_template_revise(acting_user=request.user, template=template, items=items,
                                    project_type=header["project_type"], change_note=header["change_note"])

    return _editor(request, template, header_form_class=TemplateHeaderForm, save=save)


@requires("projects.templates")
def template_copy(request, pk):
    template = _template(request, pk, write=True)

    def save(header, items):
        return node_template_create(acting_user=request.user, name=header["name"], items=items,
                                    project_type=header["project_type"], change_note=header["change_note"])

    return _editor(request, template, header_form_class=TemplateCopyForm, save=save)
