from django.urls import path

from . import views

app_name = "parks"
urlpatterns = [
    path("", views.park_list, name="park_list"),
    path("export.xlsx", views.park_export, name="park_export"),
    path("new/", views.park_create_view, name="park_create"),
    path("<int:pk>/", views.park_detail, name="park_detail"),
    path("<int:pk>/edit/", views.park_edit, name="park_edit"),
    path("<int:pk>/disable/", views.park_disable_view, name="park_disable"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/export.xlsx", views.enterprise_export, name="enterprise_export"),
    path("enterprises/new/", views.enterprise_create_view, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/disable/", views.enterprise_disable_view, name="enterprise_disable"),
    path("enterprises/<int:pk>/reveal/<str:field>/", views.enterprise_reveal, name="enterprise_reveal"),
]
