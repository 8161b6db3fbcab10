"""URL patterns of the API tokens page (researcher side, under /results/)."""

from django.urls import path

from . import token_views

urlpatterns = [
    path("api-tokens/", token_views.api_tokens, name="api_tokens"),
    path("api-tokens/revoke/", token_views.api_token_revoke, name="api_token_revoke"),
]
