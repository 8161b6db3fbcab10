"""Researchers' page of one response: its history, answer origins and queries; reopen, lock."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.manage.forms import LockForm, QueryResolveForm, ReasonForm
from results.manage.queries import raise_form
from survey.access import researcher_view
from survey.answering import history
from survey.answering.preloading import answer_origins
from survey.models import Response


@researcher_view
def response_detail(request, response):
    response = get_object_or_404(
        Response.objects.select_related("zone", "module__edition", "submitted_by"), pk=response
    )
    context = {
        "response": response,
        "history": history.response_history(response),
        "origins": answer_origins(response.module, [response])[response.pk],
        "queries": response.queries.select_related("item__technology", "raised_by"),
        "query_form": raise_form(response),
        "resolve_form": QueryResolveForm(),
        "reopen_form": ReasonForm(),
        "lock_form": LockForm(),
    }
    return render(request, "results/manage/response.html", context)


@researcher_view
@require_POST
def response_state(request, response, action):
    response = get_object_or_404(Response, pk=response)
    form = (ReasonForm if action == "reopen" else LockForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _("State the reason."))
    else:
        service = history.response_reopen if action == "reopen" else history.response_lock
        try:
            service(response=response, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The response was updated."))
        except history.ResponseStateError as exc:
            messages.error(request, str(exc))
    return redirect("results:response_detail", response=response.pk)
