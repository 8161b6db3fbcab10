from django.urls import path

from survey.accounts import colleague_views, privacy_views
from survey.accounts import views as account_views
from survey.answering import queries_views
from survey.answering import views as answering_views

answering = "zone/<str:zone>/<edition:edition>/<module:module>/"

urlpatterns = [
    path("", answering_views.home, name="home"),
    path("privacy/", privacy_views.privacy, name="privacy"),
    path("accounts/login/", account_views.sign_in, name="login"),
    path("accounts/logout/", account_views.sign_out, name="logout"),
    path("accounts/password-reset/", account_views.password_reset, name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        account_views.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        account_views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("zone/<str:zone>/colleagues/", colleague_views.colleague_list, name="zone_colleagues"),
    path(
        "zone/<str:zone>/colleagues/<int:pk>/revoke/",
        colleague_views.invitation_revoke,
        name="zone_invitation_revoke",
    ),
    path("zone/<str:zone>/queries/<int:query>/", queries_views.query_page, name="zone_query"),
    path(answering, answering_views.module_page, name="module_answer"),
    path(answering + "autosave/", answering_views.module_autosave, name="module_autosave"),
    path(answering + "review/", answering_views.module_review, name="module_review"),
    path(answering + "print/", answering_views.module_print, name="module_print"),
]
