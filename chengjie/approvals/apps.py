from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "chengjie.approvals"
    label = "approvals"
    verbose_name = "审批服务"
