"""Lead, referrer and agency forms: single-field checks and in-scope choices; the rules live in the
services, whose DomainError lands on the field it names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chengjie.core.forms import OUT_OF_SCOPE, FilterForm
from chengjie.org.forms import STATUS_CHOICES
from chengjie.org.models import IndustryGroup, Unit
from chengjie.org.selectors import counties_for_user, industry_groups_for_user, units_for_user

from .clock import DEFAULT_LIMITS
from .models import Agency, Lead, Referrer
from .selectors import STEP_OPEN, agencies_in_force, referrers_for_user

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOTE = forms.Textarea(attrs={"rows": 4})


def _units(user):
    units = units_for_user(user=user).filter(is_active=True)
    if user.binds_unit:
        units = units.filter(pk__in=user.unit_and_descendant_ids())
    return units.order_by("kind", "name")


class CountyChoiceField(forms.ChoiceField):
    def __init__(self, *, user, **kwargs):
        kwargs.setdefault("label", _("县（市、区）"))
        counties = counties_for_user(user=user)
        super().__init__(choices=[(d.code, f"{d.code} {d.name}") for d in counties], **kwargs)


# --- leads


class LeadFilterForm(FilterForm):
    q = forms.CharField(label=_("线索或投资方"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("线索名称或投资方")}))
    step = forms.ChoiceField(label=_("环节"), required=False,
                             choices=[("", _("全部环节")), (STEP_OPEN, _("在办（未签约、未终止）")), *Lead.Step.choices])
    channel = forms.ChoiceField(label=_("来源渠道"), required=False, choices=[("", _("全部渠道")), *Lead.Channel.choices])
    unit = forms.ModelChoiceField(label=_("跟进单位"), required=False, queryset=Unit.objects.none(),
                                  empty_label=_("全部单位"))
    overdue = forms.BooleanField(label=_("只看超时"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user)

    def values(self) -> dict:
        values = super().values()
        values["unit"] = values["unit"].pk if values["unit"] else None
        values["overdue"] = bool(values["overdue"])
        return values


class LeadForm(forms.Form):
    title = forms.CharField(label=_("线索名称"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("如 年产500万套汽车零部件项目")}))
    investor_name = forms.CharField(label=_("投资方"), max_length=200)
    channel = forms.ChoiceField(label=_("来源渠道"), choices=Lead.Channel.choices)
    agency = forms.ModelChoiceField(label=_("委托招商机构"), queryset=Agency.objects.none(), required=False,
                                    error_messages={"invalid_choice": OUT_OF_SCOPE},
                                    help_text=_("来源渠道为委托招商时必选。"))
    referrer = forms.ModelChoiceField(label=_("引荐人（须已备案）"), queryset=Referrer.objects.none(), required=False,
                                      error_messages={"invalid_choice": OUT_OF_SCOPE},
                                      help_text=_("未备案的引荐人请先到“引荐人”备案。"))
    industry = forms.CharField(label=_("行业代码"), max_length=5, required=False,
                               help_text=_("国民经济行业分类（GB/T 4754-2017）代码，如 3670"))
    industry_group = forms.ModelChoiceField(label=_("产业工作组"), queryset=IndustryGroup.objects.none(),
                                            required=False, error_messages={"invalid_choice": OUT_OF_SCOPE})
    estimated_investment = forms.DecimalField(label=_("预计投资（万元）"), required=False, min_value=0,
                                              max_digits=14, decimal_places=2)
    description = forms.CharField(label=_("线索内容"), required=False, max_length=2000, widget=NOTE,
                                  help_text=_("投资方情况、项目内容、用地用工需求、对接人等。"))
    unit = forms.ModelChoiceField(label=_("登记单位"), queryset=Unit.objects.none(),
                                  error_messages={"invalid_choice": OUT_OF_SCOPE})

    def __init__(self, *args, user, lead: Lead | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_in_force(user=user)
        self.fields["referrer"].queryset = referrers_for_user(user=user).filter(is_active=True).order_by("name")
        self.fields["industry_group"].queryset = industry_groups_for_user(user=user).filter(is_active=True)
        if lead is None:
            self.fields["unit"].queryset = _units(user)
        else:
            del self.fields["unit"]  # the units change only through the loop
            # An agency or referrer named when the lead was registered stays selectable after it lapses.
            for name, current in (("agency", lead.agency_id), ("referrer", lead.referrer_id)):
                if current:
                    field = self.fields[name]
                    field.queryset = (field.queryset | field.queryset.model.objects.filter(pk=current)).distinct()

    @classmethod
    def initial_for(cls, lead: Lead) -> dict:
        return {"title": lead.title, "investor_name": lead.investor_name, "channel": lead.channel,
                "agency": lead.agency_id, "referrer": lead.referrer_id, "industry": lead.industry_id or "",
                "industry_group": lead.industry_group_id, "estimated_investment": lead.estimated_investment,
                "description": lead.description}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["industry_code"] = data.pop("industry")
        return data


class AdvanceForm(forms.Form):
    """One step of the loop: a note, and for 交办 the unit that will follow the lead."""

    note = forms.CharField(label=_("意见"), required=False, max_length=2000, widget=NOTE)
    unit = forms.ModelChoiceField(label=_("交办给（跟进单位）"), queryset=Unit.objects.none(),
                                  error_messages={"invalid_choice": OUT_OF_SCOPE})

    def __init__(self, *args, user, lead: Lead, to_step: str, note_label: str, note_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = note_label
        self.fields["note"].required = note_required
        if to_step == Lead.Step.ASSIGNED:
            self.fields["unit"].queryset = _units(user).filter(division__code__startswith=lead.division_id)
        else:
            del self.fields["unit"]


class ReportForm(forms.Form):
    note = forms.CharField(label=_("跟踪情况"), max_length=2000, widget=NOTE,
                           help_text=_("对接进展、投资方意向、需要协调的问题。每两周至少报告一次。"))


class DropForm(forms.Form):
    reason = forms.CharField(label=_("终止原因"), max_length=2000, widget=NOTE)


class StepLimitsForm(forms.Form):
    """One field per timed step; blank puts the step back to the default."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row["step"]] = forms.IntegerField(
                label=_("%(step)s（工作日）") % {"step": row["label"]}, required=False, min_value=1,
                initial=row["workdays"] if row["custom"] else None,
                widget=forms.NumberInput(attrs={"placeholder": row["default"], "inputmode": "numeric"}),
                help_text=_("默认 %(days)s 个工作日；留空即用默认。") % {"days": row["default"]})

    def limits(self) -> dict:
        return {step: self.cleaned_data.get(step) for step in DEFAULT_LIMITS}


