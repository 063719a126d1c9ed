"""Forms check one field at a time and offer only what is in the user's county; the rules live in the
services, whose DomainError lands on the field it names."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import UNIT_ROLES
from chengjie.core.forms import FilterForm
from chengjie.org.models import Unit
from chengjie.org.selectors import counties_for_user
from chengjie.projects.models import Project
from chengjie.projects.selectors import LIVE
from chengjie.supervision.models import Colour

from .models import ActionItem, Tier
from .selectors import UNCLOSED

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OUT_OF_SCOPE = _("所选项不存在或不在本县范围内。")


def offer_counties(field: forms.ChoiceField, *, user) -> None:
    """The user's counties as the field's choices; a county's own people get theirs, hidden."""
    field.choices = list(counties_for_user(user=user).values_list("code", "name"))
    if len(field.choices) == 1:
        field.initial = field.choices[0][0]
        field.widget = forms.HiddenInput()


def county_units(county: str):
    return Unit.objects.filter(division__code__startswith=county, is_active=True).order_by("kind", "name")


class MeetingForm(forms.Form):
    division = forms.ChoiceField(label=_("县（市、区）"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int,
                                     choices=[(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))])
    title = forms.CharField(label=_("会议名称"), max_length=100, required=False,
                            help_text=_("留空则为“某年第某季度重点项目调度会”。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offer_counties(self.fields["division"], user=user)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["division_code"] = data.pop("division")
        return data


class SettingForm(forms.Form):
    stalled_months = forms.IntegerField(label=_("签而不动认定月数"), min_value=1, max_value=24,
                                        help_text=_("签约后满这么多个月仍无任何节点进展的项目，列入季度调度议题。"))
    organ = forms.CharField(label=_("纪要发文机关"), max_length=60,
                            help_text=_("会议纪要版头的发文机关标志，如“潜山市招商引资工作领导小组办公室”。"))
    number_prefix = forms.CharField(label=_("发文机关代字"), max_length=10,
                                    help_text=_("如“潜招”，纪要文号为“潜招〔2026〕12号”。"))


class AgendaAddForm(forms.Form):
    title = forms.CharField(label=_("议题"), max_length=200)
    detail = forms.CharField(label=_("情况"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False,
                                  error_messages={"invalid_choice": OUT_OF_SCOPE})
    project = forms.ModelChoiceField(label=_("相关项目"), queryset=Project.objects.none(), required=False,
                                     error_messages={"invalid_choice": OUT_OF_SCOPE})
    tier = forms.ChoiceField(label=_("处理层级"), choices=Tier.choices)
    reason = forms.CharField(label=_("增列理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("请填写增列理由。")})

    def __init__(self, *args, county: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = county_units(county)
        self.fields["project"].queryset = Project.objects.filter(LIVE, division__code__startswith=county).order_by(
            "-signed_on", "-id")


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("撤下理由"), max_length=500, error_messages={"required": _("请填写撤下理由。")})


class RouteForm(forms.Form):
    tier = forms.ChoiceField(label=_("处理层级"), choices=Tier.choices)


class RecordForm(forms.Form):
    held_on = forms.DateField(label=_("召开日期"), widget=DATE)
    venue = forms.CharField(label=_("地点"), max_length=100)
    chair = forms.CharField(label=_("主持人"), max_length=100, help_text=_("如“县委常委、常务副县长 张三”。"))
    attendees = forms.CharField(label=_("参会单位和人员"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label=_("会议概述"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("写入纪要正文开头，每段一行。"))
    minutes_seq = forms.IntegerField(label=_("纪要文号序号"), min_value=1,
                                     help_text=_("发文字号中的顺序号，不编虚位，如 12。"))


class ActionForm(forms.Form):
    agenda_item = forms.ModelChoiceField(label=_("所属议题"), queryset=None, required=False,
                                         empty_label=_("（不属于某一议题）"),
                                         error_messages={"invalid_choice": OUT_OF_SCOPE})
    decision = forms.CharField(label=_("议定事项"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    owner_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none(),
                                        error_messages={"invalid_choice": OUT_OF_SCOPE})
    owner_person = forms.ModelChoiceField(label=_("责任人（可选）"), queryset=User.objects.none(), required=False,
                                          error_messages={"invalid_choice": OUT_OF_SCOPE})
    deadline = forms.DateField(label=_("完成时限"), widget=DATE)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.filter(removed_at__isnull=True).order_by("position")
        self.fields["owner_unit"].queryset = county_units(meeting.division_id)
        self.fields["owner_person"].queryset = (
            User.objects.filter(is_active=True, role__in=sorted(UNIT_ROLES), unit__division__code__startswith=meeting.division_id)
            .select_related("unit").order_by("unit__name", "full_name"))
        self.fields["owner_person"].label_from_instance = lambda user: f"{user.display_name}（{user.unit}）"


class ReportForm(forms.Form):
    done_on = forms.DateField(label=_("办结日期"), widget=DATE)
    note = forms.CharField(label=_("办理情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("请填写办理情况。")})


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("意见"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("请填写意见。")})


class ActionFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), (UNCLOSED, _("未办结")), *ActionItem.Status.choices])
    colour = forms.ChoiceField(label=_("颜色"), required=False, choices=[("", _("全部颜色")), *Colour.choices])
    unit = forms.TypedChoiceField(label=_("牵头单位"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(division__code__startswith=user.scope_prefix or "-", is_active=True)
        if user.binds_unit:
            units = units.filter(pk__in=user.unit_and_descendant_ids())
        self.fields["unit"].choices = [("", _("全部单位")), *units.order_by("kind", "name").values_list("pk", "name")]
