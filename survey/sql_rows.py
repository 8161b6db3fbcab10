"""Hand-written reads for the few queries every request (or every autosave) makes.

Building and compiling a QuerySet costs more Python than the query costs the database: for
the session read and the autosave's lock it was most of the request's own time. Those queries
are written here once per process from the models' metadata (table and column names are never
typed by hand) and their rows become model instances through the same converters the ORM
applies, so a value reads as it would from a QuerySet. A field not read is deferred, as with
`.only()`: touching it loads it (one query more, which the query-count tests would show).
"""

from dataclasses import dataclass
from functools import cache, cached_property

from django.db import connection


def quoted(model, field: str | None = None, alias: str | None = None) -> str:
    """A model's table, or one of its columns (by field name) under `alias`, quoted."""
    quote = connection.ops.quote_name
    if field is None:
        return quote(model._meta.db_table)
    return f"{alias}.{quote(model._meta.get_field(field).column)}"


@dataclass(frozen=True)
class Columns:
    """Fields of one model read under a table alias; `select` is their part of a SELECT."""

    model: type
    alias: str
    names: tuple

    @classmethod
    def of(cls, model, alias: str, names=None) -> "Columns":
        """`names` (field names), or every concrete field of the model; read in the model's
        field order, which is the order `Model.from_db` takes a subset of values in."""
        fields = model._meta.concrete_fields
        wanted = None if names is None else {model._meta.get_field(name).name for name in names}
        return cls(
            model, alias, tuple(f.name for f in fields if wanted is None or f.name in wanted)
        )

    @property
    def select(self) -> str:
        return ", ".join(quoted(self.model, name, self.alias) for name in self.names)

    @cached_property
    def _reading(self) -> tuple:
        """(attnames, [(column, converters)]) of the fields, worked out once."""
        meta, attnames, reading = self.model._meta, [], []
        for name in self.names:
            field = meta.get_field(name)
            column = field.get_col(self.alias)
            converters = connection.ops.get_db_converters(column) + field.get_db_converters(
                connection
            )
            attnames.append(field.attname)
            reading.append((column, converters))
        return attnames, reading

    def build(self, values):
        """The model instance from this part of a row, values converted as the ORM would."""
        attnames, reading = self._reading
        converted = []
        for value, (column, converters) in zip(values, reading, strict=True):
            for converter in converters:
                value = converter(value, column, connection)
            converted.append(value)
        return self.model.from_db(connection.alias, attnames, converted)


def split(row, *parts: Columns) -> list:
    """The instances of each part of `row`, in order (parts selected one after the other)."""
    instances, start = [], 0
    for part in parts:
        end = start + len(part.names)
        instances.append(part.build(row[start:end]))
        start = end
    return instances


@cache
def _planned_once_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PlannedOnceCursor(ServerBindingCursor):
        def _send_query_prepared(self, name, pgq, **options):
            # psycopg keeps no `_query` for a prepared run, and Django logs a query's text
            # from it (connection.queries, query counts in tests): keep it as for any other.
            self._query = pgq
            return super()._send_query_prepared(name, pgq, **options)

    return PlannedOnceCursor


def planned_once_cursor():
    """A cursor for the statements above on PostgreSQL: parameters bound by the server, so
    psycopg prepares a statement once it has run a few times on a connection
    (DB_PREPARE_THRESHOLD) and PostgreSQL plans it once per (persistent) connection rather
    than on every request: planning the autosave's five-table join cost five times running
    it. Elsewhere Django's usual cursor. Wrapped and logged as Django's own cursors are."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_planned_once_cursor_class()(connection.connection))
