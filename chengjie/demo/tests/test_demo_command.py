"""`chengjie demo` on a database without the demo county: it loads once and then says so, leaves a county
that has units of its own alone, and loads nothing when one of its usernames is taken. (Apart from
test_demo_load.py, whose tests share one loaded county.)"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chengjie.accounts.roles import Role
from chengjie.audit.models import AuditEvent
from chengjie.demo.data.units import COUNTY
from chengjie.org.models import IndustryGroup, Unit

pytestmark = pytest.mark.django_db


def test_if_empty_loads_once_then_reports_it_is_loaded(db):
    county_units = Unit.objects.filter(division__code__startswith=COUNTY)
    first, second = StringIO(), StringIO()
    call_command("demo", "--if-empty", stdout=first)
    units, rows = county_units.count(), AuditEvent.objects.count()
    call_command("demo", "--if-empty", stdout=second)
    assert "县直单位 70 个、二级机构 135 个" in first.getvalue()
    assert "演示数据已加载" in second.getvalue()
    assert (county_units.count(), AuditEvent.objects.count()) == (units, rows)
    assert AuditEvent.objects.filter(event="demo.loaded").count() == 1


def test_a_county_with_its_own_units_is_not_touched(cast):
    with pytest.raises(CommandError, match="演示数据只加载到没有单位的县"):
        call_command("demo")
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "已加载" in out.getvalue()
    assert not IndustryGroup.objects.exists()


def test_a_taken_demo_username_rolls_everything_back(db):
    from chengjie.core.testing import make_user

    make_user("leader3", role=Role.LEADER)
    with pytest.raises(CommandError, match="leader3"):
        call_command("demo")
    assert not Unit.objects.filter(division__code__startswith=COUNTY).exists()
    assert not AuditEvent.objects.filter(event="demo.loaded").exists()

