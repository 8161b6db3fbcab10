"""The fieldwork curve: submitted responses per day and cumulative, from one aggregate."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate

from survey.models import Module, Response


@dataclass(frozen=True)
class CurvePoint:
    day: dt.date
    submitted: int
    cumulative: int


def fieldwork_curve(module: Module) -> list[CurvePoint]:
    """Days with at least one submission, in order; responses without a date are left out."""
    rows = (
        Response.objects.filter(
            module=module, status=Response.Status.SUBMITTED, submitted_at__isnull=False
        )
        .annotate(day=TruncDate("submitted_at"))
        .order_by("day")
        .values("day")
        .annotate(n=Count("id"))
    )
    points, total = [], 0
    for row in rows:
        total += row["n"]
        points.append(CurvePoint(row["day"], row["n"], total))
    return points
