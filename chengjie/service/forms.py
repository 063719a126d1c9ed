"""The statistics page's filter: which period, and whether to hide units with nothing to count."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chengjie.inspections.periods import Period

from .stats import default_period, parse_period, period_choices, period_code


class StatsFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("统计周期"), required=False)
    active = forms.BooleanField(label=_("只看有办件、诉求或检查的单位"), required=False)

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and not data.get("period"):
            data["period"] = period_code(default_period())
        super().__init__(data, **kwargs)
        self.fields["period"].choices = period_choices()
        self.fields["period"].initial = period_code(default_period())

    def chosen_period(self) -> Period:
        """The period asked for; the current quarter when none (or an unknown one) is given."""
        if self.is_valid():
            return parse_period(self.cleaned_data["period"]) or default_period()
        return default_period()

    def active_only(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data["active"])
