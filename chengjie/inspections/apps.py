from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "chengjie.inspections"
    label = "inspections"
    verbose_name = "涉企检查"
