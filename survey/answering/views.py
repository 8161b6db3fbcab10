"""Home page of a zone, answering a module, autosave, review and submit, printing."""

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from survey import links
from survey.access import (
    is_researcher,
    signed_in_view,
    zone_module_or_404,
    zone_view,
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
    SubmitForm,
    autosave_payload,
    changes_from_post,
)
from survey.answering.preloading_views import confirm_posted
from survey.answering.sheet import Sheet, sheet_html
from survey.answering.sheet_page import sheet_page
from survey.answering.summaries import category_summary, role_summary, zone_cards
from survey.models import Edition, ZoneMembership

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
    """The user's zone, the module of a visible edition for that zone's region, and the zone's
    response if started (survey.access.zone_module_or_404). Anything else is a 404."""
    return zone_module_or_404(request.user, zone, edition, module, statuses=VISIBLE)


def is_editable(module, response) -> bool:
    return module.edition.is_open and not (response and response.is_submitted)


def module_url(name, zone, module):
    return reverse(name, args=[zone.code, module.edition.code, module.kind])


@signed_in_view
def home(request):
    memberships = list(
        ZoneMembership.objects.filter(user=request.user)
        .select_related("zone")
        .order_by("zone__code")
    )
    if not memberships and is_researcher(request.user):
        # A researcher or administrator with no zone of their own starts at their pages.
        return redirect("results:index")
    return render(
        request,
        "survey/home.html",
        {"cards": zone_cards(memberships), "is_researcher": is_researcher(request.user)},
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
    found = answering(request, zone, edition, module)
    zone, module, response = found.zone, found.module, found.response
    editable = is_editable(module, response)
    data = request.POST if request.method == "POST" else pending_answers(request)
    if data is not None and not editable:
        messages.error(request, _("These answers can no longer change."))
        return redirect(module_url("module_answer", zone, module))
    if module.is_questions:  # choices, numbers and text instead of the technology grid
        return question_views.module_page(
            request, zone=zone, module=module, response=response, editable=editable,
            data=data, autosave_texts=AUTOSAVE_TEXTS, is_chief=found.is_chief,
        )  # fmt: skip
    data, cleared = with_cleared_answer(data)
    form = None
    if data is not None:
        form = AnswerSheetForm(Sheet.load(module, response), data, read_only=not editable)
        if saved := save_sheet(request, zone, module, response, form):
            if request.method == "POST":
                name = "module_review" if "review" in request.POST else "module_answer"
                anchor = confirm_posted(request, saved) or (f"#{cleared}" if cleared else "")
                return redirect(module_url(name, zone, module) + anchor)
            response, form = saved, None
    page = sheet_page(
        zone, module, response, earlier_module_id=found.earlier_module_id, editable=editable
    )
    sheet, read_only = page.sheet, not editable
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
            "grid": sheet_html(sheet, form=form, notes=page.notes, read_only=read_only),
            "editable": editable,
            "answered": sheet.answered,
            "total": sheet.total,
            "is_chief": found.is_chief,
            "autosave_texts": AUTOSAVE_TEXTS,
        },
    )


@zone_view
@transaction.atomic
def module_autosave(request, zone, edition, module):
    # One transaction: the lookup locks the zone's response, the save writes under that lock.
    found = zone_module_or_404(request.user, zone, edition, module, statuses=VISIBLE, lock=True)
    if request.method != "POST":  # after the lookup: another zone's URL is a 404 either way
        return HttpResponseNotAllowed(["POST"])
    try:
        values, base = autosave_payload(request)
    except AutosaveUnreadable as refused:
        return JsonResponse({"errors": [str(refused)]}, status=refused.status)
    try:
        _response, result = answers_save_starting(
            zone=found.zone,
            module=found.module,
            response=found.response,
            user=request.user,
            changes=changes_from_post(values, base),
            locked=True,
        )
    except AnswersRefused as refused:
        transaction.set_rollback(True)
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


def submit(request, found):
    """Submit for the chief; a second submit only says it was done already."""
    zone, module, response = found.zone, found.module, found.response
    if not found.is_chief:
        messages.error(request, _("Only the zone chief can submit."))
        return
    try:
        response = response or response_get_or_start(zone=zone, module=module, user=request.user)
        result = response_submit(
            response=response, user=request.user, site_url=links.request_site_url(request)
        )
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
    found = answering(request, zone, edition, module)
    zone, module, response = found.zone, found.module, found.response
    can_submit = is_editable(module, response) and found.is_chief
    if module.is_questions:
        return question_views.review(
            request, zone=zone, module=module, response=response, form_class=SubmitForm,
            can_submit=can_submit, submit=lambda request: submit(request, found),
        )  # fmt: skip
    sheet = Sheet.load(module, response)
    groups, roles = category_summary(sheet), role_summary(sheet)
    unanswered = sum(group["unanswered"] for group in groups) + (roles or {}).get("unanswered", 0)
    form = SubmitForm(request.POST if request.method == "POST" else None, unanswered=unanswered)
    if request.method == "POST" and form.is_valid():
        submit(request, found)
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
    found = answering(request, zone, edition, module)
    zone, module, response = found.zone, found.module, found.response
    if module.is_questions:
        return question_views.print_view(request, zone=zone, module=module, response=response)
    sheet = Sheet.load(module, response)
    return render(
        request,
        "survey/print.html",
        {
            "zone": zone,
            "module": module,
            "response": response,
            "groups": category_summary(sheet),
            "roles": role_summary(sheet),
        },
    )
