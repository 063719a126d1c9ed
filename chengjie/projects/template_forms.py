"""The node template editor: one row per node; keys of predecessors and names of materials typed as lists."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Milestone, ProjectType
from .services import TemplateItemSpec

_SEPARATORS = re.compile(r"[\s,，、;；]+")


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part for part in _SEPARATORS.split(value or "") if part)


class TemplateItemForm(forms.Form):
    key = forms.CharField(label=_("节点代码"), max_length=40,
                          widget=forms.TextInput(attrs={"placeholder": "land", "spellcheck": "false"}))
    name = forms.CharField(label=_("节点名称"), max_length=50)
    milestone = forms.ChoiceField(label=_("里程碑"), required=False, choices=[("", "—"), *Milestone.choices])
    predecessors = forms.CharField(label=_("前置节点代码"), required=False, max_length=400,
                                   widget=forms.TextInput(attrs={"placeholder": "sign"}))
    duration_workdays = forms.IntegerField(label=_("工期（工作日）"), min_value=0, max_value=2000, initial=0)
    responsible_unit_kind = forms.CharField(label=_("责任单位"), required=False, max_length=50,
                                            widget=forms.TextInput(attrs={"placeholder": _("引进单位、园区、自然资源…")}))
    required_evidence = forms.CharField(label=_("佐证材料"), required=False, max_length=500,
                                        widget=forms.TextInput(attrs={"placeholder": _("用顿号分隔")}))

    def spec(self) -> TemplateItemSpec:
        data = self.cleaned_data
        return TemplateItemSpec(key=data["key"].strip(), name=data["name"], milestone=data["milestone"],
                                predecessors=split_list(data["predecessors"]),
                                duration_workdays=data["duration_workdays"],
                                responsible_unit_kind=data["responsible_unit_kind"],
                                required_evidence=split_list(data["required_evidence"]))

    @staticmethod
    def initial_for(spec: TemplateItemSpec) -> dict:
        return {"key": spec.key, "name": spec.name, "milestone": spec.milestone,
                "predecessors": " ".join(spec.predecessors), "duration_workdays": spec.duration_workdays,
                "responsible_unit_kind": spec.responsible_unit_kind,
                "required_evidence": "、".join(spec.required_evidence)}


TemplateItemFormSet = forms.formset_factory(TemplateItemForm, extra=2, can_delete=True, max_num=80,
                                            validate_max=True)


def item_specs(formset) -> list[TemplateItemSpec]:
    """The rows kept, in the order shown: the template's own rows unless marked for removal, and the blank
    rows someone filled in."""
    initial = formset.initial_form_count()
    return [form.spec() for index, form in enumerate(formset.forms)
            if (index < initial or form.has_changed()) and form.cleaned_data and not form.cleaned_data.get("DELETE")]


class TemplateHeaderForm(forms.Form):
    project_type = forms.ChoiceField(label=_("适用项目类型"), required=False,
                                     choices=[("", _("所有类型")), *ProjectType.choices])
    change_note = forms.CharField(label=_("修订说明"), max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": _("如：增加节能审查节点")}))


class TemplateCopyForm(TemplateHeaderForm):
    name = forms.CharField(label=_("新模板名称"), max_length=100)

    field_order = ["name", "project_type", "change_note"]
