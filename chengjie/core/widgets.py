"""A <select> written in Python for the filter bars of list pages. Django's select template includes a
template per option; a county's thirty units, its parks and groups, the stages and colours cost a list
page ~18 ms of its ~60 ms of Python. Same markup, same attributes, optgroups included."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = {str(v) for v in self.format_value(value)}
        return format_html("<select{}>{}</select>", flatatt(final), self._options(self.choices, chosen))

    def _options(self, choices, chosen: set[str]):
        parts = []
        for option, label in choices:
            if isinstance(label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', option, self._options(label, chosen)))
                continue
            key = "" if option is None else str(option)
            parts.append(format_html('<option value="{}"{}>{}</option>', key,
                                     mark_safe(" selected") if key in chosen else "", label))
        return mark_safe("".join(parts))
