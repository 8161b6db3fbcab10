"""URL patterns of the researcher side: editions, questionnaire drafting and fieldwork.

Every path starts with `manage/`, apart from the statistics pages' `<edition>/<module>/`.
"""

from django.urls import path

from results.manage import editions as manage
from results.manage import fieldwork
from survey.accounts import two_factor_views as two_factor

E = "manage/editions/<edition:edition>/"
M = E + "modules/<module:module>/"

urlpatterns = [
    path("manage/", manage.manage_index, name="manage_index"),
    path(E, manage.edition_manage, name="edition_manage"),
    path(E + "status/", manage.edition_transition, name="edition_transition"),
    path(E + "copy/", manage.edition_copy, name="edition_copy"),
    path(E + "history/", manage.definition_history, name="definition_history"),
    path(E + "categories/add/", manage.category_edit, name="category_add"),
    path(E + "categories/<int:pk>/", manage.category_edit, name="category_edit"),
    path(M, manage.module_edit, name="module_edit"),
    path(M + "items/add/", manage.item_add, name="item_add"),
    path(M + "items/<int:pk>/", manage.item_edit, name="item_edit"),
    path(M + "items/<int:pk>/move/", manage.item_move, name="item_move"),
    path(M + "objectives/add/", manage.objective_edit, name="objective_add"),
    path(M + "objectives/<int:pk>/", manage.objective_edit, name="objective_edit"),
    path(M + "objectives/<int:pk>/move/", manage.objective_move, name="objective_move"),
    path(E + "fieldwork/", fieldwork.fieldwork_dashboard, name="fieldwork_dashboard"),
    path(E + "fieldwork.csv", fieldwork.fieldwork_csv, name="fieldwork_csv"),
    path(E + "campaigns/new/", fieldwork.campaign_new, name="campaign_new"),
    path("manage/campaigns/<int:pk>/", fieldwork.campaign_detail, name="campaign_detail"),
    path(
        "manage/campaigns/<int:pk>/retry/", fieldwork.campaign_retry_failed, name="campaign_retry"
    ),
    path("manage/email-templates/", fieldwork.email_template_list, name="email_template_list"),
    path(
        "manage/email-templates/<int:pk>/",
        fieldwork.email_template_edit,
        name="email_template_edit",
    ),
    path("manage/zones/", fieldwork.zone_list, name="zone_list"),
    path("manage/zones/import/", fieldwork.zone_import, name="zone_import"),
    path("manage/zones/<str:zone>/", fieldwork.zone_edit, name="zone_edit"),
    path("manage/responses/<int:response>/", fieldwork.response_detail, name="response_detail"),
    path(
        "manage/responses/<int:response>/reopen/",
        fieldwork.response_state,
        {"action": "reopen"},
        name="response_reopen",
    ),
    path(
        "manage/responses/<int:response>/lock/",
        fieldwork.response_state,
        {"action": "lock"},
        name="response_lock",
    ),
    path("manage/researchers/", fieldwork.researcher_list, name="researcher_list"),
    path("manage/researchers/<int:pk>/", fieldwork.researcher_toggle, name="researcher_toggle"),
    path("manage/2fa/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("manage/2fa/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
]
