"""The leader dashboard and the rows behind its figures. Leaders and the bureau only (dashboard.view):
a unit's people have their own task lists, and the 三员 do not read business data."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.vary import vary_on_headers

from chengjie.core.access import requires
from chengjie.core.pages import PAGE_SIZE, is_htmx
from chengjie.org.models import Division
from chengjie.projects.models import Milestone
from chengjie.supervision import selectors as supervision
from chengjie.supervision.models import Colour

from . import board, rows
from .forms import DashboardFilterForm, RowsForm
from .links import COMPLETED, FUNDS, PIPELINE, REACHED, RED


@requires("dashboard.view")
@vary_on_headers("HX-Request")  # the same address answers htmx with the panels alone: keep the two apart in caches
def dashboard(request):
    filters = DashboardFilterForm(request.GET, user=request.user)
    context = {"filters": filters, "board": board.build(filters.query(), today=timezone.localdate())}
    # Going back to a page htmx did not cache asks for the whole page again.
    partial = is_htmx(request) and request.headers.get("HX-History-Restore-Request") != "true"
    template = "dashboard/_board.html" if partial else "dashboard/dashboard.html"
    return render(request, template, context)


FIGURE_TITLES = {FUNDS: gettext_lazy("到位资金"), COMPLETED: gettext_lazy("完成投资"), RED: gettext_lazy("红色事项")}


@requires("dashboard.view")
def figure_rows(request):
    form = RowsForm(request.GET, user=request.user)
    query, asked = form.query(), form.asked()
    figure, stage, month = asked["figure"], asked["stage"], asked["month"]
    today = timezone.localdate()
    context = {"figure": figure, "stage": stage, "month": month, "query": query, "today": today,
               "values": form.values(), "stage_label": Milestone(stage).label}
    if figure == PIPELINE:
        found = rows.pipeline_rows(query, stage=stage, month=month)
    elif figure in (FUNDS, COMPLETED):
        found = rows.figure_rows(query, measure=figure, month=month)
    elif figure == REACHED and stage != Milestone.SIGNED:
        found = rows.reached_rows(query, stage=stage)
    elif figure == RED:
        found, projects = rows.red_rows(query, today=today)
        clauses = supervision.clause_results(projects, today=today)
        context["project_rows"] = [(p, finding) for p in projects for finding in clauses[p.pk]
                                   if finding.colour == Colour.RED]
    else:
        raise Http404
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if figure == RED:
        reasons = supervision.node_results(page.object_list, today=today)
        context["node_rows"] = [(node, reasons[node.pk]) for node in page.object_list]
    elif figure == REACHED:
        for project in page.object_list:
            project.days = (project.reached_on - project.previous_on).days if project.previous_on else None
    county = Division.objects.filter(code=query.county).first() if query.county else None
    context.update(page=page, found=found, county=county, title=_title(figure, stage, query.year))
    return render(request, "dashboard/rows.html", context)


def _title(figure: str, stage: str, year: int) -> str:
    label = Milestone(stage).label
    if figure == PIPELINE:
        return _("签约项目") if stage == Milestone.SIGNED else _("已%(stage)s（含之后节点）的签约项目") % {"stage": label}
    if figure == REACHED:
        return _("%(year)s年%(stage)s的项目") % {"year": year, "stage": label}
    return str(FIGURE_TITLES[figure])
