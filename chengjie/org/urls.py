from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/export.xlsx", views.unit_export, name="unit_export"),
    path("units/new/", views.unit_create_view, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/active/", views.unit_set_active, name="unit_set_active"),
    path("industry-groups/", views.industry_group_list, name="industry_group_list"),
    path("industry-groups/new/", views.industry_group_create_view, name="industry_group_create"),
    path("industry-groups/<int:pk>/", views.industry_group_detail, name="industry_group_detail"),
    path("industry-groups/<int:pk>/edit/", views.industry_group_edit, name="industry_group_edit"),
    path("industry-groups/<int:pk>/active/", views.industry_group_set_active_view, name="industry_group_set_active"),
    path("industries/", views.industry_list, name="industry_list"),
    path("industries/<str:code>/", views.industry_detail, name="industry_detail"),
    path("divisions/", views.division_list, name="division_list"),
    path("divisions/<str:code>/", views.division_detail, name="division_detail"),
]
