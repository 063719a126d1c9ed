from django.db import migrations


def install(apps, schema_editor):
    from chengjie.supervision.presets import install_presets

    install_presets(apps.get_model("supervision", "WarningPreset"))


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_notice_numbering_and_defaults")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
