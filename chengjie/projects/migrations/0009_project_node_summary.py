"""The deadline rule's facts about each project's nodes, kept on the project (services/summary.py), filled
here from the nodes already written."""

from django.db import migrations, models

# Frozen here rather than calling services/summary.py, which follows the models of today.
FILL = """
UPDATE projects_project SET
  open_nodes = (SELECT COUNT(*) FROM projects_node n WHERE n.project_id = projects_project.id
                AND n.actual_date IS NULL),
  done_nodes = (SELECT COUNT(*) FROM projects_node n WHERE n.project_id = projects_project.id
                AND n.actual_date IS NOT NULL),
  late_nodes = (SELECT COUNT(*) FROM projects_node n WHERE n.project_id = projects_project.id
                AND n.actual_date > n.planned_date),
  next_due_on = (SELECT MIN(n.planned_date) FROM projects_node n WHERE n.project_id = projects_project.id
                 AND n.actual_date IS NULL)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0008_projecttransfer_nodes"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="done_nodes",
            field=models.PositiveIntegerField(default=0, verbose_name="已完成节点数"),
        ),
        migrations.AddField(
            model_name="project",
            name="late_nodes",
            field=models.PositiveIntegerField(default=0, verbose_name="逾期完成节点数"),
        ),
        migrations.AddField(
            model_name="project",
            name="next_due_on",
            field=models.DateField(blank=True, null=True, verbose_name="最近计划日期（未完成节点）"),
        ),
        migrations.AddField(
            model_name="project",
            name="open_nodes",
            field=models.PositiveIntegerField(default=0, verbose_name="未完成节点数"),
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop, elidable=True),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(condition=models.Q(("late_nodes", 0), ("open_nodes", 0)), fields=["-signed_on", "-id"],
                               name="project_finished_on_time_idx"),
        ),
    ]
