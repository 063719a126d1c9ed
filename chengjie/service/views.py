"""The per-unit statistics page and its Excel export, ready to feed unit assessment."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from chengjie.core.access import requires
from chengjie.core.exports import export_response

from . import stats
from .forms import StatsFilterForm


@requires("service.stats")
def stats_page(request):
    filters = StatsFilterForm(request.GET)
    period = filters.chosen_period()
    rows = stats.unit_statistics(user=request.user, period=period, active_only=filters.active_only())
    context = {
        "filters": filters,
        "period": period,
        "columns": stats.COLUMNS,
        "groups": stats.column_groups(),
        "rows": stats.table_rows(rows, period),
        "one_unit": request.user.binds_unit,
    }
    return render(request, "service/stats.html", context)


@requires("service.stats")
def stats_export(request):
    filters = StatsFilterForm(request.GET)
    period = filters.chosen_period()
    rows = stats.unit_statistics(user=request.user, period=period, active_only=filters.active_only())
    title = _("各单位企业服务统计（%(period)s）") % {"period": period.label}
    return export_response(acting_user=request.user, title=title, object_type="service.unit_statistics",
                           headers=stats.export_headers(), rows=stats.export_rows(rows),
                           filters={"period": stats.period_code(period), "active": filters.active_only()})
