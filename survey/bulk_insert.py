"""Inserting many rows with flat memory: COPY on PostgreSQL, batched bulk_create elsewhere.

Rows are tuples of values in the order of `fields` (attribute names such as `response_id`); no
model instance is built on PostgreSQL. Nothing here sends signals or sets auto_now fields: the
caller passes every value.
"""

from collections.abc import Iterable

from django.db import connections, router

BATCH = 2000


def rows_insert(model, fields: list[str], rows: Iterable[tuple]) -> None:
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
        statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)


def analyze(*models) -> None:
    """Fresh planner statistics after a bulk write on PostgreSQL: without them, queries over a
    newly filled table can pick plans thousands of times slower."""
    connection = connections[router.db_for_write(models[0])]
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
