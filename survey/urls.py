from django.urls import path

from . import views
from .views import queries

answering = "zone/<str:zone>/<str:edition>/<str:module>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.sign_in, name="login"),
    path("accounts/logout/", views.sign_out, name="logout"),
    path("accounts/password-reset/", views.password_reset, name="password_reset"),
    path("accounts/password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("zone/<str:zone>/colleagues/", views.colleagues, name="zone_colleagues"),
    path(
        "zone/<str:zone>/colleagues/<int:pk>/revoke/",
        views.invitation_revoke,
        name="zone_invitation_revoke",
    ),
    path("zone/<str:zone>/queries/<int:query>/", queries.query_page, name="zone_query"),
    path(answering, views.module_page, name="module_answer"),
    path(answering + "autosave/", views.module_autosave, name="module_autosave"),
    path(answering + "review/", views.module_review, name="module_review"),
    path(answering + "print/", views.module_print, name="module_print"),
]
