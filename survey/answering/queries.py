"""Queries: a researcher asks a zone about one of its answers; the zone replies; the researcher
resolves it with an answer, a corrected value, or closes it with a reason. Every step is a
ResponseEvent, so the response's history tells the whole story.

The zone can reply while its response is open (in progress, edition open); a submitted response
must first be reopened by a researcher, which `query_raise(reopen=True)` does in the same step.
A corrected value goes through `answers_save` like any other change (an AnswerChange by the
researcher); a submitted response is reopened for it and locked again, both recorded.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from survey.answering.answers import ANY, AnswersRefused, answers_save, item_key
from survey.answering.history import ResponseStateError, response_lock, response_reopen
from survey.models import AnswerQuery, Item, Response, ResponseEvent

Kind = ResponseEvent.Kind
Status = AnswerQuery.Status
Resolution = AnswerQuery.Resolution


class QueryRefused(Exception):
    pass


def _event(query, kind, by, reason):
    ResponseEvent.objects.create(
        response_id=query.response_id, kind=kind, by=by, reason=reason, query=query
    )


def can_reply(query: AnswerQuery) -> bool:
    response = query.response
    return (
        query.status == Status.OPEN
        and not response.is_submitted
        and response.module.edition.is_open
    )


@transaction.atomic
def query_raise(*, response, item: Item, text: str, by, reopen: bool = False) -> AnswerQuery:
    text = text.strip()
    if not text:
        raise QueryRefused(_("Write the question for the zone."))
    if item.module_id != response.module_id:
        raise QueryRefused(_("Question %(key)s is not part of this module.") % {"key": item.pk})
    response = Response.objects.select_related("module__edition").get(pk=response.pk)
    if reopen and response.is_submitted:
        try:
            response_reopen(
                response=response,
                by=by,
                reason=_("Reopened so that the zone can answer a query about %(item)s.")
                % {"item": item.code},
            )
        except ResponseStateError as exc:
            raise QueryRefused(str(exc)) from exc
    query = AnswerQuery.objects.create(response=response, item=item, text=text, raised_by=by)
    _event(query, Kind.QUERY_RAISED, by, f"{item.code}: {text}")
    return query


def _locked(query) -> AnswerQuery:
    return (
        AnswerQuery.objects.select_for_update(of=("self",))
        .select_related("response__module__edition", "item__technology")
        .get(pk=query.pk)
    )


@transaction.atomic
def query_reply(*, query: AnswerQuery, by, text: str) -> AnswerQuery:
    query = _locked(query)
    text = text.strip()
    if query.status != Status.OPEN:
        raise QueryRefused(_("This query has already been answered."))
    if not can_reply(query):
        raise QueryRefused(
            _(
                "This module has been submitted or the edition is closed; the research team can "
                "reopen it so that you can reply."
            )
        )
    if not text:
        raise QueryRefused(_("Write your reply."))
    query.status, query.reply, query.replied_by, query.replied_at = (
        Status.ANSWERED,
        text,
        by,
        timezone.now(),
    )
    query.save(update_fields=["status", "reply", "replied_by", "replied_at"])
    _event(query, Kind.QUERY_ANSWERED, by, text)
    return query


def _correct(query, by, code: int) -> None:
    response = query.response
    reopened = False
    try:
        if response.is_submitted:
            response_reopen(
                response=response,
                by=by,
                reason=_("Correction of %(item)s after a query.") % {"item": query.item.code},
            )
            reopened = True
        answers_save(response=response, user=by, changes={item_key(query.item_id): (ANY, code)})
        if reopened:
            response_lock(
                response=response,
                by=by,
                reason=_("Correction of %(item)s after a query.") % {"item": query.item.code},
            )
    except (ResponseStateError, AnswersRefused) as exc:
        message = " ".join(exc.messages) if isinstance(exc, AnswersRefused) else str(exc)
        raise QueryRefused(message) from exc


@transaction.atomic
def query_resolve(
    *, query: AnswerQuery, by, resolution: str, note: str = "", code: int | None = None
) -> AnswerQuery:
    """Resolve with an answer (note), a corrected value (code, optional note), or close with a
    reason (note)."""
    query = _locked(query)
    note = note.strip()
    if not query.is_unresolved:
        raise QueryRefused(_("This query has already been resolved or closed."))
    if resolution not in Resolution.values:
        raise QueryRefused(_("Choose how the query is resolved."))
    if resolution == Resolution.CORRECTED:
        if code is None:
            raise QueryRefused(_("Give the corrected answer code."))
        _correct(query, by, code)
    elif not note:
        raise QueryRefused(_("Write the answer or the reason."))
    query.status = Status.CLOSED if resolution == Resolution.CLOSED else Status.RESOLVED
    query.resolution, query.resolution_note = resolution, note
    query.resolved_by, query.resolved_at = by, timezone.now()
    query.save(
        update_fields=["status", "resolution", "resolution_note", "resolved_by", "resolved_at"]
    )
    detail = Resolution(resolution).label
    if resolution == Resolution.CORRECTED:
        detail = f"{detail}: {code}"
    _event(
        query,
        Kind.QUERY_CLOSED if resolution == Resolution.CLOSED else Kind.QUERY_RESOLVED,
        by,
        f"{query.item.code}: {detail}" + (f" – {note}" if note else ""),
    )
    return query
