"""Park and enterprise forms: single-field checks and in-scope choices; the rules are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chengjie.accounts.roles import Role
from chengjie.core.forms import OUT_OF_SCOPE, FilterForm
from chengjie.org.forms import STATUS_CHOICES, DivisionChoiceField
from chengjie.org.models import Unit
from chengjie.org.selectors import division_choices, industry_filter_choices, units_for_user

from .masking import PERSONAL_FIELDS, mask_phone
from .models import Enterprise, Park
from .selectors import parks_for_user

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParkFilterForm(FilterForm):
    q = forms.CharField(label=_("名称"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("园区名称")}))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *Park.Kind.choices])
    division = forms.ChoiceField(label=_("所在区划"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [("", _("全部区划")), *division_choices(user=user)]


class EnterpriseFilterForm(FilterForm):
    q = forms.CharField(label=_("名称或代码"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("企业名称或统一社会信用代码")}))
    park = forms.ModelChoiceField(label=_("所在园区"), required=False, queryset=Park.objects.none(),
                                  empty_label=_("全部园区"))
    industry = forms.ChoiceField(label=_("所属行业"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("active", _("存续")), ("disabled", _("已注销/迁出")), ("all", _("全部"))])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks_for_user(user=user).order_by("name")
        self.fields["industry"].choices = [("", _("全部行业")), *industry_filter_choices()]

    def values(self) -> dict:
        values = super().values()
        values["park"] = values["park"].pk if values["park"] else None
        return values


def _committee_choices(user):
    units = units_for_user(user=user).filter(is_active=True)
    if user.role == Role.PARK:
        units = units.filter(pk__in=user.unit_and_descendant_ids())
    return units.order_by("name")


class ParkForm(forms.Form):
    name = forms.CharField(label=_("园区名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Park.Kind.choices)
    division = forms.ChoiceField(label=_("所在区划"))
    committee = forms.ModelChoiceField(label=_("管理机构"), queryset=Unit.objects.none(), required=False,
                                       error_messages={"invalid_choice": OUT_OF_SCOPE})
    catalogue_code = forms.CharField(label=_("开发区目录代码"), max_length=20, required=False,
                                     help_text=_("《中国开发区审核公告目录》（2018年版）中的代码，如 S347081"))
    approved_by = forms.CharField(label=_("批准机关"), max_length=50, required=False)
    approved_on = forms.DateField(label=_("批准时间"), required=False, widget=DATE)
    approved_area_ha = forms.DecimalField(label=_("核准面积（公顷）"), required=False, min_value=0, max_digits=10,
                                          decimal_places=2)
    planned_area_km2 = forms.DecimalField(label=_("规划面积（平方公里）"), required=False, min_value=0, max_digits=8,
                                          decimal_places=2)
    built_area_km2 = forms.DecimalField(label=_("建成面积（平方公里）"), required=False, min_value=0, max_digits=8,
                                        decimal_places=2)
    leading_industries = forms.CharField(label=_("主导产业"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"] = DivisionChoiceField(user=user, label=_("所在区划"))
        self.fields["committee"].queryset = _committee_choices(user)

    @classmethod
    def initial_for(cls, park: Park) -> dict:
        return {name: getattr(park, name) for name in cls.base_fields if name not in ("division", "committee")} | {
            "division": park.division_id, "committee": park.committee_id}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["division_code"] = data.pop("division")
        return data


class EnterpriseForm(forms.Form):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}))
    name = forms.CharField(label=_("企业名称"), max_length=200)
    division = forms.ChoiceField(label=_("所在区划"))
    park = forms.ModelChoiceField(label=_("所在园区"), queryset=Park.objects.none(), required=False,
                                  error_messages={"invalid_choice": OUT_OF_SCOPE})
    industry = forms.CharField(label=_("所属行业代码"), max_length=5, required=False,
                               help_text=_("国民经济行业分类（GB/T 4754-2017）代码，宜填小类，如 4111"))
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    legal_representative_phone = forms.CharField(label=_("法定代表人电话"), max_length=20, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    registered_capital = forms.DecimalField(label=_("注册资本（万元）"), required=False, min_value=0, max_digits=14,
                                            decimal_places=2)
    established_on = forms.DateField(label=_("成立日期"), required=False, widget=DATE)

    def __init__(self, *args, user, enterprise: Enterprise | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        self.fields["division"] = DivisionChoiceField(user=user, label=_("所在区划"))
        self.fields["park"].queryset = parks_for_user(user=user).filter(is_active=True).order_by("name")
        if user.role == Role.PARK:
            self.fields["park"].required = True
        if enterprise is not None:
            # Personal data is never put back into a page unmasked: an empty phone field keeps the value.
            for field in PERSONAL_FIELDS:
                current = getattr(enterprise, field)
                if current:
                    self.fields[field].help_text = _("当前为 %(masked)s；留空表示不修改。") % {"masked": mask_phone(current)}

    @classmethod
    def initial_for(cls, enterprise: Enterprise) -> dict:
        skip = {"division", "park", "industry", *PERSONAL_FIELDS}
        return {name: getattr(enterprise, name) for name in cls.base_fields if name not in skip} | {
            "division": enterprise.division_id, "park": enterprise.park_id, "industry": enterprise.industry_id or ""}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["division_code"] = data.pop("division")
        data["industry_code"] = data.pop("industry")
        if self.enterprise is not None:
            for field in PERSONAL_FIELDS:
                if not data[field]:
                    data.pop(field)
        return data


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=list(PERSONAL_FIELDS.items()), widget=forms.HiddenInput)
    purpose = forms.CharField(label=_("查看用途"), max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": _("查看用途，如：联系企业核实项目进度"),
                                                           "aria-label": _("查看用途")}))


class EnterpriseDisableForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200,
                             widget=forms.TextInput(attrs={"placeholder": _("注销、吊销或迁出，写明去向")}))
