from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("new/", views.inspection_register_view, name="inspection_register"),
    path("report/", views.inspection_report_view, name="inspection_report"),
    path("flags/", views.flags, name="flags"),
    path("limit/", views.limit_edit, name="limit_edit"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/confirm/", views.inspection_confirm_view, name="inspection_confirm"),
    path("<int:pk>/cancel/", views.inspection_cancel_view, name="inspection_cancel"),
]
