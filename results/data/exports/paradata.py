"""Paradata of one module: how each response came about, one row per started response.

Columns: zone (or its pseudonym), status, started, submitted, sessions, seconds_active (as on the
data-quality page: runs of questionnaire saves with gaps under 30 minutes), answers_confirmed,
answers_changed, answers_fresh (survey.answering.preloading.Origins), queries_raised and
queries_resolved (resolved or closed). A separate file beside the response exports, whose
formats it leaves alone; pseudonymised with the same keyed hash when asked.
"""

from collections.abc import Iterator

from django.db.models import Count, Q

from results.statistics.quality import sessions_of
from survey.answering.preloading import answer_origins
from survey.models import AnswerChange, AnswerQuery, Response

from . import export_log, pseudonym
from .text import csv_lines

HEADER = [
    "zone",
    "status",
    "started",
    "submitted",
    "sessions",
    "seconds_active",
    "answers_confirmed",
    "answers_changed",
    "answers_fresh",
    "queries_raised",
    "queries_resolved",
]
SETTLED = [AnswerQuery.Status.RESOLVED, AnswerQuery.Status.CLOSED]


def paradata_rows(module, *, pseudonymise: bool = False) -> list[list]:
    """The rows of the paradata file, ordered by zone code; a fixed number of queries."""
    responses = list(
        Response.objects.filter(module=module)
        .select_related("zone")
        .annotate(
            raised=Count("queries", distinct=True),
            resolved=Count("queries", filter=Q(queries__status__in=SETTLED), distinct=True),
        )
        .order_by("zone__code")
    )
    moments: dict[int, list] = {}
    for response_id, at in (
        AnswerChange.objects.filter(
            response__module=module,
            source__in=[Response.Source.WEB, Response.Source.CONFIRMED],
        )
        .order_by("response_id", "changed_at", "id")
        .values_list("response_id", "changed_at")
    ):
        moments.setdefault(response_id, []).append(at)
    origins = answer_origins(module, responses)
    rows = []
    for response in responses:
        sessions, active = sessions_of(moments.get(response.pk, []))
        origin = origins[response.pk]
        zone = response.zone.code
        rows.append(
            [
                pseudonym(module.edition.code, zone) if pseudonymise else zone,
                response.status,
                response.created_at,
                response.submitted_at,
                sessions,
                active,
                origin.confirmed,
                origin.changed,
                origin.fresh,
                response.raised,
                response.resolved,
            ]
        )
    return rows


def paradata_filename(module, *, pseudonymise: bool) -> str:
    pseudo = "_pseudonymised" if pseudonymise else ""
    return f"paradata_{module.edition.code}_{module.kind}{pseudo}.csv"


def paradata_csv(module, *, pseudonymise: bool = False, user=None) -> Iterator[str]:
    """The CSV lines of the paradata file; the export is logged."""
    rows = paradata_rows(module, pseudonymise=pseudonymise)
    export_log(
        user=user,
        edition=module.edition,
        module=module,
        format="paradata",
        options={"pseudonymise": pseudonymise},
        rows=len(rows),
    )
    return csv_lines(HEADER, rows)
