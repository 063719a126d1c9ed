"""insert_rows and reserve_ids: what a ledger import and the sweep write with them reads back as written,
on SQLite and on PostgreSQL."""

from datetime import date

import pytest
from django.utils import timezone

from chengjie.core.bulk import insert_rows, reserve_ids
from chengjie.org.models import IndustryGroup
from chengjie.projects.models import Node
from chengjie.projects.services.summary import keep_project_summary
from chengjie.projects.testing import make_project

pytestmark = pytest.mark.django_db


def test_reserved_ids_are_never_given_again_even_after_a_deletion(cast):
    kept = IndustryGroup.objects.create(name="轻工制刷", division_id="340882")
    gone = IndustryGroup.objects.create(name="医药化工", division_id="340882").pk
    IndustryGroup.objects.filter(pk=gone).delete()
    ids = reserve_ids(IndustryGroup, 3)
    assert len(ids) == 3 and len(set(ids)) == 3 and min(ids) > gone > kept.pk
    insert_rows(IndustryGroup, ["id", "name", "division_id", "is_active"], [(pk, f"组{pk}", "340882", True) for pk in ids])
    assert IndustryGroup.objects.create(name="新材料", division_id="340882").pk > max(ids)


def test_rows_read_back_as_written_dates_times_and_json_included(cast):
    project = make_project(cast=cast)
    entered = timezone.now().replace(microsecond=0)
    rows = ((project.pk, f"k{i}", "节点", 90 + i, "", cast.unit_a.pk, ["用地批复", "不动产权证"], date(2026, 3, i + 1), entered)
            for i in range(2))
    insert_rows(Node, ["project_id", "key", "name", "order", "milestone", "responsible_unit_id", "required_evidence", "planned_date",
                       "actual_entered_at"], rows)
    written = list(Node.objects.filter(project=project, key__startswith="k").order_by("order"))
    assert [(n.key, n.required_evidence, n.planned_date, n.actual_entered_at) for n in written] == [
        ("k0", ["用地批复", "不动产权证"], date(2026, 3, 1), entered),
        ("k1", ["用地批复", "不动产权证"], date(2026, 3, 2), entered)]
    keep_project_summary(project)  # nodes written as bare rows: the project's summary follows them by hand


def test_no_rows_write_nothing(cast):
    insert_rows(Node, ["project_id"], iter(()))
    assert not Node.objects.exists()
