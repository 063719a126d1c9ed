from django.urls import include, path

from .views import detail, duplicates, listing, nodes, plans, signing, tasks, template_views, transfers

app_name = "projects"
urlpatterns = [
    path("", listing.project_list, name="project_list"),
    path("export.xlsx", listing.project_export, name="project_export"),
    path("new/", signing.project_sign_view, name="project_sign"),
    path("tasks/", tasks.my_tasks, name="my_tasks"),
    path("duplicates/", duplicates.duplicate_list, name="duplicate_list"),
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("import/", include("chengjie.projects.importer.urls")),
    path("<int:pk>/", detail.project_detail, name="project_detail"),
    path("<int:pk>/figures/", detail.figure_set, name="figure_set"),
    path("<int:pk>/stats/", detail.stats_registration, name="stats_registration"),
    path("<int:pk>/duplicate/", detail.duplicate_resolve, name="duplicate_resolve"),
    path("<int:pk>/transfer/", transfers.project_transfer_view, name="project_transfer"),
    path("<int:pk>/plan/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/plan/change/", plans.change_request, name="change_request"),
    path("plans/<int:pk>/", plans.version_review, name="version_review"),
    path("plans/<int:pk>/decide/", plans.version_decide, name="version_decide"),
    path("nodes/<int:pk>/", nodes.node_detail, name="node_detail"),
    path("nodes/<int:pk>/confirm/", nodes.node_confirm_view, name="node_confirm"),
    path("nodes/<int:pk>/return/", nodes.node_return_view, name="node_return"),
    path("nodes/<int:pk>/assign/", nodes.node_assign_view, name="node_assign"),
    path("evidence/<int:pk>/", nodes.evidence_file, name="evidence_file"),
    path("templates/", template_views.template_list, name="template_list"),
    path("templates/<int:pk>/", template_views.template_detail, name="template_detail"),
    path("templates/<int:pk>/edit/", template_views.template_edit, name="template_edit"),
    path("templates/<int:pk>/copy/", template_views.template_copy, name="template_copy"),
]
