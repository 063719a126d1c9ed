"""Plan pages: the bureau adjusts and approves the draft (the baseline); the bureau or the introducing unit
asks for a change; a bureau member other than the asker decides."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import get_for_user, requires
from chengjie.core.errors import DomainError
from chengjie.core.forms import add_domain_error
from chengjie.core.formviews import submit_form

from .. import selectors
from ..forms import ChangeRequestForm, DateFieldsForm, DecisionForm
from ..models import PlanVersion
from ..services import plan_approve, plan_change_request, plan_draft_update, plan_reject
from ._shared import can_keep_plan


def _nodes(project):
    return list(project.nodes.order_by("order"))


@requires("projects.manage")
def plan_edit(request, pk):
    """The draft plan (version 1): adjust the dates, then approve it as the baseline."""
    project = selectors.get_project_for_user(request.user, pk, write=True)
    version = project.plan_versions.filter(status=PlanVersion.Status.DRAFT).first()
    if version is None:
        messages.info(request, _("该项目的计划已批准，调整请提出计划调整申请。"))
        return redirect("projects:project_detail", pk=project.pk)
    nodes = _nodes(project)
    entries = dict(version.entries.values_list("node_id", "planned_date"))
    form = DateFieldsForm(request.POST or None, nodes=nodes, initial_dates=entries,
                          editable=lambda node: node.milestone != "signed")
    decision = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and decision.is_valid():
        try:
            plan_draft_update(acting_user=request.user, version=version, planned_dates=form.planned_dates())
            if request.POST.get("approve"):
                plan_approve(acting_user=request.user, version=version, note=decision.cleaned_data["note"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if request.POST.get("approve"):
                messages.success(request, _("节点计划已批准，作为该项目的基线。"))
                return redirect("projects:project_detail", pk=project.pk)
            messages.success(request, _("草拟计划已保存。"))
            return redirect("projects:plan_edit", pk=project.pk)
    return render(request, "projects/plan_edit.html", {"project": project, "version": version, "form": form,
                                                        "decision": decision})


@requires("plans.request")
def change_request(request, pk):
    project = selectors.get_project_for_user(request.user, pk)
    if not can_keep_plan(request.user, project, "plans.request"):
        raise PermissionDenied
    nodes = _nodes(project)
    form = ChangeRequestForm(request.POST or None, nodes=nodes,
                             initial_dates={node.pk: node.planned_date for node in nodes},
                             editable=lambda node: node.actual_date is None)
    if response := submit_form(
            request, form, action=lambda: plan_change_request(
                acting_user=request.user, project=project, planned_dates=form.planned_dates(),
                reason=form.cleaned_data["reason"]),
            success=lambda version: _("已提出第 %(number)d 版计划调整申请，待招商主管部门审批。") % {"number": version.number},
            redirect_to=reverse("projects:project_detail", args=[project.pk])):
        return response
    return render(request, "projects/change_request.html", {"project": project, "form": form})


def _version(request, pk) -> PlanVersion:
    versions = selectors.plan_versions_for_user(user=request.user).select_related("project", "requested_by")
    return get_for_user(request.user, versions, pk=pk)


@requires("projects.manage")
def version_review(request, pk):
    """A change request beside the current plan, with the approve and reject buttons."""
    version = _version(request, pk)
    if version.status != PlanVersion.Status.PENDING:
        raise Http404
    project = version.project
    entries = dict(version.entries.values_list("node_id", "planned_date"))
    rows = [{"node": node, "proposed": entries.get(node.pk), "changed": entries.get(node.pk) != node.planned_date}
            for node in _nodes(project)]
    return render(request, "projects/version_review.html", {
        "project": project, "version": version, "rows": rows, "form": DecisionForm(),
        "own": version.requested_by_id == request.user.pk})


@requires("projects.manage")
@require_POST
def version_decide(request, pk):
    version = _version(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if request.POST.get("decision") == "reject":
            plan_reject(acting_user=request.user, version=version, note=note)
            messages.success(request, _("已驳回第 %(number)d 版计划调整申请。") % {"number": version.number})
        else:
            plan_approve(acting_user=request.user, version=version, note=note)
            messages.success(request, _("已批准第 %(number)d 版计划。") % {"number": version.number})
    except DomainError as exc:
        messages.error(request, exc.message)
        if version.status == PlanVersion.Status.PENDING:
            return redirect("projects:version_review", pk=version.pk)
    return redirect("projects:project_detail", pk=version.project_id)
