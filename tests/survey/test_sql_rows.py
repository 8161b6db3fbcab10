"""Hand-written reads (survey/sql_rows.py) give what the ORM would, and stay visible to
Django's query log once PostgreSQL has them prepared."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from survey.models import Edition, Response
from survey.sql_rows import Columns, planned_once_cursor, quoted, split
from tests import factories as f


def read(parts, table_model, pk):
    first = parts[0]
    with planned_once_cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(p.select for p in parts)} FROM {quoted(table_model)} "  # noqa: S608
            f"{first.alias} WHERE {quoted(table_model, 'id', first.alias)} = %s",
            [pk],
        )
        return split(cursor.fetchone(), *parts)


def test_a_row_reads_as_the_orm_reads_it(db):
    edition = f.EditionFactory(code="2026", regions=["VL", "WA"])
    [read_here] = read([Columns.of(Edition, "e")], Edition, edition.pk)
    from_orm = Edition.objects.get(pk=edition.pk)
    for field in Edition._meta.concrete_fields:
        assert getattr(read_here, field.attname) == getattr(from_orm, field.attname), field.name
    assert read_here.regions == ["VL", "WA"]  # JSON, not its text


def test_fields_not_read_load_when_touched(db, zone_a):
    response = f.ResponseFactory(zone=zone_a)
    [partial] = read([Columns.of(Response, "r", ["id", "status"])], Response, response.pk)
    assert partial.get_deferred_fields() >= {"created_at", "zone_id"}
    assert partial.zone_id == zone_a.pk  # one query more


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
def test_a_prepared_statement_is_still_logged_with_its_text(db):
    edition = f.EditionFactory(code="2026")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(8):  # prepared after DB_PREPARE_THRESHOLD (5) runs
            read([Columns.of(Edition, "e", ["id", "code"])], Edition, edition.pk)
    assert all('FROM "survey_edition" e' in q["sql"] for q in queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        assert any('FROM "survey_edition" e' in text for (text,) in cursor.fetchall())
