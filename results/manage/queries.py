"""Researchers raise a query on one answer of a response and resolve it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from results.manage.forms import QueryRaiseForm, QueryResolveForm
from survey.access import researcher_view
from survey.answering import queries
from survey.models import Answer, AnswerQuery, Item, Response


def raise_form(response, data=None) -> QueryRaiseForm:
    items = list(
        Item.objects.filter(module_id=response.module_id)
        .select_related("technology")
        .in_questionnaire_order()
    )
    answers = dict(Answer.objects.filter(response=response).values_list("item_id", "code"))
    return QueryRaiseForm(data, items=items, answers=answers)


def _report(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@researcher_view
@require_POST
def query_new(request, response):
    response = get_object_or_404(Response, pk=response)
    form = raise_form(response, request.POST)
    if not form.is_valid():
        _report(request, form)
    else:
        try:
            queries.query_raise(
                response=response,
                item=form.cleaned_data["item"],
                text=form.cleaned_data["text"],
                by=request.user,
                reopen=form.cleaned_data["reopen"],
            )
            messages.success(request, _("The query was sent to the zone."))
        except queries.QueryRefused as exc:
            messages.error(request, str(exc))
    return redirect("results:response_detail", response=response.pk)


@researcher_view
@require_POST
def query_resolve(request, response, query):
    query = get_object_or_404(AnswerQuery, pk=query, response_id=response)
    form = QueryResolveForm(request.POST)
    if not form.is_valid():
        _report(request, form)
    else:
        try:
            queries.query_resolve(
                query=query,
                by=request.user,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
                code=form.cleaned_data["code"],
            )
            messages.success(request, _("The query was resolved."))
        except queries.QueryRefused as exc:
            messages.error(request, str(exc))
    return redirect("results:response_detail", response=query.response_id)
