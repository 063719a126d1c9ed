"""Appeal forms: single-field checks and in-scope choices; the rules live in the services, whose
DomainError lands on the field it names."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.core.forms import OUT_OF_SCOPE, FilterForm
from chengjie.org.models import Unit
from chengjie.org.selectors import units_for_user
from chengjie.parks.models import Enterprise
from chengjie.parks.selectors import enterprises_for_user

from .models import Appeal, AppealCategory, AppealRating
from .selectors import STATUS_OPEN, category_choices, category_rows

TEXT = forms.Textarea(attrs={"rows": 5})
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


def county_units(county: str):
    return Unit.objects.filter(division__code__startswith=county, is_active=True).order_by("kind", "name")


class CategoryChoiceField(forms.TypedChoiceField):
    """The county's enabled categories, labelled by their path (市场监管->食品安全->无证经营)."""

    def __init__(self, *, county: str, **kwargs):
        kwargs.setdefault("label", _("问题分类"))
        kwargs.setdefault("required", False)
        super().__init__(choices=[("", _("请选择（不清楚可不选）")), *category_choices(county=county)], coerce=int,
                         empty_value=None, **kwargs)


def category_of(pk: int | None) -> AppealCategory | None:
    return AppealCategory.objects.select_related("default_unit", "parent").get(pk=pk) if pk else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern for `multiple`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AppealFilterForm(FilterForm):
    q = forms.CharField(label=_("主题、企业或工单编号"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("主题、企业名称或工单编号")}))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), (STATUS_OPEN, _("办理中（未办结）")), *Appeal.Status.choices])
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *Appeal.Kind.choices])
    channel = forms.ChoiceField(label=_("来源渠道"), required=False, choices=[("", _("全部渠道")), *Appeal.Channel.choices])
    unit = forms.ModelChoiceField(label=_("承办单位"), required=False, queryset=Unit.objects.none(),
                                  empty_label=_("全部单位"))
    overdue = forms.BooleanField(label=_("只看超时"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.binds_enterprise:
            del self.fields["unit"]
            del self.fields["channel"]
        else:
            units = units_for_user(user=user).filter(is_active=True)
            if user.binds_unit:
                units = units.filter(pk__in=user.unit_and_descendant_ids())
            self.fields["unit"].queryset = units.order_by("kind", "name")

    def values(self) -> dict:
        values = super().values()
        if "unit" in values:
            values["unit"] = values["unit"].pk if values["unit"] else None
        values["overdue"] = bool(values["overdue"])
        return values


class AppealFileForm(forms.Form):
    """What a firm writes when it files an appeal on the web."""

    kind = forms.ChoiceField(label=_("诉求类型"), choices=Appeal.Kind.choices, initial=Appeal.Kind.HELP)
    subject = forms.CharField(label=_("诉求主题"), max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": _("一句话说明问题，如：厂区门前道路积水影响出货")}))
    content = forms.CharField(label=_("诉求内容"), max_length=5000, widget=TEXT,
                              help_text=_("写明问题的经过、涉及的部门和希望如何解决。"))
    caller_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False,
                                   help_text=_("不填则用您账号登记的手机号。"))
    attachments = MultipleFileField(label=_("附件（可选）"), required=False,
                                    help_text=_("PDF、JPG 或 PNG，最多 5 个，每个不超过 10 MB。"))

    def __init__(self, *args, county: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"] = CategoryChoiceField(county=county)
        self.order_fields(["kind", "category", "subject", "content", "caller_phone", "attachments"])

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["category"] = category_of(data["category"])
        return data


class HotlineForm(forms.Form):
    """A call taken on the hotline, entered by staff."""

    received_at = forms.DateTimeField(label=_("来电时间"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                 format="%Y-%m-%dT%H:%M"))
    caller_name = forms.CharField(label=_("诉求人"), max_length=50, required=False)
    caller_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    enterprise = forms.ModelChoiceField(label=_("企业（已登记的）"), queryset=Enterprise.objects.none(), required=False,
                                        error_messages={"invalid_choice": OUT_OF_SCOPE}, empty_label=_("未登记或不涉及"))
    company_name = forms.CharField(label=_("企业名称（未登记的）"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("诉求类型"), choices=Appeal.Kind.choices, initial=Appeal.Kind.HELP)
    subject = forms.CharField(label=_("诉求主题"), max_length=200)
    content = forms.CharField(label=_("诉求内容"), max_length=5000, widget=TEXT)
    unit = forms.ModelChoiceField(label=_("派发至"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("暂不派发（按分类默认单位或稍后派发）"))
    is_complex = forms.BooleanField(label=_("复杂诉求（办结时限 30 个工作日）"), required=False)

    def __init__(self, *args, user, county: str, **kwargs):
        now = timezone.localtime().replace(second=0, microsecond=0)
        kwargs.setdefault("initial", {}).setdefault("received_at", now)
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises_for_user(user=user).filter(is_active=True).order_by("name")
        self.fields["category"] = CategoryChoiceField(county=county)
        if user.has_capability("appeals.route"):
            self.fields["unit"].queryset = county_units(county)
        else:
            del self.fields["unit"], self.fields["is_complex"]
        self.order_fields(["received_at", "caller_name", "caller_phone", "enterprise", "company_name", "kind",
                           "category", "subject", "content", "unit", "is_complex"])

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["category"] = category_of(data["category"])
        return data


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.none(),
                                  error_messages={"invalid_choice": OUT_OF_SCOPE})
    note = forms.CharField(label=_("派发说明"), max_length=500, required=False)

    def __init__(self, *args, county: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = county_units(county)


class ComplexForm(forms.Form):
    is_complex = forms.TypedChoiceField(label=_("认定"), coerce=lambda value: value == "1", widget=forms.RadioSelect,
                                        choices=[("1", _("复杂诉求（办结时限按复杂诉求计）")), ("0", _("一般诉求"))])
    reason = forms.CharField(label=_("认定理由"), max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), max_length=500, widget=SHORT_TEXT,
                             help_text=_("说明为何不属于本单位职责，以及建议由哪个单位承办。"))


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), max_length=5000, widget=TEXT,
                           help_text=_("企业能看到这段答复。第一次答复即停止答复时限。"))


class CloseForm(forms.Form):
    result = forms.CharField(label=_("处理结果"), max_length=5000, widget=TEXT)
    resolved = forms.TypedChoiceField(label=_("问题是否解决"), coerce=lambda value: value == "1",
                                      widget=forms.RadioSelect, choices=[("1", _("已解决")), ("0", _("未解决（已说明原因）"))])


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=AppealRating.Satisfaction.choices,
                                     widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价意见"), max_length=1000, required=False, widget=SHORT_TEXT,
                              help_text=_("选“不满意”的请写明原因：诉求将重新办理，并提级督办。"))


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("查看用途"), max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": _("查看用途，如：回访诉求人核实办理结果"),
                                                           "aria-label": _("查看用途")}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("12345 工单导出文件"), help_text=_("Excel（.xlsx）或 CSV；列按名称识别，与顺序无关。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    valid_only = forms.BooleanField(label=_("只导入无误的行（有问题的行另存为工作簿下载，改正后再导入）"), required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("分类名称"), max_length=50)
    parent = forms.TypedChoiceField(label=_("上级分类"), required=False, coerce=int, empty_value=None)
    default_unit = forms.ModelChoiceField(label=_("默认承办单位"), queryset=Unit.objects.none(), required=False,
                                          empty_label=_("不设（沿用上级分类，或由县诉求受理机构派发）"))
    accept_workdays = forms.IntegerField(label=_("签收时限（工作日）"), required=False, min_value=1, max_value=250)
    reply_workdays = forms.IntegerField(label=_("答复时限（工作日）"), required=False, min_value=1, max_value=250)
    resolve_workdays = forms.IntegerField(label=_("办结时限（工作日）"), required=False, min_value=1, max_value=250)
    complex_workdays = forms.IntegerField(label=_("复杂诉求办结时限（工作日）"), required=False, min_value=1,
                                          max_value=250, help_text=_("留空的时限沿用上级分类；都没有设的，按签收 1、答复 3、"
                                                                     "办结 15、复杂诉求 30 个工作日。"))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, county: str, category: AppealCategory | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        rows = category_rows(county=county)
        # A category cannot move under itself or one of its own sub-categories.
        own = next((row["path"] for row in rows if category is not None and row["category"].pk == category.pk), None)
        self.fields["parent"].choices = [("", _("无（一级分类）")), *[
            (row["category"].pk, row["path"]) for row in rows
            if own is None or not (row["path"] == own or row["path"].startswith(own + "->"))]]
        self.fields["default_unit"].queryset = county_units(county)
        if category is None:
            del self.fields["is_active"]

    @staticmethod
    def initial_for(category: AppealCategory) -> dict:
        return {"name": category.name, "parent": category.parent_id, "default_unit": category.default_unit_id,
                "accept_workdays": category.accept_workdays, "reply_workdays": category.reply_workdays,
                "resolve_workdays": category.resolve_workdays, "complex_workdays": category.complex_workdays,
                "is_active": category.is_active}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["parent"] = AppealCategory.objects.get(pk=data["parent"]) if data["parent"] else None
        return data

