from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from chengjie.core.access import AUTHENTICATED

app_name = "api"


class OpenApiView(SpectacularAPIView):
    access_rule = AUTHENTICATED


urlpatterns = [
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
]
