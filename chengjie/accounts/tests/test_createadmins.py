"""`chengjie createadmins`: the three administrators of a fresh install, with one-time passwords."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chengjie.accounts.models import User
from chengjie.audit.models import AuditEvent

from .helpers import post_login

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("createadmins", *args, stdout=out)
    return out.getvalue()


def _passwords(output: str) -> dict[str, str]:
    return {line.split("\t")[1]: line.split("\t")[2] for line in output.splitlines() if line.count("\t") == 2}


def test_creates_the_three_administrators_with_one_time_passwords():
    output = _run("340882")
    passwords = _passwords(output)
    assert set(passwords) == {"sysadmin_340882", "secadmin_340882", "auditadmin_340882"}
    assert len(set(passwords.values())) == 3
    for username, password in passwords.items():
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert user.division_id == "340882"
        assert user.password_expired  # must change at first login
        assert user.needs_two_factor
        assert not user.is_superuser and not user.is_staff
    assert {u.role for u in User.objects.all()} == {"sys_admin", "sec_admin", "audit_admin"}
    rows = AuditEvent.objects.filter(event="users.created")
    assert rows.count() == 3 and {row.channel for row in rows} == {"cli"}
    assert "首次登录时须绑定手机验证器" in output


def test_a_first_login_goes_to_enrolment(client):
    passwords = _passwords(_run("340882"))
    post_login(client, "secadmin_340882", passwords["secadmin_340882"])
    assert client.get("/")["Location"].startswith("/accounts/2fa/enrol/")


def test_refuses_when_administrators_exist_and_changes_nothing():
    _run("340882")
    with pytest.raises(CommandError, match="已有管理员账号"):
        _run("340882")
    assert User.objects.count() == 3


def test_refuses_an_unknown_division():
    with pytest.raises(CommandError, match="行政区划代码“999999”不存在"):
        _run("999999")
    assert not User.objects.exists()


def test_another_county_gets_its_own_three():
    _run("340882")
    _run("340881")
    assert User.objects.filter(division_id="340881").count() == 3
