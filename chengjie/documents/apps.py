from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "chengjie.documents"
    label = "documents"
    verbose_name = "公文与报表输出"
