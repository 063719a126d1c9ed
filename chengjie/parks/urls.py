from django.urls import path

from . import views

app_name = "parks"
urlpatterns = [
    path("", views.park_list, name="park_list"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
]
