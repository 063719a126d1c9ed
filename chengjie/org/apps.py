from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "chengjie.org"
    label = "org"
    verbose_name = "组织"
