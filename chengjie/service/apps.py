from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "chengjie.service"
    label = "service"
    verbose_name = "企业服务统计与企业视图"
