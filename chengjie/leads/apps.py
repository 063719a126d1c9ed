from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "chengjie.leads"
    label = "leads"
    verbose_name = "招商线索"
