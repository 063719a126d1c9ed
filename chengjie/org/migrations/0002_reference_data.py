from django.db import migrations


def load(apps, schema_editor):
    from chengjie.org.refdata import load_reference_data

    load_reference_data(apps.get_model("org", "Division"), apps.get_model("org", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
