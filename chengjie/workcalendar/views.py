from django.shortcuts import render

from chengjie.core.access import requires

from .selectors import calendar_years_status


@requires("calendar.view")
def calendar(request):
    return render(request, "workcalendar/calendar.html", {"years": calendar_years_status()})
