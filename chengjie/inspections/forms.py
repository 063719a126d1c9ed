"""Inspection forms: single-field checks and in-scope choices; the rules live in the services."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.core.forms import OUT_OF_SCOPE, FilterForm
from chengjie.org.models import Unit
from chengjie.parks.models import Enterprise

from . import selectors
from .periods import PeriodKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STATE_LABELS = [("", _("全部")), (selectors.STATE_COUNTED, _("不含已取消")), (selectors.STATE_PLANNED, _("待实施")),
                (selectors.STATE_CONFIRMED, _("企业已确认")),
                (selectors.STATE_CANCELLED, _("已取消")), (selectors.STATE_UNREGISTERED, _("未登记（企业报告）"))]
_SEPARATORS = re.compile(r"[\s,，、;；:：]+")


class InspectionFilterForm(FilterForm):
    q = forms.CharField(label=_("企业"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("企业名称或统一社会信用代码")}))
    state = forms.ChoiceField(label=_("状态"), required=False, choices=STATE_LABELS)
    unit = forms.ModelChoiceField(label=_("检查单位"), required=False, queryset=Unit.objects.none(),
                                  empty_label=_("全部单位"))
    start = forms.DateField(label=_("检查日期从"), required=False, widget=DATE)
    end = forms.DateField(label=_("至"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.binds_enterprise:
            del self.fields["q"]
            units = selectors.county_units(enterprise=user.enterprise) if user.enterprise_id else Unit.objects.none()
        elif user.binds_unit:
            units = Unit.objects.filter(pk__in=user.unit_and_descendant_ids()).order_by("name")
        else:
            from chengjie.org.selectors import units_for_user

            units = units_for_user(user=user).filter(is_active=True).order_by("kind", "name")
        self.fields["unit"].queryset = units

    def values(self) -> dict:
        values = super().values()
        values["unit"] = values["unit"].pk if values.get("unit") else None
        for name in ("start", "end"):
            values[name] = values.get(name) or None
        return values


def parse_inspectors(text: str) -> list[tuple[str, str]]:
    """One officer a line, "姓名 执法证号": the number is the last word, the name what comes before it."""
    people = []
    for line_no, line in enumerate((text or "").splitlines(), start=1):
        words = [word for word in _SEPARATORS.split(line.strip()) if word]
        if not words:
            continue
        if len(words) < 2:
            raise forms.ValidationError(_("第 %(n)s 行“%(line)s”缺少执法证号：每行填写“姓名 执法证号”。"),
                                        params={"n": line_no, "line": line.strip()})
        people.append(("".join(words[:-1]), words[-1]))
    return people


class InspectionRegisterForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("被检查企业"), queryset=Enterprise.objects.none(),
                                        error_messages={"invalid_choice": OUT_OF_SCOPE})
    planned_on = forms.DateField(label=_("计划检查日期"), widget=DATE,
                                 help_text=_("须在检查实施前登记；不能填写今天以前的日期。"))
    purpose = forms.CharField(label=_("检查事项和目的"), max_length=200)
    legal_basis = forms.CharField(label=_("检查依据"), max_length=300,
                                  help_text=_("法律、法规、规章的名称和条款，如《安全生产法》第六十五条"))
    inspectors = forms.CharField(label=_("检查人员"), widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("每行一人：姓名 执法证号，至少两人。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = selectors.enterprises_to_inspect(user=user)

    def clean_inspectors(self):
        return parse_inspectors(self.cleaned_data["inspectors"])


class InspectionCancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class InspectionConfirmForm(forms.Form):
    occurred_on = forms.DateField(label=_("实际检查日期"), widget=DATE)


class InspectionReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("检查单位"), queryset=Unit.objects.none(),
                                  error_messages={"invalid_choice": OUT_OF_SCOPE})
    occurred_on = forms.DateField(label=_("检查日期"), widget=DATE)
    description = forms.CharField(label=_("情况说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("检查人员（姓名、是否出示执法证）、检查内容、处理结果等"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.county_units(enterprise=user.enterprise)
        # A firm knows the unit by its full name, not the county's own short form.
        self.fields["unit"].label_from_instance = lambda unit: unit.name
        self.fields["occurred_on"].initial = timezone.localdate()


class InspectionLimitForm(forms.Form):
    period = forms.ChoiceField(label=_("统计周期"), choices=PeriodKind.choices)
    max_inspections = forms.IntegerField(label=_("每家企业每周期检查次数上限"), min_value=1, max_value=50,
                                         help_text=_("超过上限的检查在“检查预警”中列出，并通知县招商主管部门。"))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return timezone.localdate().year
