"""Forms check single fields only; whether a change is allowed is decided in services.py."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .selectors import assignable_divisions, assignable_enterprises, assignable_units, grantable_roles

PASSWORD_HELP = _("至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类；不能是常见密码，不能与用户名、姓名相似。")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。同一账号在同一地址连续错误 %(limit)d 次将被锁定 %(minutes)d 分钟。"),
        "inactive": _("该账号已停用，请联系管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"], code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT,
                    "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        )


def _password_field(label, autocomplete="new-password", help_text=""):
    return forms.CharField(label=label, strip=False, help_text=help_text,
                           widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}))


class _PasswordPairForm(forms.Form):
    """Two entries of the same new password; the policy itself is checked by the service."""

    password_pair = ("new_password", "new_password_again")

    def clean(self):
        data = super().clean()
        first, second = self.password_pair
        if data.get(first) and data.get(first) != data.get(second):
            self.add_error(second, _("两次输入的密码不一致。"))
        return data


class PasswordChangeForm(_PasswordPairForm):
    old_password = _password_field(_("当前密码"), autocomplete="current-password")
    new_password = _password_field(_("新密码"), help_text=PASSWORD_HELP)
    new_password_again = _password_field(_("再次输入新密码"))


class PasswordResetForm(_PasswordPairForm):
    password_pair = ("password", "password_again")
    password = _password_field(_("新的初始密码"), help_text=_("账号持有人下次登录时必须修改。") + " " + PASSWORD_HELP)
    password_again = _password_field(_("再次输入初始密码"))


class TokenForm(forms.Form):
    token = forms.RegexField(label=_("动态验证码"), regex=r"^\d{6}$", max_length=6,
                             error_messages={"invalid": _("请输入验证器应用上显示的 6 位数字。"),
                                             "required": _("请输入验证器应用上显示的 6 位数字。")},
                             widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                           "pattern": "[0-9]{6}", "autofocus": True}))


class _UserFieldsForm(forms.Form):
    """Role, scope, unit and firm, offered as the acting administrator may grant them: the security
    administrator every role in their scope; a unit administrator only 经办人 / 负责人 of their unit."""

    full_name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(label=_("角色"))
    division = forms.ModelChoiceField(label=_("数据范围"), queryset=None, required=False, empty_label=_("请选择"),
                                      help_text=_("账号能看到的行政区划；县级用户选本县，乡镇用户选本乡镇。"))
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, required=False, empty_label=_("（不属于单位）"),
                                  help_text=_("责任单位经办人、负责人、单位管理员和园区管委会必须选择单位。"))
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=None, required=False, empty_label=_("（非企业用户）"),
                                        help_text=_("仅企业用户填写。"))
    title = forms.CharField(label=_("职务"), max_length=50, required=False)
    phone = forms.RegexField(label=_("手机号"), regex=r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$", max_length=20, required=False,
                             error_messages={"invalid": _("请输入 11 位手机号或带区号的固定电话，如 0556-1234567。")})

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        self.fields["role"].choices = [("", _("请选择"))] + grantable_roles(user=acting_user)
        self.manages_all = acting_user.has_capability("users.manage")
        if self.manages_all:
            self.fields["division"].queryset = assignable_divisions(user=acting_user)
            self.fields["division"].label_from_instance = lambda division: f"{division.code} {division.full_name}"
            self.fields["division"].required = True
            self.fields["unit"].queryset = assignable_units(user=acting_user)
            self.fields["unit"].label_from_instance = lambda unit: unit.name
            self.fields["enterprise"].queryset = assignable_enterprises(user=acting_user)
        else:
            # A unit administrator's accounts live in their own unit and scope; nothing to choose.
            for name in ("division", "unit", "enterprise"):
                del self.fields[name]

    def binding(self, account=None) -> dict:
        """Role, scope, unit and firm as the service takes them. A unit administrator chooses only the
        role: the unit is theirs, and the scope is the account's own (theirs for a new account)."""
        data = self.cleaned_data
        if self.manages_all:
            return {"role": data["role"], "division": data["division"], "unit": data["unit"],
                    "enterprise": data["enterprise"]}
        source = account if account is not None else self.acting_user
        return {"role": data["role"], "division": source.division, "unit": self.acting_user.unit,
                "enterprise": None}


class UserCreateForm(_PasswordPairForm, _UserFieldsForm):
    username = forms.RegexField(label=_("用户名"), regex=r"^[A-Za-z0-9_.@+-]{3,150}$", max_length=150,
                                help_text=_("登录用，3 位以上字母、数字或 _ . @ + -，创建后不能修改。"),
                                error_messages={"invalid": _("用户名只能由字母、数字和 _ . @ + - 组成，至少 3 位。")})
    password = _password_field(_("初始密码"), help_text=_("首次登录时必须修改。") + " " + PASSWORD_HELP)
    password_again = _password_field(_("再次输入初始密码"))

    password_pair = ("password", "password_again")
    field_order = ["username", "full_name", "role", "division", "unit", "enterprise", "title", "phone",
                   "password", "password_again"]


class UserEditForm(_UserFieldsForm):
    def __init__(self, *args, account, **kwargs):
        kwargs.setdefault("initial", {
            "full_name": account.full_name, "role": account.role, "division": account.division_id,
            "unit": account.unit_id, "enterprise": account.enterprise_id, "title": account.title,
            "phone": account.phone})
        super().__init__(*args, **kwargs)
        # A unit or firm disabled since keeps showing on the accounts bound to it, so saving a name
        # does not fail on it; the service still refuses binding it to anyone new.
        for name in ("division", "unit", "enterprise"):
            current_id = getattr(account, f"{name}_id")
            if name in self.fields and current_id is not None:
                field = self.fields[name]
                field.queryset = field.queryset | field.queryset.model.objects.filter(pk=current_id)


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("用户名或姓名"), required=False)
    role = forms.ChoiceField(label=_("角色"), required=False)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, required=False, empty_label=_("全部单位"))
    active = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部")), ("1", _("在用")), ("0", _("已停用"))])
    locked = forms.BooleanField(label=_("只看已锁定"), required=False)

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("全部角色"))] + grantable_roles(user=acting_user)
        if acting_user.has_capability("users.manage"):
            self.fields["unit"].queryset = assignable_units(user=acting_user)
        else:
            del self.fields["unit"]
