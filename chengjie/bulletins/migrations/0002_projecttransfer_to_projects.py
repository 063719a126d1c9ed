"""ProjectTransfer moves to the projects app: here it only leaves this app's state. Its table and rows stay;
projects 0007 takes the model over and renames the table."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("bulletins", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ProjectTransfer")]),
    ]
