"""A node's page (phone-friendly): its plan and evidence, the 经办人's entry form, the 负责人's confirm or
return; the bureau's assignment; evidence served only to users who see the project."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import get_for_user, requires
from chengjie.core.formviews import submit_button, submit_form
from chengjie.supervision import selectors as supervision

from .. import selectors
from ..forms import NodeAssignForm, NodeCompleteForm, ReasonForm
from ..services import node_assign, node_complete, node_confirm, node_return
from ..services.evidence import missing_kinds
from ._shared import can_confirm_node, can_enter_node


def _context(request, node, **extra) -> dict:
    user = request.user
    plan_approved = node.baseline_date is not None
    can_enter = can_enter_node(user, node, plan_approved=plan_approved)
    context = {
        "node": node, "project": node.project, "plan_approved": plan_approved,
        "colour": supervision.node_colour(node),
        "predecessors": list(node.predecessors.order_by("order")),
        "evidence": list(node.evidence.select_related("uploaded_by").order_by("uploaded_at")),
        "missing_evidence": missing_kinds(node) if node.actual_date and not node.confirmed_at else [],
        "can_enter": can_enter, "can_confirm": can_confirm_node(user, node),
        "can_assign": user.has_capability("projects.manage") and node.actual_date is None,
        "form": NodeCompleteForm(node=node, initial={"actual_date": node.actual_date or timezone.localdate()})
        if can_enter else None,
        "return_form": ReasonForm(),
        "today": timezone.localdate(),
    }
    if context["can_assign"]:
        context["assign_form"] = NodeAssignForm(user=user, initial={"responsible_unit": node.responsible_unit_id,
                                                                    "responsible_person": node.responsible_person_id})
    return context | extra


@requires("projects.view")
def node_detail(request, pk):
    node = selectors.get_node_for_user(request.user, pk)
    if request.method != "POST":
        return render(request, "projects/node_detail.html", _context(request, node))
    if not can_enter_node(request.user, node, plan_approved=node.baseline_date is not None):
        raise PermissionDenied
    form = NodeCompleteForm(request.POST, request.FILES, node=node)

    def complete():
        files, kinds = form.files_and_kinds()
        node_complete(acting_user=request.user, node=node, actual_date=form.cleaned_data["actual_date"],
                      evidence_files=files, evidence_kinds=kinds)

    if response := submit_form(request, form, action=complete,
                               success=_("已填报“%(node)s”的完成情况，待本单位负责人确认。") % {"node": node.name},
                               redirect_to=reverse("projects:node_detail", args=[node.pk])):
        return response
    return render(request, "projects/node_detail.html", _context(request, node, form=form), status=400)


@requires("nodes.confirm")
@require_POST
def node_confirm_view(request, pk):
    node = selectors.get_node_for_user(request.user, pk, write=True, write_capability="nodes.confirm")
    back = ("projects:my_tasks" if request.POST.get("next") == "tasks"
            else reverse("projects:node_detail", args=[node.pk]))
    return submit_button(request, action=lambda: node_confirm(acting_user=request.user, node=node),
                         success=_("已确认“%(node)s”的完成情况。") % {"node": node.name}, redirect_to=back)


@requires("nodes.confirm")
@require_POST
def node_return_view(request, pk):
    node = selectors.get_node_for_user(request.user, pk, write=True, write_capability="nodes.confirm")
    form = ReasonForm(request.POST)
    if response := submit_form(
            request, form,
            action=lambda: node_return(acting_user=request.user, node=node, reason=form.cleaned_data["reason"]),
            success=_("已退回“%(node)s”的填报。") % {"node": node.name},
            redirect_to=reverse("projects:node_detail", args=[node.pk])):
        return response
    return render(request, "projects/node_detail.html", _context(request, node, return_form=form), status=400)


@requires("projects.manage")
@require_POST
def node_assign_view(request, pk):
    node = selectors.get_node_for_user(request.user, pk, write=True, write_capability="projects.manage")
    form = NodeAssignForm(request.POST, user=request.user)
    if response := submit_form(
            request, form, action=lambda: node_assign(acting_user=request.user, node=node, **form.cleaned_data),
            success=_("已指定“%(node)s”的责任单位和责任人。") % {"node": node.name},
            redirect_to=reverse("projects:node_detail", args=[node.pk])):
        return response
    return render(request, "projects/node_detail.html", _context(request, node, assign_form=form), status=400)


@requires("projects.view")
def evidence_file(request, pk):
    """Serve a piece of evidence to a user who sees its project; nobody else learns it exists."""
    evidence = get_for_user(request.user, selectors.evidence_for_user(user=request.user), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # A picture opens in the browser, in a sandbox; a PDF downloads (browsers will not show one sandboxed,
    # and unsandboxed a PDF could run script in this site's origin).
    inline = evidence.content_type.startswith("image/") and request.GET.get("download") != "1"
    response = FileResponse(handle, content_type=evidence.content_type, as_attachment=not inline,
                            filename=evidence.original_name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
