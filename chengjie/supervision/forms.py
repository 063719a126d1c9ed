"""Forms check one field at a time; the rules live in the services, whose DomainError lands on the field
it names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chengjie.core.forms import FilterForm
from chengjie.org.models import Unit

from .models import Colour, SupervisionNotice, WarningPreset
from .rules import PARAMETER_LABELS, PROGRESS_DEFAULTS

WARNED_CHOICES = [("", _("红色和黄色")), (Colour.RED, _("只看红色")), (Colour.YELLOW, _("只看黄色"))]


def unit_choices(*, user) -> list[tuple[str, str]]:
    units = Unit.objects.filter(division__code__startswith=user.scope_prefix or "-", is_active=True)
    if user.binds_unit:
        units = units.filter(pk__in=user.unit_and_descendant_ids())
    return [("", _("全部单位")), *((str(pk), name) for pk, name in units.order_by("kind", "name").values_list("pk", "name"))]


class NoticeFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), *SupervisionNotice.Status.choices])
    tier = forms.ChoiceField(label=_("处理层级"), required=False,
                             choices=[("", _("全部层级")), *SupervisionNotice.Tier.choices])
    unit = forms.TypedChoiceField(label=_("责任单位"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("项目或单号"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("项目名称或督办单号")}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(user=user)


class WarningFilterForm(FilterForm):
    colour = forms.ChoiceField(label=_("颜色"), required=False, choices=WARNED_CHOICES)
    unit = forms.TypedChoiceField(label=_("单位"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(user=user)


class AnswerForm(forms.Form):
    response = forms.CharField(label=_("整改方案"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
                               error_messages={"required": _("请填写整改方案：问题原因、整改措施和完成时限。")},
                               help_text=_("写明问题原因、整改措施、责任人和完成时限。"))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("销号说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("请填写销号说明（整改结果或核实情况）。")},
                           help_text=_("整改结果或核实情况。销号后督办单不再升级。"))


class RouteForm(forms.Form):
    tier = forms.ChoiceField(label=_("转交层级"), choices=SupervisionNotice.Tier.choices)
    note = forms.CharField(label=_("转交理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("请说明转交理由。")})


class SettingForm(forms.Form):
    preset = forms.ModelChoiceField(label=_("预警规则"), queryset=WarningPreset.objects.filter(is_active=True),
                                    empty_label=None)
    response_workdays = forms.IntegerField(label=_("整改方案报送时限（工作日）"), min_value=1, max_value=30,
                                           help_text=_("督办单下发后，责任单位须在这些工作日内报送整改方案，逾期自动升级。"))


class PresetForm(forms.Form):
    """A new variant: the rule and its numbers; blank numbers take the rule's defaults."""

    name = forms.CharField(label=_("规则名称"), max_length=100)
    rule = forms.ChoiceField(label=_("规则"), choices=WarningPreset.Rule.choices)
    base = forms.ChoiceField(label=PARAMETER_LABELS["base"], required=False, choices=[
        ("", _("—（仅红色销号规则需要）")),
        (WarningPreset.Rule.DEADLINE, WarningPreset.Rule.DEADLINE.label),
        (WarningPreset.Rule.PROGRESS, WarningPreset.Rule.PROGRESS.label)])
    yellow_workdays = forms.IntegerField(label=PARAMETER_LABELS["yellow_workdays"], required=False,
                                         help_text=_("期限规则：默认 3"))
    yellow_hours = forms.IntegerField(label=PARAMETER_LABELS["yellow_hours"], required=False,
                                      help_text=_("期限规则的倒计时变体：24 的整数倍，如 48；与工作日二选一"))
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, default in PROGRESS_DEFAULTS.items():
            self.fields[key] = forms.IntegerField(label=PARAMETER_LABELS[key], required=False,
                                                  help_text=_("进度规则：默认 %(default)s") % {"default": default})
        self.order_fields(["name", "rule", "base", "yellow_workdays", "yellow_hours", *PROGRESS_DEFAULTS, "description"])

    def parameters(self) -> dict:
        data = self.cleaned_data
        keys = ["yellow_workdays", "yellow_hours", *PROGRESS_DEFAULTS]
        parameters = {key: data[key] for key in keys if data.get(key) is not None}
        if data.get("base"):
            parameters["base"] = data["base"]
        return parameters
