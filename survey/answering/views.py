"""Home page of a zone, answering a module, autosave, review and submit, printing."""

from functools import wraps

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from survey.access import (
    is_chief_of,
    is_researcher,
    responses_for,
    signed_in_view,
    zone_for_user_or_404,
    zone_view,
    zones_for,
)
from survey.answering import question_views
from survey.answering.answers import (
    AnswersRefused,
    answers_save_starting,
    response_get_or_start,
    response_submit,
)
from survey.answering.forms import (
    AnswerSheetForm,
    AutosaveUnreadable,
    Sheet,
    SubmitForm,
    autosave_payload,
    changes_from_post,
    sheet_html,
)
from survey.answering.preloading_views import confirm_posted
from survey.answering.queries_views import open_queries
from survey.answering.query_render import sheet_notes
from survey.answering.summaries import category_summary, edition_progress, role_summary
from survey.models import AnswerQuery, Edition, Module, Response

AUTOSAVE_TEXTS = {
    "saving": gettext_lazy("Saving…"),
    "saved": gettext_lazy("All changes saved"),
    "conflict": gettext_lazy("Not saved: changed elsewhere, see the highlighted question"),
    "offline": gettext_lazy("Offline: your changes will be saved when the connection is back"),
    "signedout": gettext_lazy(
        "You were signed out: sign in again in another tab, then change an answer to save"
    ),
    "error": gettext_lazy("Not saved"),
}
VISIBLE = [Edition.Status.OPEN, Edition.Status.CLOSED, Edition.Status.ARCHIVED]


def answering(request, zone, edition, module):
    """The zone (a membership of the user), the module of a visible edition for that zone's
    region, and the zone's response if started. Anything else is a 404."""
    zone = zone_for_user_or_404(request.user, zone)
    module = get_object_or_404(
        Module.objects.select_related("edition").filter(edition__status__in=VISIBLE),
        edition__code=edition,
        kind=module,
    )
    if zone.region not in module.edition.regions:
        raise Http404
    response = (
        responses_for(request.user)
        .filter(zone=zone, module=module)
        .annotate(has_queries=Exists(AnswerQuery.objects.filter(response=OuterRef("pk"))))
        .first()
    )
    return zone, module, response


def is_editable(module, response) -> bool:
    return module.edition.is_open and not (response and response.is_submitted)


def module_url(name, zone, module):
    return reverse(name, args=[zone.code, module.edition.code, module.kind])


@signed_in_view
def home(request):
    zones = list(zones_for(request.user).order_by("code"))
    if not zones and is_researcher(request.user):
        # A researcher or administrator with no zone of their own starts at their pages.
        return redirect("results:index")
    open_modules = list(
        Module.objects.filter(
            edition__status=Edition.Status.OPEN, edition__in=Edition.objects.listable()
        )
        .select_related("edition")
        .order_by("edition__fieldwork_start", "order")
    )
    cards = []
    for zone in zones:
        modules = [m for m in open_modules if zone.region in m.edition.regions]
        earlier = list(
            Response.objects.for_zone(zone)
            .submitted()
            .exclude(module__edition__status__in=[Edition.Status.OPEN, Edition.Status.DRAFT])
            .filter(module__edition__in=Edition.objects.listable())
            .select_related("module__edition")
            .order_by("-module__edition__fieldwork_start", "module__order")
        )
        cards.append(
            {
                "queries": open_queries(zone),
                "zone": zone,
                "is_chief": is_chief_of(request.user, zone),
                "modules": edition_progress(zone, modules),
                "earlier": earlier,
                "has_reports": any(r.module.edition.reports_released_at for r in earlier),
            }
        )
    return render(
        request,
        "survey/home.html",
        {"cards": cards, "is_researcher": is_researcher(request.user)},
    )


PENDING = "pending_answers"


def keep_answers_across_sign_in(view):
    """Without JavaScript, a Save after the session expired would lose the page's answers:
    keep them in the (anonymous) session, which survives signing in, and save them on return.
    CSRF protection still applies to the post, and the save goes through the usual checks."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            request.session[PENDING] = {
                "path": request.path,
                "data": {
                    key: request.POST.getlist(key) if key.startswith("q-") else value
                    for key, value in request.POST.items()
                    if key == "base" or key.startswith(("item-", "role-", "q-"))
                },
            }
        return view(request, *args, **kwargs)

    wrapped.access_rule = view.access_rule
    return wrapped


def pending_answers(request):
    """Answers posted while signed out (see keep_answers_across_sign_in), once."""
    pending = request.session.get(PENDING)
    if not pending or pending["path"] != request.path:
        return None
    del request.session[PENDING]
    messages.info(request, _("The answers you saved before signing in again are kept."))
    return pending["data"]


def save_sheet(request, zone, module, response, form):
    """Save the form's changes; the response saved to, or None (messages say why)."""
    if not form.is_valid():
        return None
    try:
        response, result = answers_save_starting(
            zone=zone, module=module, response=response, user=request.user, changes=form.changes()
        )
    except AnswersRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
        return None
    for conflict in result.conflicts:
        messages.warning(request, conflict.message)
    messages.success(request, _("Your answers have been saved."))
    return response


