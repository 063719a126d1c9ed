from django.urls import include, path

urlpatterns = [
    path("", include("chengjie.core.urls")),
    path("accounts/", include("chengjie.accounts.urls")),
    path("org/", include("chengjie.org.urls")),
    path("parks/", include("chengjie.parks.urls")),
    path("calendar/", include("chengjie.workcalendar.urls")),
    path("notifications/", include("chengjie.notifications.urls")),
    path("audit/", include("chengjie.audit.urls")),
    path("api/", include("chengjie.api.urls")),
    path("supervision/", include("chengjie.supervision.urls")),
    path("leads/", include("chengjie.leads.urls")),
    path("projects/", include("chengjie.projects.urls")),
    path("inspections/", include("chengjie.inspections.urls")),
    path("approvals/", include("chengjie.approvals.urls")),
    path("service/", include("chengjie.service.urls")),
    path("appeals/", include("chengjie.appeals.urls")),
    path("dispatch/", include("chengjie.dispatch.urls")),
    path("appraisal/", include("chengjie.appraisal.urls")),
    path("bulletins/", include("chengjie.bulletins.urls")),
    path("dashboard/", include("chengjie.dashboard.urls")),
]

handler400 = "chengjie.core.errors_views.bad_request"
handler403 = "chengjie.core.errors_views.permission_denied"
handler404 = "chengjie.core.errors_views.page_not_found"
handler500 = "chengjie.core.errors_views.server_error"
