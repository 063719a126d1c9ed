from django import forms
from django.utils.translation import gettext_lazy as _

from .services import DEFAULT_VALID_DAYS

VALIDITY_CHOICES = [(7, _("7 天")), (30, _("30 天")), (90, _("90 天")), (180, _("180 天")), (365, _("1 年"))]


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100,
                           help_text=_("写明这个令牌给哪个系统或脚本用，便于日后识别和吊销。"))
    valid_days = forms.TypedChoiceField(label=_("有效期"), choices=VALIDITY_CHOICES, coerce=int,
                                        initial=DEFAULT_VALID_DAYS)
