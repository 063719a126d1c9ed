"""Project forms: single-field checks and in-scope choices; the rules live in the services, whose
DomainError lands on the field it names."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.core.forms import OUT_OF_SCOPE, FilterForm
from chengjie.leads.models import Referrer
from chengjie.leads.selectors import referrers_for_user
from chengjie.org.forms import DivisionChoiceField
from chengjie.org.models import Division, Industry, IndustryGroup, Unit
from chengjie.org.selectors import divisions_for_user, industry_groups_for_user, units_for_user
from chengjie.parks.models import Enterprise, Park
from chengjie.parks.selectors import enterprises_for_user, parks_for_user

from .models import Milestone, NodeTemplate, Project, ProjectType
from .selectors import AMOUNT_BANDS, COLOUR_CHOICES, template_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
STAFF_ROLES = [Role.LEADER, Role.BUREAU, Role.UNIT_CLERK, Role.UNIT_HEAD, Role.UNIT_ADMIN, Role.PARK, Role.AGENT]


def _people(user):
    prefix = user.scope_prefix or "-"
    return (User.objects.filter(is_active=True, role__in=STAFF_ROLES, division__code__startswith=prefix[:6])
            .select_related("unit").order_by("unit__name", "full_name"))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}（{obj.unit}）" if obj.unit_id else obj.display_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name}（{obj.unit}）" if obj.unit_id else obj.display_name


COUNTY_LENGTH = 6  # a county-level division code: 340882


def county_first(form: forms.Form, *, user) -> None:
    """Units, parks and industry groups belong to a county. A user above one (a city, the province) picks
    the county first, and is offered that county's units: the province's 1,560 units in one <select>
    help nobody and cost a quarter of a second to render. A unit, park or group given without a county
    (a link, the API) brings its county with it. Fills the form's `county` choices and its `unit`,
    `park` and `industry_group` querysets; without a county chosen those three fields are removed."""
    area = _county_area(form, user=user)
    if "unit" not in form.fields:
        return
    form.fields["unit"].queryset = introducing_units(user=user, area=area)
    form.fields["park"].queryset = parks_for_user(user=user).filter(
        division__code__startswith=area, is_active=True).order_by("name")
    form.fields["industry_group"].queryset = industry_groups_for_user(user=user).filter(
        division__code__startswith=area, is_active=True)


def _county_area(form: forms.Form, *, user) -> str:
    prefix = user.scope_prefix or "-"
    if len(prefix) >= COUNTY_LENGTH:
        del form.fields["county"]
        return prefix
    counties = divisions_for_user(user=user).filter(level=Division.Level.COUNTY, is_active=True)
    form.fields["county"].choices = [("", _("全部县（市、区）")), *counties.order_by("code").values_list("code", "name")]
    chosen = form.data.get("county", "")
    if chosen not in dict(form.fields["county"].choices):
        chosen = ""
    if "county" not in form.data:
        chosen = _county_of_choice(form.data, user=user)
        if chosen:
            form.data = form.data.copy()
            form.data["county"] = chosen
    if not chosen:
        for name in ("unit", "park", "industry_group"):
            form.fields.pop(name, None)
        return prefix
    return chosen


def _county_of_choice(data, *, user) -> str:
    scoped = {"unit": units_for_user(user=user), "park": parks_for_user(user=user),
              "industry_group": industry_groups_for_user(user=user)}
    for name, queryset in scoped.items():
        value = data.get(name, "")
        if value.isdigit():
            code = queryset.filter(pk=int(value)).values_list("division__code", flat=True).first()
            if code and len(code) >= COUNTY_LENGTH:
                return code[:COUNTY_LENGTH]
    return ""


def introducing_units(*, user, area: str):
    """Active units in `area` that introduced at least one project (the 引进单位 filter's choices)."""
    return units_for_user(user=user).filter(
        Exists(Project.objects.filter(introducing_unit=OuterRef("pk"))),
        division__code__startswith=area, is_active=True).order_by("name")


class ProjectFilterForm(FilterForm):
    q = forms.CharField(label=_("项目或投资方"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("项目名称、投资方或编号")}))
    county = forms.ChoiceField(label=_("县（市、区）"), required=False)
    unit = forms.ModelChoiceField(label=_("引进单位"), required=False, queryset=Unit.objects.none(),
                                  empty_label=_("全部单位"))
    park = forms.ModelChoiceField(label=_("园区"), required=False, queryset=Park.objects.none(),
                                  empty_label=_("全部园区"))
    industry_group = forms.ModelChoiceField(label=_("产业工作组"), required=False, queryset=IndustryGroup.objects.none(),
                                            empty_label=_("全部工作组"))
    reached = forms.ChoiceField(label=_("已达节点"), required=False, choices=[("", _("全部节点")), *Milestone.choices])
    colour = forms.ChoiceField(label=_("预警颜色"), required=False, choices=[("", _("全部颜色")), *COLOUR_CHOICES])
    amount = forms.ChoiceField(label=_("协议投资"), required=False,
                               choices=[("", _("全部金额")), *[(key, label) for key, label, *_r in AMOUNT_BANDS]])
    signed_from = forms.DateField(label=_("签约日期自"), required=False, widget=DATE)
    signed_to = forms.DateField(label=_("签约日期至"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        county_first(self, user=user)
        if "county" in self.fields:
            # The county changes the other filters' choices: the filters are swapped in with the rows.
            self.fields["county"].widget.attrs.update({
                "hx-get": reverse_lazy("projects:project_list"), "hx-trigger": "change consume",
                "hx-include": "closest form", "hx-target": "#listing", "hx-select": "#listing",
                "hx-swap": "outerHTML", "hx-push-url": "true"})

    def values(self) -> dict:
        values = {"county": "", "unit": None, "park": None, "industry_group": None, **super().values()}
        for name in ("unit", "park", "industry_group"):
            values[name] = values[name].pk if values[name] else None
        for name in ("signed_from", "signed_to"):
            values[name] = values[name] or None
        return values


class ProjectSignForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    investor = forms.ModelChoiceField(label=_("投资企业（已登记的企业）"), queryset=Enterprise.objects.none(), required=False,
                                      error_messages={"invalid_choice": OUT_OF_SCOPE},
                                      help_text=_("投资方已在本系统登记时选择；县外企业直接填写下面的投资方名称。"))
    investor_name = forms.CharField(label=_("投资方"), max_length=200, required=False)
    investor_origin = forms.CharField(label=_("投资方所在地"), max_length=100, required=False,
                                      widget=forms.TextInput(attrs={"placeholder": _("如 江苏省苏州市")}))
    project_type = forms.ChoiceField(label=_("项目类型"), choices=ProjectType.choices, initial=ProjectType.INDUSTRIAL)
    division = forms.ChoiceField(label=_("所属地区"))
    contracted_investment = forms.DecimalField(label=_("协议投资（万元）"), **MONEY)
    out_of_province_investment = forms.DecimalField(label=_("其中省外资金（万元）"), required=False, **MONEY)
    industry = forms.CharField(label=_("行业代码"), max_length=5, required=False,
                               help_text=_("国民经济行业分类（GB/T 4754-2017）代码，如 2439"))
    industry_group = forms.ModelChoiceField(label=_("产业工作组"), queryset=IndustryGroup.objects.none(), required=False,
                                            error_messages={"invalid_choice": OUT_OF_SCOPE})
    park = forms.ModelChoiceField(label=_("落户园区"), queryset=Park.objects.none(), required=False,
                                  error_messages={"invalid_choice": OUT_OF_SCOPE})
    introducing_unit = forms.ModelChoiceField(label=_("引进单位（谁引进、谁服务）"), queryset=Unit.objects.none(),
                                              error_messages={"invalid_choice": OUT_OF_SCOPE})
    leader = PersonChoiceField(label=_("包保领导"), queryset=User.objects.none(), required=False,
                               error_messages={"invalid_choice": OUT_OF_SCOPE})
    task_force = PeopleChoiceField(label=_("专班成员"), queryset=User.objects.none(), required=False,
                                   error_messages={"invalid_choice": OUT_OF_SCOPE},
                                   help_text=_("按住 Ctrl（手机上逐个点选）可多选。"))
    contact_person = PersonChoiceField(label=_("联络员"), queryset=User.objects.none(), required=False,
                                       error_messages={"invalid_choice": OUT_OF_SCOPE})
    referrer = forms.ModelChoiceField(label=_("引荐人（须已备案）"), queryset=Referrer.objects.none(), required=False,
                                      error_messages={"invalid_choice": OUT_OF_SCOPE})
    signed_on = forms.DateField(label=_("签约日期"), widget=DATE)
    template = forms.ModelChoiceField(label=_("节点模板"), queryset=NodeTemplate.objects.none(), required=False,
                                      empty_label=_("按项目类型自动选择"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"] = DivisionChoiceField(user=user, label=_("所属地区"))
        self.fields["investor"].queryset = enterprises_for_user(user=user).filter(is_active=True).order_by("name")
        self.fields["industry_group"].queryset = industry_groups_for_user(user=user).filter(is_active=True)
        self.fields["park"].queryset = parks_for_user(user=user).filter(is_active=True).order_by("name")
        self.fields["introducing_unit"].queryset = units_for_user(user=user).filter(is_active=True).order_by(
            "kind", "name")
        people = _people(user)
        self.fields["leader"].queryset = people.filter(role=Role.LEADER)
        self.fields["contact_person"].queryset = people
        self.fields["task_force"].queryset = people
        self.fields["referrer"].queryset = referrers_for_user(user=user).filter(is_active=True).order_by("name")
        self.fields["template"].queryset = NodeTemplate.objects.filter(pk__in=[t.pk for t in template_choices(user=user)])

    def clean_industry(self) -> Industry | None:
        code = self.cleaned_data["industry"].strip().upper()
        if not code:
            return None
        # "C2439" is how people write 小类 2439 of 门类 C; the table keys it by digits alone.
        if len(code) > 1 and code[0].isalpha() and code[1:].isdigit():
            code = code[1:]
        industry = Industry.objects.filter(code=code, is_active=True).first()
        if industry is None:
            raise forms.ValidationError(_("行业代码“%(code)s”不在国民经济行业分类中。"), params={"code": code})
        return industry

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["out_of_province_investment"] = data["out_of_province_investment"] or 0
        return data


class DateFieldsForm(forms.Form):
    """One date field per node (`node_<id>`), as plan forms show them."""

    def __init__(self, *args, nodes, initial_dates: dict[int, object], editable=lambda node: True, **kwargs):
        super().__init__(*args, **kwargs)
        self.nodes = nodes
        for node in nodes:
            field = forms.DateField(label=node.name, widget=DATE, initial=initial_dates.get(node.pk),
                                    disabled=not editable(node), required=editable(node))
            self.fields[f"node_{node.pk}"] = field

    def planned_dates(self) -> dict:
        return {node.pk: self.cleaned_data[f"node_{node.pk}"] for node in self.nodes
                if not self.fields[f"node_{node.pk}"].disabled}


class ChangeRequestForm(DateFieldsForm):
    reason = forms.CharField(label=_("调整理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["reason"]


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("审批意见"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class NodeCompleteForm(forms.Form):
    """One file field per material the node requires, and one for anything else that helps."""

    actual_date = forms.DateField(label=_("实际完成日期"), widget=DATE)

    ACCEPT = "application/pdf,image/jpeg,image/png"

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(node.required_evidence)
        for index, kind in enumerate(self.kinds):
            self.fields[f"evidence_{index}"] = forms.FileField(
                label=kind, required=False, widget=forms.ClearableFileInput(attrs={"accept": self.ACCEPT}),
                help_text=_("PDF、JPEG 或 PNG，不超过 10 MB"))
        self.fields["evidence_other"] = forms.FileField(
            label=_("其他材料（可选）"), required=False, widget=forms.ClearableFileInput(attrs={"accept": self.ACCEPT}))

    def files_and_kinds(self) -> tuple[list, list[str]]:
        files, kinds = [], []
        for index, kind in enumerate(self.kinds):
            if upload := self.cleaned_data.get(f"evidence_{index}"):
                files.append(upload)
                kinds.append(kind)
        if upload := self.cleaned_data.get("evidence_other"):
            files.append(upload)
            kinds.append("其他材料")
        return files, kinds


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), max_length=500,
                             widget=forms.TextInput(attrs={"placeholder": _("说明需要补正的内容")}))


class NodeAssignForm(forms.Form):
    responsible_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none(),
                                              error_messages={"invalid_choice": OUT_OF_SCOPE})
    responsible_person = PersonChoiceField(label=_("责任人"), queryset=User.objects.none(), required=False,
                                           error_messages={"invalid_choice": OUT_OF_SCOPE})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units_for_user(user=user).filter(is_active=True).order_by(
            "kind", "name")
        self.fields["responsible_person"].queryset = _people(user).filter(
            role__in=[Role.UNIT_CLERK, Role.UNIT_HEAD, Role.PARK])


class MonthlyFigureForm(forms.Form):
    period = forms.DateField(label=_("月份"), input_formats=["%Y-%m"],
                             widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    funds_in_place = forms.DecimalField(label=_("当月到位资金（万元）"), **MONEY)
    out_of_province_funds = forms.DecimalField(label=_("其中省外资金（万元）"), required=False, **MONEY)
    completed_investment = forms.DecimalField(label=_("当月完成投资（万元）"), **MONEY)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["out_of_province_funds"] = data["out_of_province_funds"] or 0
        return data


class StatsRegistrationForm(forms.Form):
    registered_on = forms.DateField(label=_("纳统日期"), required=False, widget=DATE,
                                    help_text=_("留空表示尚未纳统（清除误填的日期）"))


class DuplicateResolveForm(forms.Form):
    decision = forms.ChoiceField(label=_("核查结论"), choices=[("distinct", _("确认不重复：两个不同的项目")),
                                                          ("merged", _("合并：同一项目重复签约，本条不再计数"))],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("核查说明"), max_length=500, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("合并时必填，如：同一协议在两次活动中签约")}))


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("移交给（新的引进单位）"), queryset=Unit.objects.none(),
                                     error_messages={"invalid_choice": OUT_OF_SCOPE})
    moved_on = forms.DateField(label=_("移交日期"), widget=DATE)
    reason = forms.CharField(label=_("移交原因"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units_for_user(user=user).filter(is_active=True).order_by("kind", "name")
        self.fields["moved_on"].initial = timezone.localdate()
