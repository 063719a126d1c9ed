from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "chengjie.appraisal"
    label = "appraisal"
    verbose_name = "半年观摩"
