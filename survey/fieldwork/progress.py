"""Fieldwork progress of an edition: each zone's status and the response rates so far.

A fixed number of queries whatever the population: statuses, counts and the last activity are
annotations, so a page searches, filters, sorts and pages the zones in the database.
"""

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils.translation import gettext_lazy as _

from survey.models import (
    Campaign,
    Edition,
    EmailKind,
    Module,
    OutgoingEmail,
    Response,
    User,
    Zone,
    ZoneMembership,
)
from survey.sql_rows import Columns, planned_once_cursor, quoted, split


class ZoneStatus(models.TextChoices):
    """In the order a zone moves through them (the dashboard sorts by it)."""

    NOT_INVITED = "not_invited", _("Not invited")
    INVITED = "invited", _("Invited")
    ACTIVATED = "activated", _("Account activated")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


@dataclass
class ZoneProgress:
    zone: Zone
    status: str
    submitted_modules: int
    started_modules: int
    last_activity: datetime | None
    responses: list[Response] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return ZoneStatus(self.status).label


# Stands in for "no such moment" inside GREATEST, which SQLite makes NULL as soon as one of its
# arguments is NULL (PostgreSQL skips them); turned back into NULL afterwards.
_NEVER = Value(dt.datetime(1, 1, 1, tzinfo=dt.UTC), output_field=models.DateTimeField())


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("zone").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _latest(queryset, moment: str):
    return Coalesce(Subquery(queryset.order_by(f"-{moment}").values(moment)[:1]), _NEVER)


def _modules(edition: Edition, module: Module | None) -> list[Module]:
    return [module] if module else list(edition.modules.all())


def zones_with_progress(edition: Edition, *, module: Module | None = None) -> QuerySet[Zone]:
    """The edition's population, each zone annotated with `submitted_n`, `started_n`,
    `last_activity`, `status` and `status_rank` (over one module, or all of them)."""
    modules = _modules(edition, module)
    responses = Response.objects.filter(zone=OuterRef("pk"), module__in=modules)
    sent = OutgoingEmail.objects.filter(
        campaign__edition=edition, zone=OuterRef("pk"), status=OutgoingEmail.Status.SENT
    )
    memberships = ZoneMembership.objects.filter(zone=OuterRef("pk"))
    zones = Zone.objects.population(edition).annotate(
        submitted_n=_count(responses.submitted()),
        started_n=_count(responses),
        activated=Exists(memberships),
        invited=Exists(sent.filter(kind=EmailKind.INVITATION)),
        last_activity=NullIf(
            Greatest(
                _latest(responses, "updated_at"),
                _latest(memberships, "created_at"),
                _latest(sent, "sent_at"),
            ),
            _NEVER,
        ),
    )
    steps = [
        When(started_n__gt=0, then=Value(ZoneStatus.IN_PROGRESS.value)),
        When(activated=True, then=Value(ZoneStatus.ACTIVATED.value)),
        When(invited=True, then=Value(ZoneStatus.INVITED.value)),
    ]
    if modules:
        steps.insert(0, When(submitted_n__gte=len(modules), then=Value(ZoneStatus.SUBMITTED.value)))
    zones = zones.annotate(status=Case(*steps, default=Value(ZoneStatus.NOT_INVITED.value)))
    return zones.annotate(
        status_rank=Case(
            *(When(status=s, then=Value(rank)) for rank, s in enumerate(ZoneStatus.values)),
            output_field=IntegerField(),
        )
    )


# What the zones can be sorted by; `-key` sorts the other way. Zones never touched sort as the
# oldest activity.
SORT_KEYS = ("code", "name", "status", "activity")


def ordering(sort: str) -> list:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort {sort!r}")
    expression = {
        "code": F("code"),
        "name": Zone.name_expression(),
        "status": F("status_rank"),
        "activity": F("last_activity"),
    }[key]
    first = expression.desc(nulls_last=True) if descending else expression.asc(nulls_first=True)
    return [first, "code"]


def zones_listed(
    edition: Edition,
    *,
    module: Module | None = None,
    search: str = "",
    region: str = "",
    status: str = "",
    sort: str = "code",
) -> QuerySet[Zone]:
    """The population with its progress, searched (code, name, contact), filtered and sorted."""
    zones = zones_with_progress(edition, module=module).search(search)
    if region:
        zones = zones.filter(region=region)
    if status:
        zones = zones.filter(status=status)
    return zones.order_by(*ordering(sort))


