from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:year>/", views.year, name="year"),
    path("import/", views.notice_import, name="notice_import"),
    path("day/", views.day_edit, name="day_edit"),
    path("day/revert/", views.day_revert, name="day_revert"),
]
