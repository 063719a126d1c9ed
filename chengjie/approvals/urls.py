from django.urls import path

from .views import authorisations, matters, oversight, requests

app_name = "approvals"
urlpatterns = [
    path("", requests.request_list, name="request_list"),
    path("<int:pk>/", requests.request_detail, name="request_detail"),
    path("<int:pk>/accept/", requests.request_accept_view, name="request_accept"),
    path("<int:pk>/return/", requests.request_return_view, name="request_return"),
    path("<int:pk>/resubmit/", requests.request_resubmit_view, name="request_resubmit"),
    path("<int:pk>/stop/", requests.request_stop_view, name="request_stop"),
    path("<int:pk>/resume/", requests.request_resume_view, name="request_resume"),
    path("<int:pk>/decide/", requests.request_decide_view, name="request_decide"),
    path("files/<int:pk>/", requests.request_file_download, name="request_file"),
    path("tasks/", oversight.document_tasks, name="document_tasks"),
    path("defaults/", oversight.default_lists, name="default_lists"),
    path("matters/", matters.matter_list, name="matter_list"),
    path("matters/new/", matters.matter_create_view, name="matter_create"),
    path("matters/<int:pk>/", matters.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/edit/", matters.matter_edit, name="matter_edit"),
    path("matters/<int:pk>/status/", matters.matter_status, name="matter_status"),
    path("matters/<int:matter_pk>/file/", requests.request_create, name="request_create"),
    path("authorisations/", authorisations.authorisation_list, name="authorisation_list"),
    path("authorisations/new/", authorisations.authorisation_create, name="authorisation_create"),
    path("authorisations/<int:pk>/letter/", authorisations.authorisation_letter, name="authorisation_letter"),
    path("authorisations/<int:pk>/revoke/", authorisations.authorisation_revoke_view, name="authorisation_revoke"),
]
