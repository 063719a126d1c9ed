from django.apps import AppConfig


class ParksConfig(AppConfig):
    name = "chengjie.parks"
    label = "parks"
    verbose_name = "园区与企业"
