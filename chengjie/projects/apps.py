from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "chengjie.projects"
    label = "projects"
    verbose_name = "招商项目"
