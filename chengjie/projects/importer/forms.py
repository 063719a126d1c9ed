from django import forms
from django.utils.translation import gettext_lazy as _

# A county ledger of a few thousand rows is well under 5 MB; 20 MB leaves room for formatting and photos
# pasted into cells, and matches DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_LEDGER_BYTES = 20 * 1024 * 1024


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("项目台账（.xlsx）"),
        help_text=_("表头可在标题行之下；列按名称识别（项目名称、投资方、总投资、签约时间、引进单位/责任单位，及落户园区、"
                    "包保领导等），不论顺序。金额写万元或亿元（表头或单元格注明）。"),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )
    # The explanation is in the label: Pico lifts a help text up under its input, onto a checkbox's label.
    valid_only = forms.BooleanField(
        label=_("只导入无误的行（有问题的行可下载为工作簿，改正后再导入；不勾选时文件有任何问题都不导入）"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LEDGER_BYTES:
            raise forms.ValidationError(_("文件超过 20 MB，请分成几个文件导入。"))
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(_("请上传 .xlsx 格式的工作簿；旧版 .xls 请先用 Excel 或 WPS 另存为 .xlsx。"))
        return upload
