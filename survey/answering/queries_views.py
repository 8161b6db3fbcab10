"""A zone's view of a researcher's query about one of its answers, and its reply."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from survey.access import membership_or_404, responses_for, zone_view
from survey.answering import queries
from survey.answering.sheet_definition import module_definition
from survey.models import Answer, AnswerQuery


class QueryReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("Your reply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


def zone_query_or_404(user, zone, pk) -> AnswerQuery:
    """A query on a response of one of the user's zones; anything else is a 404."""
    return get_object_or_404(
        AnswerQuery.objects.filter(
            response__in=responses_for(user), response__zone=zone
        ).select_related("item__technology", "response__module__edition", "response__zone"),
        pk=pk,
    )


@zone_view
def query_page(request, zone, query):
    zone = membership_or_404(request.user, zone).zone
    query = zone_query_or_404(request.user, zone, query)
    module = query.response.module
    form = QueryReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            queries.query_reply(query=query, by=request.user, text=form.cleaned_data["reply"])
        except queries.QueryRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you: your reply was sent to the research team."))
            return redirect(
                reverse("module_answer", args=[zone.code, module.edition.code, module.kind])
                + f"#query-{query.pk}"
            )
    code = (
        Answer.objects.filter(response=query.response, item=query.item)
        .values_list("code", flat=True)
        .first()
    )
    label = None
    if code is not None:
        label = module_definition(module).point_labels().get(code, str(code))
    context = {
        "zone": zone,
        "module": module,
        "query": query,
        "answer_label": label,
        "form": form,
        "can_reply": queries.can_reply(query),
    }
    return render(request, "survey/query.html", context)
