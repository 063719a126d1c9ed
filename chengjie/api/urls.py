from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("me", views.MeView.as_view(), name="me"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
