from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """The ledger importer is an app of its own only so that its pages' templates load from here."""

    name = "chengjie.projects.importer"
    label = "projects_importer"
    verbose_name = "项目台账导入"
