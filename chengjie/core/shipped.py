"""Data that ships with chengjie — divisions, industries, node templates, warning presets — loaded by
data migrations. Every loader is idempotent (adds what is missing, deletes nothing), so this one list can
restore them anywhere they went missing: the test suite calls it after a transactional test's flush."""

from django.apps import apps


def load_shipped_data() -> None:
    from chengjie.org.refdata import load_reference_data
    from chengjie.projects.template_data import load_shipped_templates
    from chengjie.supervision.presets import install_presets

    load_reference_data(apps.get_model("org", "Division"), apps.get_model("org", "Industry"))
    load_shipped_templates(apps.get_model("projects", "NodeTemplate"), apps.get_model("projects", "NodeTemplateItem"))
    install_presets(apps.get_model("supervision", "WarningPreset"))


def restore_shipped_data() -> None:
    """Load the shipped data if a flush emptied the tables. The test suite asks before every database
    test, so one row stands for all of it and the load runs only after a flush."""
    if not apps.get_model("org", "Division").objects.filter(code="34").exists():
        load_shipped_data()
