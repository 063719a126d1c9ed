from django.db import migrations


def load(apps, schema_editor):
    from chengjie.projects.template_data import load_shipped_templates

    load_shipped_templates(apps.get_model("projects", "NodeTemplate"), apps.get_model("projects", "NodeTemplateItem"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_template_default_and_authorship")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
