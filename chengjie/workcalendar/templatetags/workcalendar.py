"""{% calendar_warning start end %}: the plain warning any page shows beside a result counted in working
days over a year with no holiday data (DOMAIN.md: such a year is flagged, never silently all-workdays)."""

from django import template

from chengjie.workcalendar import workdays

register = template.Library()


@register.inclusion_tag("workcalendar/_missing_years.html")
def calendar_warning(start, end):
    if start is None or end is None:
        return {"message": ""}
    years = workdays.missing_years_between(start, end)
    return {"message": workdays.missing_years_message(years) if years else ""}
