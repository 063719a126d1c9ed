from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import requires
from chengjie.core.errors import DomainError
from chengjie.core.formviews import submit_button

from . import workdays
from .forms import DayOverrideForm, NoticeImportForm
from .notices import FIRST_YEAR, LAST_YEAR, WEEKDAY_NAMES, parse_iso_date
from .selectors import calendar_years_status, year_months, year_overview
from .services import day_override_revert, day_override_set, holiday_notice_import


# The service's field names, as the day form calls them.
_FORM_FIELD = {"day": "day", "is_off_day": "kind", "name": "name", "reason": "reason"}


def _year_url(year: int, day=None) -> str:
    url = reverse("workcalendar:year", args=[year])
    return f"{url}#m{day.month}" if day else url


def _year_page(request, year: int):
    context = year_overview(year)
    context.update(months=year_months(year), years=calendar_years_status(),
                   can_manage=request.user.has_capability("calendar.manage"))
    return render(request, "workcalendar/year.html", context)


@requires("calendar.view")
def calendar(request):
    return _year_page(request, timezone.localdate().year)


@requires("calendar.view")
def year(request, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return _year_page(request, year)


@requires("calendar.manage")
def notice_import(request):
    form = NoticeImportForm(data=request.POST or None, files=request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            notice = holiday_notice_import(acting_user=request.user, content=upload.read(), file_name=upload.name)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            off = sum(1 for day in notice.days if day["is_off_day"])
            messages.success(request, _("已导入 %(year)d 年节假日安排：休息日 %(off)d 天，调休上班日 %(work)d 天。")
                             % {"year": notice.year, "off": off, "work": len(notice.days) - off})
            return redirect(_year_url(notice.year))
    return render(request, "workcalendar/notice_import.html", {"form": form})


@requires("calendar.manage")
def day_edit(request):
    initial = {}
    current = None
    if (day := parse_iso_date(request.GET.get("date", ""))) and FIRST_YEAR <= day.year <= LAST_YEAR:
        is_workday = workdays.is_workday(day)
        initial = {"day": day, "kind": "off" if is_workday else "work"}
        current = {"day": day, "weekday": WEEKDAY_NAMES[day.weekday()], "is_workday": is_workday,
                   "status": workdays.year_status(day.year)}
    form = DayOverrideForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day_override_set(acting_user=request.user, day=data["day"], is_off_day=data["kind"] == "off",
                             name=data["name"], reason=data["reason"])
        except DomainError as exc:
            form.add_error(_FORM_FIELD.get(exc.field), exc.message)
        else:
            messages.success(request, _("已将 %(day)s 设为%(kind)s。") % {
                "day": data["day"].isoformat(), "kind": _("休息日") if data["kind"] == "off" else _("工作日")})
            return redirect(_year_url(data["day"].year, data["day"]))
    return render(request, "workcalendar/day_edit.html", {"form": form, "current": current})


@requires("calendar.manage")
@require_POST
def day_revert(request):
    day = parse_iso_date(request.POST.get("day", ""))
    if day is None:
        raise Http404
    return submit_button(request, action=lambda: day_override_revert(acting_user=request.user, day=day),
                         success=_("已撤销 %(day)s 的人工调整。") % {"day": day.isoformat()},
                         redirect_to=_year_url(day.year, day))
