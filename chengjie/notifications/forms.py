"""Forms check only the shape of single fields; what makes an address valid is decided by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ChannelKind

ADDRESS_HELP = _("电子邮件填邮箱地址；政务钉钉、企业微信群机器人填 Webhook 地址（群设置 → 机器人 → 复制）；"
                 "短信填 11 位手机号。")
SECRET_HELP = _("仅政务钉钉机器人：安全设置选择“加签”时，填写以 SEC 开头的密钥。保存后不再显示。")


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("渠道"), choices=ChannelKind.choices)
    address = forms.CharField(label=_("地址"), max_length=500, help_text=ADDRESS_HELP,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    secret = forms.CharField(label=_("加签密钥"), max_length=200, required=False, help_text=SECRET_HELP,
                             widget=forms.PasswordInput(attrs={"autocomplete": "off"}))
    enabled = forms.BooleanField(label=_("启用"), required=False, initial=True)


class ChannelEditForm(forms.Form):
    address = forms.CharField(label=_("地址"), max_length=500, help_text=ADDRESS_HELP,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    secret = forms.CharField(label=_("新的加签密钥"), max_length=200, required=False,
                             help_text=_("留空则保留原密钥。"), widget=forms.PasswordInput(attrs={"autocomplete": "off"}))
    clear_secret = forms.BooleanField(label=_("清除加签密钥"), required=False)
    enabled = forms.BooleanField(label=_("启用"), required=False)

    def __init__(self, *args, channel, **kwargs):
        super().__init__(*args, **kwargs)
        if channel.kind != ChannelKind.DINGTALK:
            del self.fields["secret"]
            del self.fields["clear_secret"]
