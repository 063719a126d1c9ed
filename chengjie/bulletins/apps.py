from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "chengjie.bulletins"
    label = "bulletins"
    verbose_name = "月通报"
