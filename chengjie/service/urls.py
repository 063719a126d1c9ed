from django.urls import path

from . import views

app_name = "service"
urlpatterns = [
    path("stats/", views.stats_page, name="stats"),
    path("stats/export.xlsx", views.stats_export, name="stats_export"),
]
