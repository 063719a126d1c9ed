from django.urls import path

from . import views

app_name = "importer"
urlpatterns = [
    path("", views.ledger_import, name="ledger_import"),
    path("<str:token>/rejects.xlsx", views.rejects_download, name="rejects_download"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
]
