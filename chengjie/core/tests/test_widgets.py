"""The filter bars' Python-written <select> gives the markup Django's template gives."""

from django import forms
from django.test.html import parse_html

from chengjie.core.forms import FilterForm
from chengjie.core.widgets import Select


class _Filters(FilterForm):
    colour = forms.ChoiceField(required=False, choices=[("", "全部颜色"), ("red", "红"), ("yellow", "黄")])
    grouped = forms.ChoiceField(required=False, choices=[("", "全部"), ("工业", [("c", "制造<业>"), ("d", "电力")])])
    note = forms.CharField(required=False)


def test_filter_selects_render_as_django_renders_them():
    form = _Filters({"colour": "red", "grouped": "c"})
    fast = {name: str(form[name]) for name in ("colour", "grouped")}
    for name in ("colour", "grouped"):
        assert type(form.fields[name].widget) is Select
        form.fields[name].widget = forms.Select()
        form.fields[name].widget.choices = form.fields[name].choices
    slow = {name: str(form[name]) for name in ("colour", "grouped")}
    # The same elements and attributes (attribute order and whitespace aside).
    assert all(parse_html(fast[name]) == parse_html(slow[name]) for name in ("colour", "grouped"))
    assert '<option value="red" selected>红</option>' in fast["colour"]
    assert "制造&lt;业&gt;" in fast["grouped"] and '<optgroup label="工业">' in fast["grouped"]
    assert type(form.fields["note"].widget) is forms.TextInput
