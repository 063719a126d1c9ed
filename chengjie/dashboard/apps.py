from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "chengjie.dashboard"
    label = "dashboard"
    verbose_name = "领导驾驶舱"
