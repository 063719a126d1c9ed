from django.urls import path

from .views import appeals, handling, setup

app_name = "appeals"
urlpatterns = [
    path("", appeals.appeal_list, name="appeal_list"),
    path("new/", appeals.appeal_file_view, name="appeal_file"),
    path("hotline/new/", appeals.appeal_register_view, name="appeal_register"),
    path("<int:pk>/", appeals.appeal_detail, name="appeal_detail"),
    path("<int:pk>/reveal/<str:field>/", appeals.appeal_reveal_view, name="appeal_reveal"),
    path("<int:pk>/route/", handling.appeal_route_view, name="appeal_route"),
    path("<int:pk>/complex/", handling.appeal_complex_view, name="appeal_complex"),
    path("<int:pk>/accept/", handling.appeal_accept_view, name="appeal_accept"),
    path("<int:pk>/return/", handling.appeal_return_view, name="appeal_return"),
    path("<int:pk>/reply/", handling.appeal_reply_view, name="appeal_reply"),
    path("<int:pk>/close/", handling.appeal_close_view, name="appeal_close"),
    path("<int:pk>/rate/", handling.appeal_rate_view, name="appeal_rate"),
    path("attachments/<int:pk>/", appeals.attachment_file, name="attachment_file"),
    path("import/", setup.import_view, name="import"),
    path("import/<int:pk>/rejects.xlsx", setup.import_rejects, name="import_rejects"),
    path("categories/", setup.category_list, name="category_list"),
    path("categories/new/", setup.category_create, name="category_create"),
    path("categories/<int:pk>/", setup.category_edit, name="category_edit"),
]
