from django import forms
from django.utils.translation import gettext_lazy as _

from .notices import MAX_NOTICE_BYTES


class NoticeImportForm(forms.Form):
    file = forms.FileField(
        label=_("节假日安排通知文件"),
        help_text=_("holiday-cn 格式的 JSON 文件（如 2027.json），内容须与国务院办公厅当年的通知一致。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_NOTICE_BYTES:
            raise forms.ValidationError(_("文件超过 1 MB，不像是节假日通知。"))
        return upload


class DayOverrideForm(forms.Form):
    KIND_CHOICES = [("off", _("休息日（放假）")), ("work", _("工作日（含调休上班）"))]

    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(label=_("这一天是"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    name = forms.CharField(label=_("名称"), max_length=50, required=False,
                           help_text=_("如“国庆节”“春节调休上班”，可不填。"))
    reason = forms.CharField(label=_("修改原因"), max_length=200,
                             help_text=_("写明依据，例如文件名称和文号。"))
