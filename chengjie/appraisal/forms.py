"""Forms check one field at a time and offer only what is in the appraisal's county; the rules live in the
services, whose DomainError lands on the field it names."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.dispatch.forms import offer_counties
from chengjie.projects.models import Milestone, Project
from chengjie.projects.selectors import LIVE

from .models import Appraisal
from .selectors import scorer_choices

OUT_OF_SCOPE = _("所选项不存在或不在本县范围内。")


class AppraisalForm(forms.Form):
    division = forms.ChoiceField(label=_("县（市、区）"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("半年"), coerce=int, choices=Appraisal.Half.choices)
    title = forms.CharField(label=_("名称"), max_length=100, required=False,
                            help_text=_("留空则为“某年上半年重点项目现场观摩”。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_counties(self.fields["division"], user=user)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["half"].initial = 1 if today.month <= 6 else 2

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["division_code"] = data.pop("division")
        return data


class RuleForm(forms.Form):
    milestone = forms.ChoiceField(label=_("本半年达到的节点"),
                                  choices=[(m.value, m.label) for m in Milestone if m != Milestone.SIGNED])
    min_investment = forms.DecimalField(label=_("协议投资不低于（万元）"), min_value=0, max_digits=14, decimal_places=2)


class PickForm(forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none(),
                                     error_messages={"invalid_choice": OUT_OF_SCOPE})
    reason = forms.CharField(label=_("选取理由"), max_length=200, error_messages={"required": _("请填写人工选取的理由。")})

    def __init__(self, *args, appraisal: Appraisal, **kwargs):
        super().__init__(*args, **kwargs)
        picked = appraisal.picks.values("project_id")
        self.fields["project"].queryset = (Project.objects.filter(LIVE, division__code__startswith=appraisal.division_id)
                                           .exclude(pk__in=picked).order_by("-signed_on", "-id"))


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("指标"), max_length=30)
    weight = forms.IntegerField(label=_("权重"), min_value=1, max_value=100)
    max_score = forms.IntegerField(label=_("满分"), min_value=1, max_value=100)


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True, max_num=12, validate_max=True)


class AppraisersForm(forms.Form):
    appraisers = forms.ModelMultipleChoiceField(label=_("评委"), queryset=None, widget=forms.CheckboxSelectMultiple,
                                                error_messages={"required": _("请至少选择一名评委。"),
                                                                "invalid_choice": OUT_OF_SCOPE})

    def __init__(self, *args, appraisal: Appraisal, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["appraisers"]
        field.queryset = scorer_choices(appraisal)
        field.label_from_instance = lambda user: f"{user.display_name}（{user.unit or user.get_role_display()}）"


class ScoreForm(forms.Form):
    """One number per criterion, 0 to its full marks, in half points; the phone shows a numeric keypad."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=_("%(name)s（0–%(max)d）") % {"name": criterion.name, "max": criterion.max_score},
                min_value=0, max_value=criterion.max_score, decimal_places=1, max_digits=4,
                widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": str(criterion.max_score),
                                                "inputmode": "decimal"}),
                help_text=_("权重 %(weight)d") % {"weight": criterion.weight})

    def values(self) -> dict[int, object]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class CloseForm(forms.Form):
    results_seq = forms.IntegerField(label=_("结果通报文号序号"), min_value=1,
                                     help_text=_("发文字号中的顺序号，不编虚位，如 15。"))
    note = forms.CharField(label=_("提前结束的理由"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("评委都已打完分时不必填写；尚有评委未打完分时必须说明理由，缺少的评分不计入平均分。"))
