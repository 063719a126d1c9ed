"""Password policy (等保三级 8.1.4.1 身份鉴别; OWASP ASVS 2.1): at least 8 characters, three of four
character classes, not a common password, not close to the account's own details.

Django's validators do the checking; these subclasses give each refusal a Chinese message that says what
to change (Django's own zh-Hans catalogue lacks some of them)."""

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("密码太短：至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少 %(min_length)d 个字符。") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "full_name", "phone", "email")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self):
        return _("密码与%(verbose_name)s太相似，请换一个与账号信息无关的密码。")

    def get_help_text(self):
        return _("密码不能与用户名、姓名、手机号相似。")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("这是常见密码，容易被猜中，请换一个。")

    def get_help_text(self):
        return _("不能使用常见密码。")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("密码不能全是数字。")

    def get_help_text(self):
        return _("密码不能全是数字。")


class CharacterClassValidator:
    """等保三级: passwords mix at least three of upper case, lower case, digits and symbols."""

    message = gettext_lazy("密码须包含大写字母、小写字母、数字、符号中的至少 %(min)d 类。")

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        classes = [
            any(c in string.ascii_uppercase for c in password),
            any(c in string.ascii_lowercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(self.message, code="password_too_simple", params={"min": self.min_classes})

    def get_help_text(self):
        return self.message % {"min": self.min_classes}
