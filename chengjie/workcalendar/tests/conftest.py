"""Fixtures for the calendar's tests: the real notices of 2025 and 2026 (holiday-cn, MIT licence, see
data/LICENSE.txt) and small hand-made ones for years no notice covers yet."""

import json
from pathlib import Path

import pytest
from django.utils import timezone

DATA = Path(__file__).parent / "data"


def real_notice(year: int) -> bytes:
    return (DATA / f"{year}.json").read_bytes()


def notice_json(year: int, days: list[tuple[str, str, bool]],
                papers=("https://www.gov.cn/zhengce/example.htm",)) -> bytes:
    return json.dumps({"year": year, "papers": list(papers),
                       "days": [{"name": name, "date": day, "isOffDay": off} for name, day, off in days]},
                      ensure_ascii=False).encode()


# 2031 has no notice and is past the package: 国庆 on Wednesday 10-01, worked back on Sunday 09-28 and
# Saturday 10-11, as a notice for it would read.
NOTICE_2031 = [("国庆节", "2031-09-28", False)] + [("国庆节", f"2031-10-0{d}", True) for d in range(1, 8)] + [
    ("国庆节", "2031-10-11", False)]


@pytest.fixture
def notice_2031() -> bytes:
    return notice_json(2031, NOTICE_2031)


@pytest.fixture
def sys_admin(db):
    """The system administrator alone, for service and command tests: no password to hash."""
    from chengjie.accounts.models import User
    from chengjie.accounts.roles import Role
    from chengjie.core.testing import COUNTY

    return User.objects.create(username="sysadmin", full_name="系统管理员", role=Role.SYS_ADMIN, division_id=COUNTY,
                               password_changed_at=timezone.now())


