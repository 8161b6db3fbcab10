"""Fieldwork progress of an edition: each zone's status and the response rates so far.

A fixed number of queries whatever the population: statuses come from annotations.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from survey.models import Edition, EmailKind, Module, OutgoingEmail, Response, Zone, ZoneMembership


class ZoneStatus(models.TextChoices):
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


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("zone").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def zone_progress(edition: Edition, *, module: Module | None = None) -> list[ZoneProgress]:
    modules = [module] if module else list(edition.modules.all())
    responses = Response.objects.filter(zone=OuterRef("pk"), module__in=modules)
    zones = (
        Zone.objects.population(edition)
        .annotate(
            submitted_n=_count(responses.submitted()),
            started_n=_count(responses),
            last_answer=Subquery(responses.order_by("-updated_at").values("updated_at")[:1]),
            activated=Exists(ZoneMembership.objects.filter(zone=OuterRef("pk"))),
            last_joined=Subquery(
                ZoneMembership.objects.filter(zone=OuterRef("pk"))
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
            last_sent=Subquery(
                OutgoingEmail.objects.filter(
                    campaign__edition=edition,
                    zone=OuterRef("pk"),
                    status=OutgoingEmail.Status.SENT,
                )
                .order_by("-sent_at")
                .values("sent_at")[:1]
            ),
            invited=Exists(
                OutgoingEmail.objects.filter(
                    campaign__edition=edition,
                    zone=OuterRef("pk"),
                    kind=EmailKind.INVITATION,
                    status=OutgoingEmail.Status.SENT,
                )
            ),
        )
        .order_by("code")
    )
    by_zone: dict[int, list[Response]] = {}
    for response in (
        Response.objects.filter(module__in=modules)
        .select_related("module")
        .order_by("module__order")
    ):
        by_zone.setdefault(response.zone_id, []).append(response)
    result = []
    for zone in zones:
        if modules and zone.submitted_n >= len(modules):
            status = ZoneStatus.SUBMITTED
        elif zone.started_n:
            status = ZoneStatus.IN_PROGRESS
        elif zone.activated:
            status = ZoneStatus.ACTIVATED
        elif zone.invited:
            status = ZoneStatus.INVITED
        else:
            status = ZoneStatus.NOT_INVITED
        moments = [t for t in (zone.last_answer, zone.last_joined, zone.last_sent) if t]
        result.append(
            ZoneProgress(
                zone=zone,
                status=status,
                submitted_modules=zone.submitted_n,
                started_modules=zone.started_n,
                last_activity=max(moments) if moments else None,
                responses=by_zone.get(zone.pk, []),
            )
        )
    return result
