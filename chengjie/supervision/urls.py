from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/answer/", views.notice_answer, name="notice_answer"),
    path("notices/<int:pk>/close/", views.notice_close, name="notice_close"),
    path("notices/<int:pk>/route/", views.notice_route, name="notice_route"),
    path("warnings/", views.warning_list, name="warning_list"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/presets/new/", views.preset_create, name="preset_create"),
]
