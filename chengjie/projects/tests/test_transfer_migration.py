"""ProjectTransfer moved from the bulletins app to projects (bulletins 0002, projects 0007): a transfer
recorded in the old table is still there, whole, after the migrations, on SQLite and on PostgreSQL."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chengjie.projects.models import ProjectTransfer
from chengjie.projects.testing import make_project

BEFORE_THE_MOVE = [("bulletins", "0001_initial"), ("projects", "0006_node_open_and_late_by_project")]


@pytest.mark.django_db(transaction=True)
def test_a_transfer_in_the_bulletins_table_survives_the_move(cast):
    project = make_project(cast=cast, stage="signed", signed_on=date(2026, 3, 2))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps.get_model("bulletins", "ProjectTransfer")
    assert old._meta.db_table == "bulletins_projecttransfer"
    row = old.objects.create(project_id=project.pk, from_unit_id=cast.unit_a.pk, to_unit_id=cast.unit_b.pk,
                             moved_on=date(2026, 4, 1), reason="项目转由自然资源局包联服务", recorded_by_id=cast.bureau.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert "bulletins_projecttransfer" not in connection.introspection.table_names()
    moved = ProjectTransfer.objects.get()
    assert (moved.pk, moved.project, moved.from_unit, moved.to_unit, moved.moved_on, moved.reason,
            moved.recorded_by, moved.recorded_at) == (
        row.pk, project, cast.unit_a, cast.unit_b, date(2026, 4, 1), "项目转由自然资源局包联服务", cast.bureau,
        row.recorded_at)
    # The table goes on numbering after the rows it brought.
    assert ProjectTransfer.objects.create(project=project, from_unit=cast.unit_b, to_unit=cast.unit_a,
                                          moved_on=date(2026, 5, 1), reason="收回", recorded_by=cast.bureau).pk > row.pk
