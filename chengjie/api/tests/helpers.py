from chengjie.api.services import api_token_create


def bearer(user, *, name="测试脚本", valid_days=90) -> tuple[object, dict]:
    """A new token for `user` and the header that presents it."""
    token, raw = api_token_create(acting_user=user, name=name, valid_days=valid_days)
    return token, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
