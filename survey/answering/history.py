"""A response's history, and the researchers' reopening and locking of a submitted response."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from survey.models import AnswerChange, Response, ResponseEvent


class ResponseStateError(Exception):
    pass


@dataclass
class HistoryEntry:
    at: datetime
    by: object
    what: str  # "change" or an event kind
    change: AnswerChange | None = None
    event: ResponseEvent | None = None


def response_history(response: Response) -> list[HistoryEntry]:
    """Every answer change (who, when, which item or cell, old, new) and every event, in order."""
    changes = AnswerChange.objects.filter(response=response).select_related(
        "changed_by", "item__technology", "category", "objective", "question", "technology"
    )
    events = ResponseEvent.objects.filter(response=response).select_related("by")
    entries = [HistoryEntry(c.changed_at, c.changed_by, "change", change=c) for c in changes]
    entries += [HistoryEntry(e.at, e.by, e.kind, event=e) for e in events]
    return sorted(entries, key=lambda e: e.at)


def history_stamp(response) -> tuple:
    """What a response's history, its answers' codes and their origins are cached under besides
    the data version (which follows definitions, zones, imports and the response's status): the
    count, last id and count of signed rows of its answer changes and of its events, and the
    names of the people they show. Every write of an answer records a change, and changes and
    events are otherwise only unlinked from their author, so the stamp moves with any of them.
    One query."""
    sql = """
        SELECT
            (SELECT COUNT(*) FROM survey_answerchange WHERE response_id = %(pk)s),
            (SELECT MAX(id) FROM survey_answerchange WHERE response_id = %(pk)s),
            (SELECT COUNT(changed_by_id) FROM survey_answerchange WHERE response_id = %(pk)s),
            (SELECT COUNT(*) FROM survey_responseevent WHERE response_id = %(pk)s),
            (SELECT MAX(id) FROM survey_responseevent WHERE response_id = %(pk)s),
            (SELECT COUNT(by_id) FROM survey_responseevent WHERE response_id = %(pk)s),
            u.id, u.first_name, u.last_name, u.email
        FROM (SELECT 1 AS one) o LEFT JOIN survey_user u
            ON u.id IN (SELECT changed_by_id FROM survey_answerchange WHERE response_id = %(pk)s)
            OR u.id IN (SELECT by_id FROM survey_responseevent WHERE response_id = %(pk)s)
        ORDER BY u.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"pk": response.pk})
        return tuple(cursor.fetchall())


@transaction.atomic
def response_reopen(*, response: Response, by, reason: str) -> Response:
    """Let the zone change a submitted response again; the reason is kept with the event."""
    response = (
        Response.objects.select_for_update().select_related("module__edition").get(pk=response.pk)
    )
    if not reason.strip():
        raise ResponseStateError(_("State why the response is reopened."))
    if not response.is_submitted:
        raise ResponseStateError(_("Only a submitted response can be reopened."))
    if not response.module.edition.is_open:
        raise ResponseStateError(
            _("The edition is not open, so a reopened response could not be changed anyway.")
        )
    response.status = Response.Status.IN_PROGRESS
    response.save(update_fields=["status", "updated_at"])
    ResponseEvent.objects.create(
        response=response, kind=ResponseEvent.Kind.REOPENED, by=by, reason=reason.strip()
    )
    return response


@transaction.atomic
def response_lock(*, response: Response, by, reason: str = "") -> Response:
    """Make a reopened response submitted (read-only for the zone) again."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.is_submitted:
        raise ResponseStateError(_("This response is already submitted."))
    if not response.events.filter(kind=ResponseEvent.Kind.REOPENED).exists():
        raise ResponseStateError(_("Only a reopened response can be locked again."))
    response.status = Response.Status.SUBMITTED
    response.submitted_at = response.submitted_at or timezone.now()
    response.save(update_fields=["status", "submitted_at", "updated_at"])
    ResponseEvent.objects.create(
        response=response, kind=ResponseEvent.Kind.LOCKED, by=by, reason=reason.strip()
    )
    return response
