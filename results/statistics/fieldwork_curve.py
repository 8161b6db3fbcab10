"""The fieldwork curve: submitted responses per day and cumulative, from one aggregate."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate

from survey.models import Module, Response
from survey.plausible_dates import earliest_moment, latest_moment


@dataclass(frozen=True)
class CurvePoint:
    day: dt.date
    submitted: int
    cumulative: int


def fieldwork_curve(module: Module) -> list[CurvePoint]:
    """Days with at least one submission, in order; responses without a date, or with one
    outside the plausible range (survey.plausible_dates), are left out."""
    rows = (
        Response.objects.filter(
            module=module,
            status=Response.Status.SUBMITTED,
            submitted_at__range=(earliest_moment(), latest_moment()),
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