# --- referrers


class ReferrerFilterForm(FilterForm):
    q = forms.CharField(label=_("姓名或名称"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("引荐人姓名或单位名称")}))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *Referrer.Kind.choices])
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("active", _("有效")), ("disabled", _("已注销")), ("all", _("全部"))])


class ReferrerForm(forms.Form):
    name = forms.CharField(label=_("姓名或单位名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Referrer.Kind.choices, initial=Referrer.Kind.PERSON)
    id_number = forms.CharField(label=_("身份证号或统一社会信用代码"), max_length=30,
                                widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false",
                                                              "autocomplete": "off"}),
                                help_text=_("个人填 18 位身份证号，单位填统一社会信用代码；系统核验校验位。"))
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    note = forms.CharField(label=_("备注"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    division = forms.ChoiceField(label=_("备案地区"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"] = CountyChoiceField(user=user, label=_("备案地区"))

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["division_code"] = data.pop("division")
        return data


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("查看用途"), max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": _("查看用途，如：核对引荐奖励申请人身份"),
                                                           "aria-label": _("查看用途")}))


# --- agencies


class AgencyFilterForm(FilterForm):
    q = forms.CharField(label=_("名称"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("机构名称")}))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *Agency.Kind.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("机构名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Agency.Kind.choices)
    agreement_from = forms.DateField(label=_("协议起始"), required=False, widget=DATE)
    agreement_to = forms.DateField(label=_("协议截止"), required=False, widget=DATE)
    contact = forms.CharField(label=_("联系人"), max_length=50, required=False)
    division = forms.ChoiceField(label=_("签约地区"))

    def __init__(self, *args, user, agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is None:
            self.fields["division"] = CountyChoiceField(user=user, label=_("签约地区"))
        else:
            del self.fields["division"]
            self.fields["is_active"] = forms.BooleanField(label=_("有效（可在新线索中选用）"), required=False)

    @classmethod
    def initial_for(cls, agency: Agency) -> dict:
        return {"name": agency.name, "kind": agency.kind, "agreement_from": agency.agreement_from,
                "agreement_to": agency.agreement_to, "contact": agency.contact, "is_active": agency.is_active}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if "division" in data:
            data["division_code"] = data.pop("division")
        return data
