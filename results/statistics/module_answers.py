"""Every answer of a module's submitted responses, grouped by item and code, as numpy arrays.

The predictors need each zone's answer to each item: a million answers at 20,000 zones. On
PostgreSQL they are read as one row per item and code with its responses as an array (a few
hundred rows instead of a million Python tuples); the sizes of those groups are exactly the
counts the availability table is made of, so results_json reads the answers once for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connections

from survey.models import Answer, Response

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class ModuleAnswers:
    """Groups of answers (item, code, how many), and per answer its response, item and code
    (the answers of a group one after the other)."""

    group_items: list[int]
    group_codes: list[int]
    group_sizes: list[int]
    response: np.ndarray
    item: np.ndarray
    code: np.ndarray

    def counts(self) -> dict[int, dict[int, int]]:
        """{item id: {code: answers}}, as availability's GROUP BY counts them."""
        result: dict[int, dict[int, int]] = {}
        for item, code, size in zip(
            self.group_items, self.group_codes, self.group_sizes, strict=True
        ):
            by_code = result.setdefault(item, {})
            by_code[code] = by_code.get(code, 0) + size
        return result


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
        from django.contrib.postgres.aggregates import ArrayAgg

        groups = fetch_rows(
            answers.values("item_id", "code")
            .annotate(responses=ArrayAgg("response_id"))
            .values_list("item_id", "code", "responses")
        )
    else:
        groups = [
            (item, code, [response])
            for response, item, code in fetch_rows(
                answers.values_list("response_id", "item_id", "code")
            )
        ]
    items = [item for item, _code, _ids in groups]
    codes = [code for _item, code, _ids in groups]
    sizes = [len(ids) for _item, _code, ids in groups]
    return ModuleAnswers(
        group_items=items,
        group_codes=codes,
        group_sizes=sizes,
        response=np.concatenate(
            [np.asarray(ids, dtype=np.int64) for _item, _code, ids in groups] or [[]]
        ).astype(np.int64),
        item=np.repeat(np.asarray(items, dtype=np.int64), sizes),
        code=np.repeat(np.asarray(codes, dtype=np.int64), sizes),
    )
