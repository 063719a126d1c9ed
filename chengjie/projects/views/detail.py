"""A project's page: facts, the timeline, baseline / current plan / actual per node, the speed figures,
the plan history, monthly figures and 纳统, and the actions the user may take."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import requires
from chengjie.core.formviews import submit_form
from chengjie.supervision import selectors as supervision

from .. import selectors
from ..forms import DuplicateResolveForm, MonthlyFigureForm, StatsRegistrationForm
from ..services import monthly_figure_set, project_duplicate_resolve, stats_registration_set
from ._shared import can_confirm_node, can_enter_node, can_keep_plan


def _context(request, project, **forms) -> dict:
    user = request.user
    rows = selectors.node_rows(project=project)
    plan_approved = any(row.node.baseline_date for row in rows)
    figures = selectors.monthly_figures(project=project)
    can_figures = can_keep_plan(user, project, "projects.figures")
    today = timezone.localdate()
    colours = supervision.project_colours(project, today=today)
    return {
        "project": project,
        "colour": colours.project,
        "colour_history": supervision.project_colour_history(project),
        "rows": [{"row": row, "colour": colours.nodes.get(row.node.pk),
                  "can_enter": can_enter_node(user, row.node, plan_approved=plan_approved),
                  "can_confirm": can_confirm_node(user, row.node),
                  "overdue": row.node.actual_date is None and row.node.planned_date and row.node.planned_date < today}
                 for row in rows],
        "plan_approved": plan_approved,
        "speed": selectors.speed_figures(rows, signed_on=project.signed_on),
        "history": selectors.plan_history(project=project),
        "open_version": selectors.open_plan_version(project=project),
        "figures": figures,
        "figures_total": selectors.figures_to_date(figures),
        "task_force": list(project.task_force.select_related("unit").order_by("full_name")),
        "transfers": selectors.project_transfers(project=project),
        "can_manage": user.has_capability("projects.manage"),
        "can_request": plan_approved and can_keep_plan(user, project, "plans.request"),
        "can_figures": can_figures,
        "figure_form": forms.get("figure_form") or (MonthlyFigureForm(initial={"period": today.replace(day=1)})
                                                   if can_figures else None),
        "stats_form": forms.get("stats_form") or (StatsRegistrationForm(
            initial={"registered_on": project.stats_registered_on}) if can_figures else None),
        "duplicate_form": forms.get("duplicate_form") or DuplicateResolveForm(),
        "today": today,
    }


@requires("projects.view")
def project_detail(request, pk):
    project = selectors.get_project_for_user(request.user, pk)
    return render(request, "projects/project_detail.html", _context(request, project))


def _figures_project(request, pk):
    """A project whose figures the user keeps: 404 outside the scope, 403 for anyone but the introducing unit
    and the bureau."""
    project = selectors.get_project_for_user(request.user, pk, write=True, write_capability="projects.figures")
    if not can_keep_plan(request.user, project, "projects.figures"):
        raise PermissionDenied
    return project


@requires("projects.view")
@require_POST
def figure_set(request, pk):
    project = _figures_project(request, pk)
    form = MonthlyFigureForm(request.POST)
    if response := submit_form(
            request, form,
            action=lambda: monthly_figure_set(acting_user=request.user, project=project, **form.service_kwargs()),
            success=lambda figure: _("已保存 %(period)s 的月度数据。") % {"period": f"{figure.period:%Y年%m月}"},
            redirect_to=reverse("projects:project_detail", args=[project.pk])):
        return response
    return render(request, "projects/project_detail.html", _context(request, project, figure_form=form), status=400)


@requires("projects.view")
@require_POST
def stats_registration(request, pk):
    project = _figures_project(request, pk)
    form = StatsRegistrationForm(request.POST)
    if response := submit_form(
            request, form, action=lambda: stats_registration_set(acting_user=request.user, project=project,
                                                                 registered_on=form.cleaned_data["registered_on"]),
            success=_("纳统日期已保存。"), redirect_to=reverse("projects:project_detail", args=[project.pk])):
        return response
    return render(request, "projects/project_detail.html", _context(request, project, stats_form=form), status=400)


@requires("projects.manage")
@require_POST
def duplicate_resolve(request, pk):
    project = selectors.get_project_for_user(request.user, pk, write=True)
    form = DuplicateResolveForm(request.POST)
    back = ("projects:duplicate_list" if request.POST.get("next") == "duplicates"
            else reverse("projects:project_detail", args=[project.pk]))
    if response := submit_form(
            request, form,
            action=lambda: project_duplicate_resolve(acting_user=request.user, project=project, **form.cleaned_data),
            success=_("已记录重复签约核查结论。"), redirect_to=back):
        return response
    return render(request, "projects/project_detail.html", _context(request, project, duplicate_form=form), status=400)
