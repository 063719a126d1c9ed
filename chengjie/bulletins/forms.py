"""Bulletin forms: single-field checks and in-scope choices; the rules live in the services, whose
DomainError lands on the field it names."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.org.models import Unit

from .facts import parse_period, period_code
from .models import COUNT_INDICATORS, Indicator


def month_choices(today: date | None = None, *, finished_only: bool = False) -> list[tuple[str, str]]:
    """This year's and last year's months up to this one (or the last finished one), newest first."""
    today = today or timezone.localdate()
    months = []
    for year in (today.year, today.year - 1):
        for month in range(12, 0, -1):
            first = date(year, month, 1)
            if first > today.replace(day=1) or (finished_only and first == today.replace(day=1)):
                continue
            months.append((period_code(first), f"{year}年{month}月"))
    return months


def last_finished_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - date.resolution).replace(day=1)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("通报月份"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = month_choices()
        self.fields["period"].initial = period_code(last_finished_month())

    def chosen(self) -> date | None:
        return parse_period(self.cleaned_data["period"]) if self.is_valid() else None


class PublishForm(forms.Form):
    note = forms.CharField(label=_("更正说明"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("发布更正版时必填：写明更正了哪些数据、为什么"))


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this = timezone.localdate().year
        self.fields["year"].choices = [(year, f"{year}年") for year in (this + 1, this, this - 1)]
        self.fields["year"].initial = this

    def chosen(self) -> int:
        return self.cleaned_data["year"] if self.is_valid() else timezone.localdate().year


def target_field_name(unit_id: int, indicator: str) -> str:
    return f"t_{unit_id}_{indicator}"


def _initial(value, whole: bool):
    """A stored target as the grid shows it: a count without decimals (3, not 3.00)."""
    return int(value) if whole and value is not None else value


class TargetsForm(forms.Form):
    """The grid: one field per unit and indicator, blank for no target."""

    def __init__(self, *args, units: list[Unit], grid: dict[int, dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            for indicator in Indicator:
                whole = indicator in COUNT_INDICATORS
                self.fields[target_field_name(unit.pk, indicator)] = forms.DecimalField(
                    label=f"{unit} {indicator.label}", required=False, min_value=0,
                    max_digits=14, decimal_places=0 if whole else 2,
                    initial=_initial(grid.get(unit.pk, {}).get(indicator), whole),
                    widget=forms.NumberInput(attrs={"step": "1" if whole else "0.01", "min": "0"}))

    def rows(self):
        for unit in self.units:
            yield unit, [self[target_field_name(unit.pk, indicator)] for indicator in Indicator]

    def values(self) -> dict[tuple[int, str], object]:
        return {(unit.pk, indicator.value): self.cleaned_data.get(target_field_name(unit.pk, indicator))
                for unit in self.units for indicator in Indicator}


class ThresholdForm(forms.Form):
    industrial = forms.DecimalField(label=_("工业项目协议投资不低于（万元）"), min_value=0, max_digits=14, decimal_places=2)
    other = forms.DecimalField(label=_("其他项目协议投资不低于（万元）"), min_value=0, max_digits=14, decimal_places=2)


class SettingForm(forms.Form):
    organ = forms.CharField(label=_("发文机关"), max_length=60)
    number_prefix = forms.CharField(label=_("发文字号前缀"), max_length=10, help_text=_("如“潜招”，文号为 潜招〔2026〕12号"))
    cc = forms.CharField(label=_("抄送"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                         help_text=_("每行一个机关"))
    printer = forms.CharField(label=_("印发机关"), max_length=60, required=False)
