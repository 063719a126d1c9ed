from django.urls import path

from . import views

app_name = "dispatch"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("settings/", views.settings_view, name="settings"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/generate/", views.agenda_generate, name="agenda_generate"),
    path("<int:pk>/items/new/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/items/<int:item_pk>/route/", views.agenda_route, name="agenda_route"),
    path("<int:pk>/record/", views.meeting_record, name="meeting_record"),
    path("<int:pk>/minutes.docx", views.meeting_minutes, name="meeting_minutes"),
    path("<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/report/", views.action_report, name="action_report"),
    path("actions/<int:pk>/close/", views.action_close, name="action_close"),
    path("actions/<int:pk>/return/", views.action_return, name="action_return"),
]
