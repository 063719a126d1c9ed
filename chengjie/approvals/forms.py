"""Forms check one field at a time and offer only what the user may choose; the rules live in the services,
whose DomainError lands on the field it names."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengjie.accounts.models import User
from chengjie.accounts.roles import Role
from chengjie.core.forms import OUT_OF_SCOPE, FilterForm
from chengjie.org.forms import STATUS_CHOICES
from chengjie.org.models import Division, Unit
from chengjie.org.selectors import units_for_user
from chengjie.parks.models import Enterprise
from chengjie.parks.selectors import enterprises_for_user
from chengjie.projects.models import Project

from . import selectors
from .clock import STATUS_LABELS
from .models import ApprovalRequest, Matter, StopEvent

UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def upload_field(label, *, required: bool = True, help_text=_("PDF、JPEG 或 PNG，不超过 10 MB")) -> forms.FileField:
    return forms.FileField(label=label, required=required, help_text=help_text,
                           widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern for `multiple`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": UPLOAD_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").replace("；", "\n").splitlines() if line.strip()]


# --- matters


class MatterFilterForm(FilterForm):
    q = forms.CharField(label=_("事项"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("事项名称或编码")}))
    unit = forms.ModelChoiceField(label=_("承办单位"), required=False, queryset=Unit.objects.none(),
                                  empty_label=_("全部单位"))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_user(user=user).filter(
            pk__in=selectors.matters_for_user(user=user).values("handling_unit_id")).order_by("name")

    def values(self) -> dict:
        values = super().values()
        values["unit"] = values["unit"].pk if values["unit"] else None
        return values


class MatterForm(forms.Form):
    division = forms.ChoiceField(label=_("所属县（市、区）"))
    name = forms.CharField(label=_("事项名称"), max_length=100)
    code = forms.CharField(label=_("事项编码"), max_length=40, required=False,
                           help_text=_("行政许可事项清单中的编码，可不填"))
    handling_unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.none(),
                                           error_messages={"invalid_choice": OUT_OF_SCOPE})
    legal_basis = forms.CharField(label=_("设定和实施依据"), max_length=300, required=False)
    time_limit_workdays = forms.IntegerField(label=_("法定办理时限（工作日）"), min_value=1,
                                             help_text=_("自受理之日起计算，不含法定节假日（行政许可法第四十二条、第八十二条）"))
    deemed_approval = forms.BooleanField(label=_("适用超时默认（逾期未决定视为准予许可）"), required=False, initial=True)
    exclusion_reason = forms.CharField(label=_("不适用超时默认的法律依据"), max_length=300, required=False,
                                       help_text=_("涉及公共安全、人身健康、生命财产安全的事项依法不适用超时默认，写明依据"))
    stop_events = forms.MultipleChoiceField(label=_("可暂停计时的情形"), choices=StopEvent.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    required_documents = forms.CharField(label=_("申请材料"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                         help_text=_("每行一项，申报时每项须上传一个文件"))
    prerequisites = forms.ModelMultipleChoiceField(label=_("前置事项"), queryset=Matter.objects.none(), required=False,
                                                   widget=forms.CheckboxSelectMultiple,
                                                   help_text=_("须先取得这些事项的许可（含超时默认）才能申报本事项"))

    def __init__(self, *args, user, matter: Matter | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = user.scope_prefix or "-"
        counties = Division.objects.filter(code__startswith=prefix, level=Division.Level.COUNTY, is_active=True)
        self.fields["division"].choices = [(d.code, f"{d.code} {d.name}") for d in counties.order_by("code")]
        self.fields["handling_unit"].queryset = units_for_user(user=user).filter(is_active=True).order_by(
            "division_id", "name")
        others = selectors.matters_for_user(user=user).filter(is_active=True)
        if matter is not None:
            del self.fields["division"]
            others = (selectors.matters_for_user(user=user).filter(division_id=matter.division_id)
                      .exclude(pk=matter.pk).filter(is_active=True) | matter.prerequisites.all())
            self.fields["note"] = forms.CharField(label=_("修订说明"), max_length=200, required=False)
        self.fields["prerequisites"].queryset = others.distinct().order_by("name")

    @classmethod
    def initial_for(cls, matter: Matter) -> dict:
        return {"name": matter.name, "code": matter.code, "handling_unit": matter.handling_unit_id,
                "legal_basis": matter.legal_basis, "time_limit_workdays": matter.time_limit_workdays,
                "deemed_approval": matter.deemed_approval, "exclusion_reason": matter.exclusion_reason,
                "stop_events": matter.stop_events, "required_documents": "\n".join(matter.required_documents),
                "prerequisites": list(matter.prerequisites.values_list("pk", flat=True))}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["required_documents"] = _lines(data["required_documents"])
        data["prerequisites"] = list(data["prerequisites"])
        if "division" in data:
            data["division_code"] = data.pop("division")
        return data


# --- requests


class RequestFilterForm(FilterForm):
    q = forms.CharField(label=_("企业或事项"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("企业名称、事项或申请内容")}))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), *((k.value, v) for k, v in STATUS_LABELS.items())])
    matter = forms.ModelChoiceField(label=_("事项"), required=False, queryset=Matter.objects.none(),
                                    empty_label=_("全部事项"))
    unit = forms.ModelChoiceField(label=_("承办单位"), required=False, queryset=Unit.objects.none(),
                                  empty_label=_("全部单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        matters = selectors.matters_for_user(user=user)
        self.fields["matter"].queryset = matters.order_by("name")
        if user.binds_unit or user.binds_enterprise:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units_for_user(user=user).filter(
                pk__in=matters.values("handling_unit_id")).order_by("name")

    def values(self) -> dict:
        values = super().values()
        for name in ("matter", "unit"):
            if name in values:
                values[name] = values[name].pk if values[name] else None
        return values


class FileRequestForm(forms.Form):
    """The filing form of one matter: the firm (its own, or one that authorised the agent), an optional
    project of that firm, what is applied for, and one file per required document."""

    enterprise = forms.ModelChoiceField(label=_("申请企业"), queryset=Enterprise.objects.none(),
                                        error_messages={"invalid_choice": OUT_OF_SCOPE})
    project = forms.ModelChoiceField(label=_("关联招商项目"), queryset=Project.objects.none(), required=False,
                                     empty_label=_("不关联项目"))
    subject = forms.CharField(label=_("申请内容"), max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": _("如：年产500万支刷具项目厂房建设工程")}))

    def __init__(self, *args, user, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        if user.binds_enterprise:
            firms = Enterprise.objects.filter(pk=user.enterprise_id)
            self.fields["enterprise"].initial = user.enterprise_id
        else:
            firms = selectors.firms_for_agent(agent=user, on=timezone.localdate())
        self.fields["enterprise"].queryset = firms
        self.fields["project"].queryset = Project.objects.filter(investor__in=firms).order_by("-signed_on")
        self.fields["project"].label_from_instance = lambda project: f"{project.name}（{project.investor_name}）"
        self.documents = list(matter.required_documents)
        for index, name in enumerate(self.documents):
            self.fields[f"document_{index}"] = upload_field(name)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"enterprise": data["enterprise"], "project": data["project"], "subject": data["subject"],
                "documents": {name: data.get(f"document_{index}") for index, name in enumerate(self.documents)}}


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("需要补正的全部内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("一次告知需要补正的全部内容（行政许可法第三十二条）"))


class ResubmitForm(forms.Form):
    documents = MultipleFileField(label=_("补正材料"), help_text=_("可选多个文件；PDF、JPEG 或 PNG，每个不超过 10 MB"))
    note = forms.CharField(label=_("补正说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StopForm(forms.Form):
    event = forms.ChoiceField(label=_("暂停计时的情形"))
    reason = forms.CharField(label=_("原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, request: ApprovalRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(value, label) for value, label in StopEvent.choices
                                        if value in request.stop_events and value != StopEvent.SUPPLEMENT]


class ResumeForm(forms.Form):
    note = forms.CharField(label=_("结果说明"), max_length=2000, required=False)


class DecideForm(forms.Form):
    """The decision; after a deemed approval only the document remains to issue, so the choice goes."""

    decision = forms.ChoiceField(label=_("决定"), choices=[("approve", _("准予许可")), ("refuse", _("不予许可"))],
                                 widget=forms.RadioSelect)
    refusal_ground = forms.ChoiceField(label=_("不予许可的理由类别"), required=False,
                                       choices=[("", "—"), *ApprovalRequest.RefusalGround.choices])
    reason = forms.CharField(label=_("决定理由"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("不予许可的，应当说明理由（行政许可法第三十八条）"))
    result_document = upload_field(_("决定书或证照"))

    def __init__(self, *args, document_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if document_only:
            del self.fields["decision"], self.fields["refusal_ground"]
            self.fields["result_document"].label = _("审批文件（准予许可决定书或证照）")
            self.fields["reason"].label = _("说明")
            self.fields["reason"].help_text = ""

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"approve": data.get("decision", "approve") == "approve", "reason": data["reason"],
                "refusal_ground": data.get("refusal_ground", ""), "result_document": data["result_document"]}


# --- authorisations


class AuthorisationForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("委托企业"), queryset=Enterprise.objects.none(),
                                        error_messages={"invalid_choice": OUT_OF_SCOPE})
    agent = forms.ModelChoiceField(label=_("受托代办员"), queryset=User.objects.none(),
                                   error_messages={"invalid_choice": OUT_OF_SCOPE})
    authorised_by = forms.CharField(label=_("授权人"), max_length=100,
                                    help_text=_("签署委托书的人及其职务，如：王某（法定代表人）"))
    authorised_on = forms.DateField(label=_("授权日期"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("不填表示长期有效，直至撤销"))
    all_matters = forms.BooleanField(label=_("委托办理全部审批事项"), required=False, initial=True)
    matters = forms.ModelMultipleChoiceField(label=_("委托办理的事项"), queryset=Matter.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("不委托全部事项时，勾选委托的事项"))
    letter = upload_field(_("授权委托书（企业盖章的扫描件或照片）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.binds_enterprise:
            self.fields["enterprise"].queryset = Enterprise.objects.filter(pk=user.enterprise_id)
            self.fields["enterprise"].initial = user.enterprise_id
            prefix = user.enterprise.division_id if user.enterprise_id else "-"
            agents = [a.pk for a in User.objects.filter(role=Role.AGENT, is_active=True)
                      if a.scope_prefix and prefix.startswith(a.scope_prefix)]
            self.fields["agent"].queryset = User.objects.filter(pk__in=agents).order_by("full_name")
        else:
            self.fields["enterprise"].queryset = enterprises_for_user(user=user).filter(is_active=True)
            self.fields["agent"].queryset = User.objects.filter(pk=user.pk)
            self.fields["agent"].initial = user.pk
        self.fields["matters"].queryset = selectors.matters_for_user(user=user).filter(is_active=True).order_by("name")
        self.fields["agent"].label_from_instance = lambda agent: agent.display_name


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200)