def with_cleared_answer(data):
    """The posted answers with the one whose Clear button was pressed (`clear=<field>`, the
    way to take an answer back without JavaScript) set to no answer; and that field's name."""
    key = data.get("clear", "") if data is not None else ""
    if not key.startswith(("item-", "role-")):
        return data, ""
    data = data.copy()
    data[key] = ""
    return data, key


@keep_answers_across_sign_in
@zone_view
def module_page(request, zone, edition, module):
    zone, module, response = answering(request, zone, edition, module)
    editable = is_editable(module, response)
    data = request.POST if request.method == "POST" else pending_answers(request)
    if data is not None and not editable:
        messages.error(request, _("These answers can no longer change."))
        return redirect(module_url("module_answer", zone, module))
    if module.is_questions:  # choices, numbers and text instead of the technology grid
        return question_views.module_page(
            request, zone=zone, module=module, response=response, editable=editable,
            data=data, autosave_texts=AUTOSAVE_TEXTS,
        )  # fmt: skip
    sheet = Sheet.load(module, response)
    data, cleared = with_cleared_answer(data)
    form = None if data is None else AnswerSheetForm(sheet, data, read_only=not editable)
    if form is not None and (saved := save_sheet(request, zone, module, response, form)):
        if request.method == "POST":
            name = "module_review" if "review" in request.POST else "module_answer"
            anchor = confirm_posted(request, saved) or (f"#{cleared}" if cleared else "")
            return redirect(module_url(name, zone, module) + anchor)
        response, sheet, form = saved, Sheet.load(module, saved), None
    notes = sheet_notes(zone, module, response, sheet, editable=editable)
    read_only = not editable
    return render(
        request,
        "survey/module.html",
        {
            "zone": zone,
            "module": module,
            "response": response,
            # The grid is rendered without a form; one is built only if someone asks for it.
            "form": form or SimpleLazyObject(lambda: AnswerSheetForm(sheet, read_only=read_only)),
            "errors": form.non_field_errors() if form is not None else None,
            "grid": sheet_html(sheet, form=form, notes=notes, read_only=read_only),
            "editable": editable,
            "answered": sheet.answered,
            "total": sheet.total,
            "is_chief": is_chief_of(request.user, zone),
            "autosave_texts": AUTOSAVE_TEXTS,
        },
    )


@zone_view
def module_autosave(request, zone, edition, module):
    zone, module, response = answering(request, zone, edition, module)
    if request.method != "POST":  # after the lookup: another zone's URL is a 404 either way
        return HttpResponseNotAllowed(["POST"])
    try:
        values, base = autosave_payload(request)
    except AutosaveUnreadable as refused:
        return JsonResponse({"errors": [str(refused)]}, status=refused.status)
    try:
        _response, result = answers_save_starting(
            zone=zone,
            module=module,
            response=response,
            user=request.user,
            changes=changes_from_post(values, base),
        )
    except AnswersRefused as refused:
        return JsonResponse({"errors": refused.messages}, status=400)
    return JsonResponse(
        {
            "saved": result.saved,
            "conflicts": [
                {
                    "key": c.key,
                    "stored": "" if c.stored is None else str(c.stored),
                    "message": c.message,
                }
                for c in result.conflicts
            ],
            "answered": result.answered,
            "total": result.total,
        }
    )


def submit(request, zone, module, response):
    """Submit for the chief; a second submit only says it was done already."""
    if not is_chief_of(request.user, zone):
        messages.error(request, _("Only the zone chief can submit."))
        return
    try:
        response = response or response_get_or_start(zone=zone, module=module, user=request.user)
        result = response_submit(response=response, user=request.user)
    except AnswersRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
        return
    if result.already_submitted:
        messages.info(request, _("This module had already been submitted."))
    else:
        messages.success(
            request,
            _("Thank you: the module has been submitted. A confirmation e-mail is on its way."),
        )


@zone_view
def module_review(request, zone, edition, module):
    zone, module, response = answering(request, zone, edition, module)
    if module.is_questions:
        return question_views.review(
            request, zone=zone, module=module, response=response, submit=submit,
            can_submit=is_editable(module, response) and is_chief_of(request.user, zone),
            form_class=SubmitForm,
        )  # fmt: skip
    groups = category_summary(response, module)
    roles = role_summary(response, module)
    unanswered = sum(group["unanswered"] for group in groups) + (roles or {}).get("unanswered", 0)
    can_submit = is_editable(module, response) and is_chief_of(request.user, zone)
    form = SubmitForm(request.POST if request.method == "POST" else None, unanswered=unanswered)
    if request.method == "POST" and form.is_valid():
        submit(request, zone, module, response)
        return redirect(module_url("module_answer", zone, module))
    return render(
        request,
        "survey/review.html",
        {
            "zone": zone,
            "module": module,
            "response": response,
            "groups": groups,
            "roles": roles,
            "unanswered": unanswered,
            "form": form,
            "can_submit": can_submit,
        },
    )


@zone_view
def module_print(request, zone, edition, module):
    zone, module, response = answering(request, zone, edition, module)
    if module.is_questions:
        return question_views.print_view(request, zone=zone, module=module, response=response)
    return render(
        request,
        "survey/print.html",
        {
            "zone": zone,
            "module": module,
            "response": response,
            "groups": category_summary(response, module),
            "roles": role_summary(response, module),
        },
    )
