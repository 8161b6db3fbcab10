"""Researchers' personal API tokens: make one (shown once), see them, revoke one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from survey.access import researcher_view

from . import tokens
from .forms import ApiTokenForm


@researcher_view
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = tokens.api_token_create(user=request.user, **form.cleaned_data)
        except tokens.TokenRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            form = ApiTokenForm()
    response = render(
        request,
        "results/api_tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "may_hold": tokens.may_hold_tokens(request.user),
            "tokens": tokens.tokens_of(request.user),
        },
    )
    response["Cache-Control"] = "no-store, private"  # the page may show a new token
    return response


@researcher_view
@require_POST
def api_token_revoke(request):
    pk = request.POST.get("token", "")
    token = get_object_or_404(tokens.tokens_of(request.user), pk=int(pk) if pk.isdigit() else 0)
    tokens.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("results:api_tokens")