def progress_rows(zones, edition: Edition, *, module: Module | None = None) -> list[ZoneProgress]:
    """One row per zone of `zones` (annotated by `zones_with_progress`, e.g. one page of them),
    with its responses: one query for the zones, one for their responses."""
    zones = list(zones)
    responses = Response.objects.filter(
        module__edition=edition, zone__in=[zone.pk for zone in zones]
    )
    if module:
        responses = responses.filter(module=module)
    by_zone: dict[int, list[Response]] = {}
    for response in responses.select_related("module").order_by("module__order"):
        by_zone.setdefault(response.zone_id, []).append(response)
    return [
        ZoneProgress(
            zone=zone,
            status=zone.status,
            submitted_modules=zone.submitted_n,
            started_modules=zone.started_n,
            last_activity=zone.last_activity,
            responses=by_zone.get(zone.pk, []),
        )
        for zone in zones
    ]


def _stamp_sql() -> str:
    """The SQL of progress_stamp, with the tables' names (written by hand: the ORM took longer to
    build this query, on every request of the dashboard, than the database to answer it)."""
    table = {
        model: connection.ops.quote_name(model._meta.db_table)
        for model in (Response, Module, OutgoingEmail, Campaign, ZoneMembership)
    }
    return f"""
        SELECT responses.n, responses.last, responses.updated_at,
               emails.n, emails.last, emails.sent, emails.sent_at,
               memberships.n, memberships.last
        FROM (SELECT COUNT(*) AS n, MAX(r.id) AS last, MAX(r.updated_at) AS updated_at
              FROM {table[Response]} r JOIN {table[Module]} m ON m.id = r.module_id
              WHERE m.edition_id = %s) AS responses,
             (SELECT COUNT(*) AS n, MAX(e.id) AS last,
                     SUM(CASE WHEN e.status = %s THEN 1 ELSE 0 END) AS sent,
                     MAX(e.sent_at) AS sent_at
              FROM {table[OutgoingEmail]} e JOIN {table[Campaign]} c ON c.id = e.campaign_id
              WHERE c.edition_id = %s) AS emails,
             (SELECT COUNT(*) AS n, MAX(id) AS last FROM {table[ZoneMembership]}) AS memberships
    """  # noqa: S608 - only the models' own table names are formatted in


def progress_stamp(edition: Edition) -> list:
    """What a cached list of the zones' progress is keyed on besides the data version (which
    moves with zones, definitions and a response's status): the responses' last activity
    (answering moves it without moving the data version), the memberships that activate zones
    and the edition's e-mails, which no version follows. It changes whenever one of those rows
    is added, deleted, sent or answered. One query."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), [edition.pk, OutgoingEmail.Status.SENT, edition.pk])
        return list(cursor.fetchone())


def zone_progress(edition: Edition, *, module: Module | None = None) -> list[ZoneProgress]:
    """Every zone of the population, by code."""
    return progress_rows(zones_listed(edition, module=module), edition, module=module)


_CAMPAIGN = Columns.of(Campaign, "c", ["id", "kind", "created_by", "created_at"])
_CREATOR = Columns.of(User, "u", ["id", "first_name", "last_name", "email"])


@cache
def _campaigns_sql() -> str:
    """The SQL of recent_campaigns (by hand, as the stamp: the ORM's four filtered counts took
    longer to build, on every request of the dashboard, than the database to answer them)."""
    counts = ", ".join(
        f"SUM(CASE WHEN {quoted(OutgoingEmail, 'status', 'e')} = %s THEN 1 ELSE 0 END)"
        for _status in OutgoingEmail.Status.values
    )
    return (
        f"SELECT {_CAMPAIGN.select}, {_CREATOR.select}, {counts} "  # noqa: S608
        f"FROM {quoted(Campaign)} c "
        f"LEFT JOIN {quoted(User)} u ON {quoted(User, 'id', 'u')} = "
        f"{quoted(Campaign, 'created_by', 'c')} "
        f"LEFT JOIN {quoted(OutgoingEmail)} e ON {quoted(OutgoingEmail, 'campaign', 'e')} = "
        f"{quoted(Campaign, 'id', 'c')} "
        f"WHERE {quoted(Campaign, 'edition', 'c')} = %s "
        f"GROUP BY {_CAMPAIGN.select}, {_CREATOR.select} "
        f"ORDER BY {quoted(Campaign, 'created_at', 'c')} DESC, {quoted(Campaign, 'id', 'c')} DESC "
        "LIMIT %s"
    )


def recent_campaigns(edition: Edition, limit: int = 20) -> list[Campaign]:
    """The edition's latest campaigns, newest first, each with its creator and its number of
    messages in every status (`sent`, `queued`, …) as Campaign.objects.with_counts() gives."""
    statuses = OutgoingEmail.Status.values
    with planned_once_cursor() as cursor:
        cursor.execute(_campaigns_sql(), [*statuses, edition.pk, limit])
        rows = cursor.fetchall()
    campaigns = []
    for row in rows:
        campaign, creator = split(row[: -len(statuses)], _CAMPAIGN, _CREATOR)
        campaign.created_by = creator if creator.pk is not None else None
        for status, count in zip(statuses, row[-len(statuses) :], strict=True):
            setattr(campaign, status, count or 0)
        campaigns.append(campaign)
    return campaigns
