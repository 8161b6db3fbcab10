"""Writing the imported answers of a chunk of responses: only the cells whose value changes.

A replaced response keeps the rows of the cells the file leaves as they were (their
`updated_at` and `updated_by` still say who entered that value and when, as after a save on the
answering pages); a changed cell is updated, a cell the file leaves empty is deleted, a new one
inserted, and each of them gets its AnswerChange record. On PostgreSQL the chunk's cells are
COPYed into a temporary table and one statement per kind of cell compares and writes inside the
database; elsewhere the same rule runs through the ORM.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, router, transaction

from survey.models import Answer, AnswerChange, QuestionAnswer, Response, RoleAnswer

IMPORT = Response.Source.IMPORT.value


@dataclass(frozen=True)
class CellKind:
    """A table of answer cells: what identifies a cell in a response, and its value."""

    model: type
    keys: tuple[str, ...]  # columns beside response_id, named as in AnswerChange
    value: str  # the value column ("code" or "value")
    value_type: str  # its SQL type, for the arrays sent to PostgreSQL
    change_values: tuple[str, str]  # AnswerChange's old and new columns for it


ANSWERS = CellKind(Answer, ("item_id",), "code", "smallint", ("old_code", "new_code"))
ROLES = CellKind(
    RoleAnswer, ("category_id", "objective_id"), "code", "smallint", ("old_code", "new_code")
)
QUESTIONS = CellKind(
    QuestionAnswer, ("question_id", "technology_id"), "value", "text", ("old_value", "new_value")
)


def cells_write(kind: CellKind, cells: Iterable[tuple], *, replaced, by_id, now) -> int:
    """Make the cells of a chunk's responses exactly `cells` ((response_id, *keys, value));
    `replaced` are the responses of the chunk that had answers before (only theirs are read).
    Returns the number of cells changed."""
    connection = connections[router.db_for_write(kind.model)]
    if connection.vendor != "postgresql":
        return _write_with_orm(kind, list(cells), replaced=replaced, by_id=by_id, now=now)
    quote = connection.ops.quote_name
    incoming = _incoming_table(kind)
    # The temporary table lives until the end of the transaction (one import): a chunk
    # empties it and COPYs its cells in, which costs far less than sending them as arrays.
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        cursor.execute(_create_incoming(kind, incoming))
        cursor.execute(f"TRUNCATE {incoming}")
        with cursor.cursor.copy(f"COPY {incoming} FROM STDIN") as copy:
            for cell in cells:
                copy.write_row(cell)
        cursor.execute(
            _statement(kind, quote, incoming),
            {"replaced": list(replaced), "now": now, "by": by_id, "source": IMPORT},
        )
        return cursor.rowcount


def _incoming_table(kind: CellKind) -> str:
    return f"import_incoming_{kind.model._meta.model_name}"


def _create_incoming(kind: CellKind, incoming: str) -> str:
    columns = ", ".join(
        ["response_id bigint"]
        + [f"{key} bigint" for key in kind.keys]
        + [f"value {kind.value_type}"]
    )
    return f"CREATE TEMPORARY TABLE IF NOT EXISTS {incoming} ({columns}) ON COMMIT DROP"


def _statement(kind: CellKind, quote, incoming: str) -> str:
    """Compare the incoming cells with the stored ones (a full join: a cell on one side only
    is a change too), then delete, update and insert from the differences and record each."""
    table = quote(kind.model._meta.db_table)
    keys = kind.keys
    value = quote(kind.value)
    key_list = ", ".join(keys)
    # Ids are never 0, so 0 stands for a missing (NULL) key and the join stays hashable.
    same_cell = " AND ".join(
        ["s.response_id = i.response_id"]
        + [f"coalesce(s.{key}, 0) = coalesce(i.{key}, 0)" for key in keys]
    )
    merged = ", ".join(f"coalesce(i.{key}, s.{key}) AS {key}" for key in keys)
    old, new = kind.change_values
    change_table = quote(AnswerChange._meta.db_table)
    # Only quoted names from the models are formatted in; every value is a parameter.
    return f"""
        WITH stored AS (
            SELECT id, response_id, {key_list}, {value} AS value
            FROM {table} WHERE response_id = ANY(%(replaced)s::bigint[])
        ), diff AS MATERIALIZED (
            SELECT coalesce(i.response_id, s.response_id) AS response_id, {merged},
                   s.id AS stored_id, s.value AS old_value, i.value AS new_value
            FROM {incoming} i FULL JOIN stored s ON {same_cell}
            WHERE s.value IS DISTINCT FROM i.value
        ), deleted AS (
            DELETE FROM {table} t USING diff d
            WHERE t.response_id = ANY(%(replaced)s::bigint[])
              AND t.id = d.stored_id AND d.new_value IS NULL
        ), updated AS (
            UPDATE {table} t
            SET {value} = d.new_value, updated_at = %(now)s, updated_by_id = %(by)s
            FROM diff d
            WHERE t.response_id = ANY(%(replaced)s::bigint[])
              AND t.id = d.stored_id AND d.new_value IS NOT NULL
        ), inserted AS (
            INSERT INTO {table} (response_id, {key_list}, {value}, updated_at, updated_by_id)
            SELECT response_id, {key_list}, new_value, %(now)s, %(by)s
            FROM diff WHERE stored_id IS NULL
        )
        INSERT INTO {change_table}
            (response_id, {key_list}, {old}, {new}, changed_by_id, changed_at, source)
        SELECT response_id, {key_list}, old_value, new_value, %(by)s, %(now)s, %(source)s
        FROM diff
    """  # noqa: S608


def _write_with_orm(kind: CellKind, cells, *, replaced, by_id, now) -> int:
    """The same rule, with the ORM (SQLite and other databases: development sizes)."""
    model, width = kind.model, len(kind.keys) + 1
    stored = {
        tuple(row[1 : width + 1]): (row[0], row[-1])
        for row in model.objects.filter(response_id__in=replaced).values_list(
            "id", "response_id", *kind.keys, kind.value
        )
    }
    incoming = {tuple(cell[:width]): cell[-1] for cell in cells}
    creates, updates, deletes, changes = [], [], [], []
    old_column, new_column = kind.change_values
    for ident in stored.keys() | incoming.keys():
        pk, old = stored.get(ident, (None, None))
        new = incoming.get(ident)
        if old == new:
            continue
        fields = dict(zip(("response_id", *kind.keys), ident, strict=True))
        if pk is None:
            creates.append(
                model(**fields, **{kind.value: new}, updated_at=now, updated_by_id=by_id)
            )
        elif new is None:
            deletes.append(pk)
        else:
            updates.append(model(pk=pk, **{kind.value: new}, updated_at=now, updated_by_id=by_id))
        changes.append(
            AnswerChange(
                **fields, **{old_column: old, new_column: new},
                changed_by_id=by_id, changed_at=now, source=IMPORT,
            )
        )  # fmt: skip
    model.objects.filter(pk__in=deletes).delete()
    model.objects.bulk_update(updates, [kind.value, "updated_at", "updated_by_id"], batch_size=500)
    model.objects.bulk_create(creates, batch_size=1000)
    AnswerChange.objects.bulk_create(changes, batch_size=1000)
    return len(changes)
