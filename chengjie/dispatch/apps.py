from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "chengjie.dispatch"
    label = "dispatch"
    verbose_name = "季度调度"
