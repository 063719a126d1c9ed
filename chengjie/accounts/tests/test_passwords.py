"""Password policy (等保三级 身份鉴别): each refusal says in Chinese what to change."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from chengjie.accounts.models import User


def _refusals(password: str, username: str = "zhangwei") -> list[str]:
    try:
        validate_password(password, User(username=username, full_name="张伟", phone="13812345678"))
    except ValidationError as exc:
        return exc.messages
    return []


def test_a_long_password_of_three_classes_is_accepted():
    assert _refusals("Qianshan#Brush8") == []


def test_a_password_shorter_than_eight_characters_is_refused():
    assert "密码太短：至少需要 8 个字符。" in _refusals("Qs#2026")


def test_a_password_of_only_two_character_classes_is_refused():
    assert _refusals("qianshanbrush2026") == ["密码须包含大写字母、小写字母、数字、符号中的至少 3 类。"]


def test_a_common_password_is_refused_even_with_three_classes():
    assert _refusals("Password1") == ["这是常见密码，容易被猜中，请换一个。"]


def test_a_password_close_to_the_username_is_refused():
    assert _refusals("Zhangwei2026", username="zhangwei2026") == ["密码与用户名太相似，请换一个与账号信息无关的密码。"]


def test_a_password_that_is_the_phone_number_is_refused():
    refusals = _refusals("13812345678")
    assert "密码与手机号太相似，请换一个与账号信息无关的密码。" in refusals
    assert "密码不能全是数字。" in refusals


@pytest.mark.parametrize("password", ["Qs#2026", "qianshanbrush2026", "Password1"])
def test_every_refusal_is_in_chinese(password):
    for message in _refusals(password):
        assert any("\u4e00" <= char <= "\u9fff" for char in message), message
