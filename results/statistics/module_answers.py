"""Every answer of a module's submitted responses, grouped by item and code, as numpy arrays.

The predictors need each zone's answer to each item: a million answers at 20,000 zones. On
PostgreSQL they are read as one row per item and code with its responses packed into one binary
string (a few hundred rows, and no Python object per answer); the sizes of those groups are
exactly the counts the availability table is made of, so results_json reads the answers once for
both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import Aggregate, BinaryField

from survey.models import Answer, Response

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class AnswerGroup:
    """The responses that gave one code to one item."""

    item: int
    code: int
    responses: np.ndarray


@dataclass(frozen=True)
class ModuleAnswers:
    groups: list[AnswerGroup]

    def counts(self) -> dict[int, dict[int, int]]:
        """{item id: {code: answers}}, as availability's GROUP BY counts them."""
        result: dict[int, dict[int, int]] = {}
        for group in self.groups:  # one group per (item, code)
            result.setdefault(group.item, {})[group.code] = len(group.responses)
        return result


class PackedIds(Aggregate):
    """A group's ids as one bytea of big-endian 8-byte integers (PostgreSQL): numpy reads it as
    it is, where an integer array's text costs a Python int per id (an eighth of results_json's
    time with predictors at 20,000 zones)."""

    function = "STRING_AGG"
    template = "%(function)s(INT8SEND(%(expressions)s), ''::bytea)"
    output_field = BinaryField()


def fetch_rows(queryset) -> list[tuple]:
    """Rows straight from the cursor: the ORM builds the query, but turning a million values
    into Django values one by one would cost more than all the regressions together."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def module_answers(module) -> ModuleAnswers:
    import numpy as np  # imported when used, not with the URLconf

    answers = Answer.objects.filter(
        response__module=module, response__status=Response.Status.SUBMITTED
    ).order_by()
    if connections[answers.db].vendor == "postgresql":
        rows = fetch_rows(
            answers.values("item_id", "code")
            .annotate(responses=PackedIds("response_id"))
            .values_list("item_id", "code", "responses")
        )
        packed = ">i8"  # as INT8SEND writes them
        groups = [
            AnswerGroup(item, code, np.frombuffer(ids, dtype=packed).astype(np.int64))
            for item, code, ids in rows
        ]
    else:
        by_group: dict[tuple[int, int], list[int]] = {}
        for response, item, code in fetch_rows(
            answers.values_list("response_id", "item_id", "code")
        ):
            by_group.setdefault((item, code), []).append(response)
        groups = [
            AnswerGroup(item, code, np.asarray(ids, dtype=np.int64))
            for (item, code), ids in by_group.items()
        ]
    return ModuleAnswers(groups)
