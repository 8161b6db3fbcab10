"""URL patterns of the researcher side: editions, questionnaire drafting and fieldwork.

Every path starts with `manage/`, apart from the statistics pages' `<edition>/<module>/`.
"""

from django.urls import path

from results.manage import (
    campaigns,
    email_templates,
    fieldwork,
    quality,
    queries,
    researchers,
    responses,
    zones,
)
from results.manage import editions as manage
from results.manage import questions as question_pages
from survey.accounts import two_factor_views as two_factor

E = "manage/editions/<edition:edition>/"
M = E + "modules/<module:module>/"

urlpatterns = [
    path("manage/", manage.manage_index, name="manage_index"),
    path(E, manage.edition_manage, name="edition_manage"),
    path(E + "status/", manage.edition_transition, name="edition_transition"),
    path(E + "copy/", manage.edition_copy, name="edition_copy"),
    path(E + "preload/", manage.edition_preload, name="edition_preload"),
    path(E + "history/", manage.definition_history, name="definition_history"),
    path(E + "categories/add/", manage.category_edit, name="category_add"),
    path(E + "categories/<int:pk>/", manage.category_edit, name="category_edit"),
    path(M, manage.module_edit, name="module_edit"),
    path(E + "modules-add/", question_pages.module_add, name="module_add"),
    path(
        E + "modules-add/reference/",
        question_pages.reference_module_add,
        name="reference_module_add",
    ),
    path(
        E + "questionnaire.xlsx",
        question_pages.questionnaire_download,
        name="questionnaire_download",
    ),
    path(
        "manage/questionnaire-import/",
        question_pages.questionnaire_upload,
        name="questionnaire_upload",
    ),
    path(M + "questions/add/", question_pages.question_edit, name="question_add"),
    path(M + "questions/<int:pk>/", question_pages.question_edit, name="question_edit"),
    path(M + "questions/<int:pk>/remove/", question_pages.question_remove, name="question_remove"),
    path(M + "questions/<int:pk>/move/", question_pages.question_move, name="question_move"),
    path(M + "items/add/", manage.item_add, name="item_add"),
    path(M + "items/<int:pk>/", manage.item_edit, name="item_edit"),
    path(M + "items/<int:pk>/move/", manage.item_move, name="item_move"),
    path(M + "objectives/add/", manage.objective_edit, name="objective_add"),
    path(M + "objectives/<int:pk>/", manage.objective_edit, name="objective_edit"),
    path(M + "objectives/<int:pk>/move/", manage.objective_move, name="objective_move"),
    path(M + "quality/", quality.quality_page, name="quality"),
    path(M + "quality/<str:table>.csv", quality.quality_csv, name="quality_csv"),
    path(M + "quality/rules/", quality.implausible_rule_new, name="quality_rule_add"),
    path(
        M + "quality/rules/<int:pk>/delete/",
        quality.implausible_rule_remove,
        name="quality_rule_delete",
    ),
    path(E + "fieldwork/", fieldwork.fieldwork_dashboard, name="fieldwork_dashboard"),
    path(E + "fieldwork.csv", fieldwork.fieldwork_csv, name="fieldwork_csv"),
    path(E + "campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("manage/campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path(
        "manage/campaigns/<int:pk>/retry/", campaigns.campaign_retry_failed, name="campaign_retry"
    ),
    path(
        "manage/email-templates/", email_templates.email_template_list, name="email_template_list"
    ),
    path(
        "manage/email-templates/<int:pk>/",
        email_templates.email_template_edit,
        name="email_template_edit",
    ),
    path(
        "manage/email-templates/<int:pk>/preview/",
        email_templates.email_template_preview,
        name="email_template_preview",
    ),
    path(
        "manage/email-templates/<int:pk>/test/",
        email_templates.email_template_test,
        name="email_template_test",
    ),
    path("manage/zones/", zones.zone_list, name="zone_list"),
    path("manage/zones/import/", zones.zone_import, name="zone_import"),
    path("manage/zones/<str:zone>/", zones.zone_edit, name="zone_edit"),
    path("manage/responses/<int:response>/", responses.response_detail, name="response_detail"),
    path(
        "manage/responses/<int:response>/reopen/",
        responses.response_state,
        {"action": "reopen"},
        name="response_reopen",
    ),
    path(
        "manage/responses/<int:response>/lock/",
        responses.response_state,
        {"action": "lock"},
        name="response_lock",
    ),
    path("manage/responses/<int:response>/queries/", queries.query_new, name="query_new"),
    path(
        "manage/responses/<int:response>/queries/<int:query>/resolve/",
        queries.query_resolve,
        name="query_resolve",
    ),
    path("manage/researchers/", researchers.researcher_list, name="researcher_list"),
    path("manage/researchers/<int:pk>/", researchers.researcher_toggle, name="researcher_toggle"),
    path("manage/2fa/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("manage/2fa/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
]
