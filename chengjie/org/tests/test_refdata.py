import pytest
from django.core.management import call_command

from chengjie.audit.models import AuditEvent
from chengjie.org.models import Division, Industry

pytestmark = pytest.mark.django_db


def test_shipped_tables_are_loaded_by_the_migration():
    assert Division.objects.filter(level=Division.Level.PROVINCE).count() == 31
    assert Division.objects.get(code="340882").name == "潜山市"
    assert Division.objects.filter(parent_id="340882").count() == 18
    assert Division.objects.filter(code__startswith="3408", level=Division.Level.TOWNSHIP).count() == 168
    assert Industry.objects.filter(level=Industry.Level.SECTION).count() == 20
    assert Industry.objects.get(code="4111").parent_id == "411"


def test_refdata_restores_names_adds_missing_codes_and_deletes_nothing(capsys):
    Division.objects.filter(code="340882101").update(name="旧名")
    Division.objects.create(code="340882999", name="本地增补", level=Division.Level.TOWNSHIP, parent_id="340882")
    Industry.objects.filter(code="4119").delete()
    call_command("refdata")
    assert Division.objects.get(code="340882101").name == "源潭镇"
    assert Division.objects.filter(code="340882999").exists()
    assert Industry.objects.filter(code="4119").exists()
    assert "行业代码新增 1 个" in capsys.readouterr().out
    event = AuditEvent.objects.get(event="refdata.loaded")
    assert event.after == {"new_divisions": 0, "new_industries": 1} and event.channel == "cli"
