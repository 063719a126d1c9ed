"""GET /api/me: who the caller is, their role, unit, data scope and capabilities."""

import pytest

from chengjie.accounts.roles import ROLE_CAPABILITIES, Role
from chengjie.core.testing import login_as, make_user

from .helpers import bearer

pytestmark = pytest.mark.django_db


def test_me_describes_a_unit_clerk_called_with_a_token(client, cast):
    _, headers = bearer(cast.clerk_a)
    body = client.get("/api/me", **headers).json()
    assert body["username"] == "clerk_a"
    assert body["role"] == "unit_clerk" and body["role_display"] == "责任单位经办人"
    assert body["unit"] == {"id": cast.unit_a.pk, "name": "潜山市经济和信息化局"}
    assert body["division"] == {"code": "340882", "name": "安徽省安庆市潜山市"}
    assert body["enterprise"] is None
    assert body["capabilities"] == sorted(ROLE_CAPABILITIES[Role.UNIT_CLERK])
    assert body["authentication"] == "token"


def test_me_describes_an_enterprise_user_in_a_session(client, cast):
    login_as(client, cast.enterprise)
    body = client.get("/api/me").json()
    assert body["enterprise"]["uscc"] == cast.firm.uscc
    assert body["unit"] is None
    assert body["capabilities"] == sorted(ROLE_CAPABILITIES[Role.ENTERPRISE])
    assert body["authentication"] == "session"


def test_me_for_a_user_without_role_lists_no_capabilities(client, cast):
    login_as(client, cast.no_role)
    body = client.get("/api/me").json()
    assert body["role"] == "" and body["capabilities"] == []


def test_me_refuses_anonymous(client, db):
    assert client.get("/api/me").status_code == 401


def test_me_answers_only_get(client, cast):
    _, headers = bearer(cast.clerk_a)
    assert client.post("/api/me", **headers).status_code == 405


def test_evaluator_reaches_me_in_a_session_but_cannot_hold_a_token(client, db):
    evaluator = make_user("evaluator", role=Role.EVALUATOR)
    login_as(client, evaluator)
    assert client.get("/api/me").json()["capabilities"] == []
