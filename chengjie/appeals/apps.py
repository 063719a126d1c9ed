from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "chengjie.appeals"
    label = "appeals"
    verbose_name = "诉求"
