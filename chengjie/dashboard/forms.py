"""The dashboard's filters and the rows page's parameters: choices only from the user's scope; a value
outside it is dropped (FilterForm), so a hand-edited address never widens what is shown."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.core.forms import FilterForm
from chengjie.org.models import Division, IndustryGroup, Unit
from chengjie.org.selectors import divisions_for_user, industry_groups_for_user, units_for_user
from chengjie.parks.models import Park
from chengjie.parks.selectors import parks_for_user
from chengjie.projects.forms import county_first
from chengjie.projects.models import Milestone

from .links import FIGURES
from .selectors import DashboardQuery

YEARS_BACK = 9  # the year list: this year and the nine before it


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, _("%(year)s年") % {"year": year}) for year in range(this_year, this_year - YEARS_BACK - 1, -1)]


class DashboardFilterForm(FilterForm):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False)
    county = forms.ChoiceField(label=_("县（市、区）"), required=False)
    unit = forms.ModelChoiceField(label=_("引进单位"), required=False, queryset=Unit.objects.none(),
                                  empty_label=_("全部单位"))
    park = forms.ModelChoiceField(label=_("园区"), required=False, queryset=Park.objects.none(),
                                  empty_label=_("全部园区"))
    industry_group = forms.ModelChoiceField(label=_("产业工作组"), required=False, queryset=IndustryGroup.objects.none(),
                                            empty_label=_("全部工作组"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].choices = year_choices()
        county_first(self, user=user)

    def query(self) -> DashboardQuery:
        values = self.values()
        return DashboardQuery(
            user=self.user, year=values.get("year") or timezone.localdate().year, county=values.get("county") or "",
            unit=_pk(values.get("unit")), park=_pk(values.get("park")),
            industry_group=_pk(values.get("industry_group")))


def _pk(value):
    return value.pk if value else None


class RowsForm(FilterForm):
    """The rows page's parameters, as links.py writes them. Units, parks and groups are any of the
    user's scope, disabled ones included (a disabled unit's projects still count)."""

    figure = forms.ChoiceField(choices=[(f, f) for f in FIGURES])
    year = forms.TypedChoiceField(coerce=int, required=False)
    county = forms.ChoiceField(required=False)
    unit = forms.ModelChoiceField(required=False, queryset=Unit.objects.none())
    park = forms.ModelChoiceField(required=False, queryset=Park.objects.none())
    industry_group = forms.ModelChoiceField(required=False, queryset=IndustryGroup.objects.none())
    stage = forms.ChoiceField(required=False, choices=Milestone.choices)
    month = forms.TypedChoiceField(required=False, coerce=int, choices=[(m, m) for m in range(1, 13)], empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].choices = year_choices()
        county = self.data.get("county", "")
        counties = divisions_for_user(user=user).filter(code=county, level=Division.Level.COUNTY)
        self.fields["county"].choices = [(code, code) for code in counties.values_list("code", flat=True)] if county else []
        self.fields["unit"].queryset = units_for_user(user=user)
        self.fields["park"].queryset = parks_for_user(user=user)
        self.fields["industry_group"].queryset = industry_groups_for_user(user=user)

    def query(self) -> DashboardQuery:
        values = self.values()
        return DashboardQuery(
            user=self.user, year=values.get("year") or timezone.localdate().year, county=values.get("county") or "",
            unit=_pk(values.get("unit")), park=_pk(values.get("park")),
            industry_group=_pk(values.get("industry_group")))

    def asked(self) -> dict:
        values = self.values()
        return {"figure": values.get("figure") or "", "stage": values.get("stage") or Milestone.SIGNED,
                "month": values.get("month") or None}
