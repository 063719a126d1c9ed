"""Handing a project to another introducing unit: the bureau's form, reached from the project's page, and the
register of transfers (what the monthly bulletin attributes each month by)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chengjie.core.access import requires
from chengjie.core.formviews import submit_form
from chengjie.core.pages import PAGE_SIZE

from .. import selectors
from ..forms import TransferForm
from ..services import project_transfer
from ..services.transfers import introducing_unit_nodes, waiting_notices


@requires("projects.manage")
def project_transfer_view(request, pk):
    project = selectors.get_project_for_user(request.user, pk, write=True)
    form = TransferForm(request.POST or None, user=request.user)
    if response := submit_form(
            request, form, action=lambda: project_transfer(acting_user=request.user, project=project,
                                                           **form.cleaned_data),
            success=lambda transfer: _("已将“%(project)s”移交%(unit)s。") % {"project": project.name,
                                                                         "unit": transfer.to_unit},
            redirect_to=reverse("projects:project_detail", args=[project.pk])):
        return response
    nodes = introducing_unit_nodes(project)
    return render(request, "projects/project_transfer.html", {
        "project": project, "form": form, "nodes": nodes, "notices": waiting_notices(project, nodes),
        "transfers": selectors.project_transfers(project=project)}, status=400 if form.is_bound else 200)


@requires("projects.manage")
def transfer_list(request):
    page = Paginator(selectors.transfers_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/transfer_list.html", {"page": page})
