"""The project list with its filters, and its Excel export of exactly what is filtered."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengjie.core.access import requires
from chengjie.core.exports import export_response
from chengjie.core.pages import PAGE_SIZE, is_htmx
from chengjie.supervision.models import Colour

from .. import selectors
from ..forms import ProjectFilterForm


class CountedPaginator(Paginator):
    """A paginator told its count: the list's totals already counted the rows (a second COUNT over a
    province's 120,000 projects costs ~120 ms)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


@requires("projects.view")
def project_list(request):
    filters = ProjectFilterForm(request.GET, user=request.user)
    projects = selectors.project_list(user=request.user, **filters.values())
    totals = selectors.project_totals(projects)
    page = CountedPaginator(projects, PAGE_SIZE, count=totals["count"]).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "totals": totals,
               "can_sign": request.user.has_capability("projects.manage"), "show_colour": True}
    # The filters swap in the rows alone (#results); choosing a county swaps the whole listing, and a
    # history restore wants the whole page.
    partial = is_htmx(request) and request.headers.get("HX-Target") == "results"
    response = render(request, "projects/_project_table.html" if partial else "projects/project_list.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


_l = gettext_lazy
EXPORT_HEADERS = [
    _l("项目编号"), _l("项目名称"), _l("项目类型"), _l("投资方"), _l("投资方所在地"), _l("协议投资（万元）"),
    _l("其中省外资金（万元）"), _l("行业代码"), _l("产业工作组"), _l("落户园区"), _l("引进单位"), _l("包保领导"),
    _l("签约日期"), _l("已达节点"), _l("预警颜色"), _l("纳统日期"), _l("重复签约核查"),
]


@requires("projects.view")
def project_export(request):
    values = ProjectFilterForm(request.GET, user=request.user).values()
    projects = selectors.project_list(user=request.user, **values)
    rows = ((p.code, p.name, p.get_project_type_display(), p.investor_name, p.investor_origin, p.contracted_investment,
             p.out_of_province_investment, p.industry_id or "", p.industry_group.name if p.industry_group else "",
             p.park.name if p.park else "", p.introducing_unit.name, p.leader.display_name if p.leader else "",
             p.signed_on, p.get_reached_milestone_display(), str(Colour(p.colour).label), p.stats_registered_on,
             p.get_duplicate_state_display() if p.duplicate_state else "") for p in projects.iterator(chunk_size=500))
    return export_response(acting_user=request.user, title=_("招商项目列表"), object_type="projects.project",
                           headers=[str(header) for header in EXPORT_HEADERS], rows=rows, filters=values)
