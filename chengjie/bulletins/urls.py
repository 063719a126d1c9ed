from django.urls import path, register_converter

from . import setup_views, views


class PeriodConverter:
    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class FileConverter:
    regex = "document|annex"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PeriodConverter, "period")
register_converter(FileConverter, "file")

app_name = "bulletins"
urlpatterns = [
    path("", views.bulletin_index, name="index"),
    path("preview/<period:period>/", views.bulletin_preview_view, name="preview"),
    path("preview/<period:period>/publish/", views.bulletin_publish_view, name="publish"),
    path("preview/<period:period>/<file:kind>/", views.preview_file, name="preview_file"),
    path("preview/<period:period>/rows/<str:key>/", views.preview_rows, name="preview_rows"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
    path("<int:pk>/<file:kind>/", views.bulletin_file, name="file"),
    path("<int:pk>/rows/<str:key>/", views.bulletin_rows, name="rows"),
    path("targets/", setup_views.targets_page, name="targets"),
    path("settings/", setup_views.settings_page, name="settings"),
]
