"""ProjectTransfer moves here from the bulletins app: the model takes over the table bulletins 0001 made
(state only), then the table is renamed, so every transfer already recorded stays."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("bulletins", "0002_projecttransfer_to_projects"),
        ("org", "0002_reference_data"),
        ("projects", "0006_node_open_and_late_by_project"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="ProjectTransfer",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("moved_on", models.DateField(verbose_name="移交日期")),
                    ("reason", models.CharField(max_length=200, verbose_name="移交原因")),
                    ("recorded_at", models.DateTimeField(auto_now_add=True)),
                    ("from_unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                    to="org.unit", verbose_name="原引进单位")),
                    ("project", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                  related_name="transfers", to="projects.project")),
                    ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                      to=settings.AUTH_USER_MODEL)),
                    ("to_unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                  to="org.unit", verbose_name="移交给")),
                ],
                options={
                    "verbose_name": "项目移交",
                    "verbose_name_plural": "项目移交",
                    "ordering": ["project", "moved_on", "id"],
                    "db_table": "bulletins_projecttransfer",
                    "constraints": [models.CheckConstraint(condition=~models.Q(from_unit=models.F("to_unit")),
                                                           name="transfer_changes_unit")],
                },
            ),
        ]),
        # Back to the default name, projects_projecttransfer: the table is renamed with its rows.
        migrations.AlterModelTable(name="projecttransfer", table=None),
    ]
