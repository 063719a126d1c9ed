from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "chengjie.supervision"
    label = "supervision"
    verbose_name = "预警与督办"
