from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chengjie.core"
    label = "core"
    verbose_name = "核心"
