from django.urls import include, path

from chengjie.org.api import router as org_router
from chengjie.parks.api import router as parks_router
from chengjie.projects.api import router as projects_router

from . import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("me", views.MeView.as_view(), name="me"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("", include(org_router.urls)),
    path("", include(parks_router.urls)),
    path("", include("chengjie.leads.api")),
    path("", include("chengjie.inspections.api")),
    path("", include("chengjie.approvals.api")),
    path("", include(projects_router.urls)),
    path("", include("chengjie.supervision.api")),
    path("", include("chengjie.appeals.api")),
]
