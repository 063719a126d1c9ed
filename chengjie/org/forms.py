"""Forms check one field at a time and offer only what is in the user's scope; the rules live in the
services, whose DomainError lands on the field it names."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.core.forms import OUT_OF_SCOPE, FilterForm

from .models import Unit
from .selectors import STATUS_ACTIVE, STATUS_ALL, STATUS_DISABLED, division_choices, units_for_user

STATUS_CHOICES = [(STATUS_ACTIVE, _("启用")), (STATUS_DISABLED, _("已停用")), (STATUS_ALL, _("全部"))]


class DivisionChoiceField(forms.ChoiceField):
    def __init__(self, *, user, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": _("行政区划“%(value)s”不存在或不在您的数据范围内。")})
        super().__init__(choices=division_choices(user=user), **kwargs)


class UnitFilterForm(FilterForm):
    q = forms.CharField(label=_("名称"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("单位名称或简称")}))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *Unit.Kind.choices])
    division = forms.ChoiceField(label=_("行政区划"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [("", _("全部区划")), *division_choices(user=user)]


class UnitForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=Unit.Kind.choices)
    division = forms.ChoiceField(label=_("行政区划"))
    parent = forms.ModelChoiceField(label=_("上级单位"), queryset=Unit.objects.none(), required=False,
                                    error_messages={"invalid_choice": OUT_OF_SCOPE},
                                    help_text=_("上级单位必须与本单位同属一个县（市、区）。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"] = DivisionChoiceField(user=user, label=_("行政区划"))
        self.fields["parent"].queryset = (units_for_user(user=user).filter(is_active=True)
                                          .order_by("division_id", "name"))

    @classmethod
    def initial_for(cls, unit: Unit) -> dict:
        return {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
                "division": unit.division_id, "parent": unit.parent_id}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["division_code"] = data.pop("division")
        return data


def _split_codes(value: str) -> list[str]:
    return [code for code in re.split(r"[\s,，、;；]+", value or "") if code]


class IndustryGroupForm(forms.Form):
    name = forms.CharField(label=_("工作组名称"), max_length=50)
    division = forms.ChoiceField(label=_("行政区划"))
    leader = forms.ModelChoiceField(label=_("牵头领导"), queryset=User.objects.none(), required=False,
                                    error_messages={"invalid_choice": OUT_OF_SCOPE})
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none(), required=False,
                                       error_messages={"invalid_choice": OUT_OF_SCOPE})
    industries = forms.CharField(label=_("所含行业代码"), required=False, max_length=500,
                                     help_text=_("国民经济行业分类（GB/T 4754-2017）代码，用空格或逗号分隔，如：4111 4119 C41"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"] = DivisionChoiceField(user=user, label=_("行政区划"))
        prefix = user.scope_prefix or "-"
        self.fields["leader"].queryset = User.objects.filter(role=Role.LEADER, is_active=True,
                                                             division__code__startswith=prefix).order_by("full_name")
        self.fields["lead_unit"].queryset = units_for_user(user=user).filter(is_active=True).order_by("name")

    def clean_industries(self) -> list[str]:
        # "C41" is how people write 大类 41 of 门类 C; the table keys 大类 by digits alone.
        return [code[1:] if len(code) > 1 and code[0].isalpha() and code[1:].isdigit() else code
                for code in _split_codes(self.cleaned_data["industries"].upper())]

    @classmethod
    def initial_for(cls, group) -> dict:
        return {"name": group.name, "division": group.division_id, "leader": group.leader_id,
                "lead_unit": group.lead_unit_id,
                "industries": " ".join(i.code for i in group.industries.order_by("code"))}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["division_code"] = data.pop("division")
        data["industry_codes"] = data.pop("industries")
        return data


class IndustrySearchForm(forms.Form):
    q = forms.CharField(label=_("行业代码或名称"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("行业代码或名称，如 4111、制刷")}))
