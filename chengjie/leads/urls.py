from django.urls import path

from .views import leads, registries

app_name = "leads"
urlpatterns = [
    path("", leads.lead_list, name="lead_list"),
    path("new/", leads.lead_create, name="lead_create"),
    path("limits/", leads.step_limits, name="step_limits"),
    path("<int:pk>/", leads.lead_detail, name="lead_detail"),
    path("<int:pk>/edit/", leads.lead_edit, name="lead_edit"),
    path("<int:pk>/step/<str:to_step>/", leads.lead_step, name="lead_step"),
    path("<int:pk>/report/", leads.lead_report, name="lead_report"),
    path("<int:pk>/drop/", leads.lead_drop_view, name="lead_drop"),
    path("<int:pk>/convert/", leads.lead_convert_view, name="lead_convert"),
    path("referrers/", registries.referrer_list, name="referrer_list"),
    path("referrers/new/", registries.referrer_create, name="referrer_create"),
    path("referrers/<int:pk>/", registries.referrer_detail, name="referrer_detail"),
    path("referrers/<int:pk>/reveal/<str:field>/", registries.referrer_reveal_view, name="referrer_reveal"),
    path("agencies/", registries.agency_list, name="agency_list"),
    path("agencies/new/", registries.agency_create_view, name="agency_create"),
    path("agencies/<int:pk>/", registries.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", registries.agency_edit, name="agency_edit"),
]
