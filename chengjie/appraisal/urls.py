from django.urls import path

from . import views

app_name = "appraisal"
urlpatterns = [
    path("", views.appraisal_list, name="appraisal_list"),
    path("new/", views.appraisal_create, name="create"),
    path("<int:pk>/", views.appraisal_detail, name="detail"),
    path("<int:pk>/rule/", views.rule_set, name="rule_set"),
    path("<int:pk>/picks/by-rule/", views.pick_by_rule, name="pick_by_rule"),
    path("<int:pk>/picks/new/", views.pick_add, name="pick_add"),
    path("<int:pk>/picks/<int:pick_pk>/move/", views.pick_move, name="pick_move"),
    path("<int:pk>/picks/<int:pick_pk>/remove/", views.pick_remove, name="pick_remove"),
    path("<int:pk>/criteria/", views.criteria_edit, name="criteria"),
    path("<int:pk>/appraisers/", views.appraisers_edit, name="appraisers"),
    path("<int:pk>/open/", views.scoring_open, name="scoring_open"),
    path("<int:pk>/close/", views.scoring_close, name="scoring_close"),
    path("<int:pk>/sheets/<int:sheet_pk>/", views.sheet_view, name="sheet"),
    path("<int:pk>/sheets/<int:sheet_pk>/projects/<int:pick_pk>/", views.score_view, name="score"),
    path("<int:pk>/results/", views.results_view, name="results"),
    path("<int:pk>/results.docx", views.results_docx, name="results_docx"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
]
