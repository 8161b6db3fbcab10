"""Researchers' page of one response: its history, answer origins and queries; reopen, lock."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.manage.forms import LockForm, QueryResolveForm, ReasonForm
from results.manage.queries import raise_form
from results.statistics.cache import rendered, with_csrf
from survey.access import researcher_view
from survey.answering import history
from survey.answering.preloading import answer_origins
from survey.models import Response


@researcher_view
def response_detail(request, response):
    """The answer origins, the queries, the query form (its items show each answer's code), the
    history and the reason form are rendered once per data version, language and history stamp
    (every change of a query records an event, so the stamp follows the queries too), without
    the request: read only when rendered. The queries' forms get this request's CSRF token."""
    response = get_object_or_404(
        Response.objects.select_related("zone", "module__edition", "submitted_by"), pk=response
    )
    reason_form = ReasonForm if response.is_submitted else LockForm
    fragments = {
        "origins": (
            "results/manage/_answer_origins.html",
            lambda: {"origins": answer_origins(response.module, [response])[response.pk]},
        ),
        "queries": (
            "results/manage/_query_list.html",
            lambda: {
                "response": response,
                "queries": response.queries.select_related("item__technology", "raised_by"),
                "resolve_form": QueryResolveForm(),
            },
        ),
        "query_form": ("results/manage/_crispy_form.html", lambda: {"form": raise_form(response)}),
        "history": (
            "results/manage/_response_history.html",
            lambda: {"history": history.response_history(response)},
        ),
        "reason_form": ("results/manage/_crispy_form.html", lambda: {"form": reason_form()}),
    }
    fragments = rendered(
        "response",
        response.pk,
        response.is_submitted,
        history.history_stamp(response),
        fragments=fragments,
    )
    fragments["queries"] = with_csrf(fragments["queries"], request)
    return render(
        request, "results/manage/response.html", {"response": response, "fragments": fragments}
    )


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
