"""What every app's forms share: a service's refusal shown on the form, and the GET filter form of list
pages. Forms check one field at a time; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .widgets import Select

OUT_OF_SCOPE = _("所选项不存在或不在您的数据范围内。")


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's refusal on the form field it names (forms name fields as the services and the
    API do), or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class FilterForm(forms.Form):
    """A GET filter form whose cleaned values are passed straight to a list selector. An invalid value
    is dropped rather than shown as an error: the list then shows everything in scope. Its selects are
    rendered in Python (`widgets.Select`): a filter bar is drawn on every list request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = Select(attrs=field.widget.attrs)
                field.widget.choices = field.choices

    def values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}
