"""Small sets of rows of different tables, read in one round trip.

A respondent page needs a few short lists (a response's answers, its role answers, the earlier
edition's answers, the queries about it); one query each made the page's cost grow with every
feature on it. Each feature instead describes the rows it needs as a `Part`, and the page reads
all its parts with `rows_in_one_query`: one UNION ALL of (part name, the row as a JSON object),
handed back as plain dicts by part. Values come back as JSON has them: numbers, text, null.
"""

from dataclasses import dataclass

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import JSONObject


@dataclass(frozen=True)
class Part:
    """The rows of `queryset`, each as {key: value of its field path or expression}."""

    queryset: QuerySet
    fields: dict


def rows_in_one_query(parts: dict[str, Part | None]) -> dict[str, list[dict]]:
    """{name: [row, ...]} for every part; a part that is None has no rows (and costs nothing)."""
    result: dict[str, list[dict]] = {name: [] for name in parts}
    selects = [
        part.queryset.order_by()
        .annotate(_part=Value(name, output_field=CharField()), _row=JSONObject(**part.fields))
        .values_list("_part", "_row")
        for name, part in parts.items()
        if part is not None
    ]
    if not selects:
        return result
    first, *others = selects
    for name, row in first.union(*others, all=True) if others else first:
        result[name].append(row)
    return result
