"""What a bulletin is measured against and how it is headed: the annual targets grid (units × indicators),
the signing thresholds and the document header."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from chengjie.core.access import requires
from chengjie.core.formviews import submit_form
from chengjie.org.models import Division
from chengjie.org.selectors import counties_for_user

from . import selectors
from .arithmetic import threshold_text
from .forms import SettingForm, TargetsForm, ThresholdForm, YearForm
from .models import Indicator
from .services import annual_targets_set, bulletin_setting_set, signing_threshold_set


def _county_and_year(request) -> tuple[Division | None, list[Division], int]:
    # The counties whose targets a user may read: their own, or every county of their city or province.
    counties = list(counties_for_user(user=request.user))
    wanted = request.GET.get("division", "")
    county = next((c for c in counties if c.code == wanted), counties[0] if counties else None)
    return county, counties, YearForm(request.GET or None).chosen()


def _back(name: str, county: Division, year: int) -> str:
    return f"{reverse(name)}?division={county.code}&year={year}"


@requires("bulletins.view")
def targets_page(request):
    """Everyone who reads bulletins may read the targets they are measured against; the bureau edits them."""
    county, counties, year = _county_and_year(request)
    can_edit = request.user.has_capability("targets.manage")
    units = list(selectors.county_units(division_code=county.code)) if county else []
    grid = selectors.targets_grid(division_code=county.code, year=year) if county else {}
    form = TargetsForm(request.POST or None, units=units, grid=grid)
    if request.method == "POST" and (not can_edit or county is None):
        raise PermissionDenied
    if response := submit_form(
            request, form, action=lambda: annual_targets_set(acting_user=request.user, division_code=county.code,
                                                             year=year, values=form.values()),
            success=lambda changed: _("已保存 %(year)d 年度目标，变动 %(count)d 项。") % {"year": year, "count": changed},
            redirect_to=lambda _changed: _back("bulletins:targets", county, year)):
        return response
    return render(request, "bulletins/targets.html", {
        "form": form, "county": county, "counties": counties, "year": year,
        "year_form": YearForm(initial={"year": year}), "indicators": list(Indicator), "can_edit": can_edit,
        "thresholds": _threshold_texts(selectors.thresholds_for(division_code=county.code, year=year))
        if county else None})


def _threshold_texts(thresholds) -> dict:
    return {"industrial": threshold_text(thresholds.industrial), "other": threshold_text(thresholds.other)}


@requires("bulletins.publish")
def settings_page(request):
    """The bureau's settings: this year's signing thresholds (a county's) and the document header."""
    user = request.user
    county, counties, year = _county_and_year(request)
    division = Division.objects.filter(code=selectors.bulletin_division(user) or "").first()
    setting = selectors.setting_for(division) if division else None
    threshold = selectors.thresholds_for(division_code=county.code, year=year) if county else None
    which = request.POST.get("form") if request.method == "POST" else None
    threshold_form = ThresholdForm(request.POST if which == "thresholds" else None, initial={
        "industrial": threshold.industrial, "other": threshold.other} if threshold else None)
    setting_form = SettingForm(request.POST if which == "setting" else None, initial={
        "organ": setting.organ, "number_prefix": setting.number_prefix, "cc": setting.cc, "printer": setting.printer,
    } if setting else None)
    back = _back("bulletins:settings", county, year) if county else reverse("bulletins:settings")
    if which == "thresholds" and county is not None and (response := submit_form(
            request, threshold_form, action=lambda: signing_threshold_set(
                acting_user=user, division_code=county.code, year=year, **threshold_form.cleaned_data),
            success=_("已保存 %(year)d 年签约项目计入标准。") % {"year": year}, redirect_to=back)):
        return response
    if which == "setting" and (response := submit_form(
            request, setting_form, action=lambda: bulletin_setting_set(acting_user=user, **setting_form.cleaned_data),
            success=_("已保存通报的发文设置。"), redirect_to=back)):
        return response
    return render(request, "bulletins/settings.html", {
        "county": county, "counties": counties, "year": year, "year_form": YearForm(initial={"year": year}),
        "threshold_form": threshold_form, "setting_form": setting_form, "division": division,
        "can_thresholds": user.has_capability("targets.manage")})
