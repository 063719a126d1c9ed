from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chengjie.api"
    label = "api"
    verbose_name = "API"
