from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chengjie.audit"
    label = "audit"
    verbose_name = "审计"
