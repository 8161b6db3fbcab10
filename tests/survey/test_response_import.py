import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results.data import imports
from results.data.imports import parse_responses, responses_import, wide_layout
from survey.models import Answer, AnswerChange, Response, ResponseEvent, RoleAnswer
from tests import factories as f


@pytest.fixture
def general(db):
    module = f.questionnaire(items=3)
    for code in ("1001", "1002", "1003"):
        f.ZoneFactory(code=code, region="VL")
    return module


@pytest.fixture
def events(db):
    module = f.questionnaire(kind="events", items=2, categories=2, objectives=2)
    f.ZoneFactory(code="1001", region="VL")
    return module


def header(module):
    return ",".join(["zone", *wide_layout(module).answer_columns])


def write(tmp_path, text, name="responses.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(module, path, *extra):
    call_command(
        "import_responses",
        "--edition",
        module.edition.code,
        "--module",
        module.kind,
        str(path),
        *extra,
    )


def codes(module, zone_code):
    return dict(
        Answer.objects.filter(response__module=module, response__zone__code=zone_code).values_list(
            "item__technology__code", "code"
        )
    )


def fails(module, path, capsys, *extra):
    """Run the import expecting failure; return stderr. Nothing may have been written."""
    before = Response.objects.count(), Answer.objects.count(), AnswerChange.objects.count()
    with pytest.raises(CommandError):
        run(module, path, *extra)
    assert (
        Response.objects.count(),
        Answer.objects.count(),
        AnswerChange.objects.count(),
    ) == before
    return capsys.readouterr().err


def test_it_imports_each_row_as_a_submitted_response(general, tmp_path):
    items = wide_layout(general).answer_columns
    path = write(tmp_path, header(general) + "\n1001,0,3,\n1002,9,,5\n")
    run(general, path)
    response = Response.objects.get(zone__code="1001", module=general)
    assert response.status == Response.Status.SUBMITTED
    assert response.source == Response.Source.IMPORT
    assert response.submitted_at is not None
    assert codes(general, "1001") == {items[0]: 0, items[1]: 3}
    assert codes(general, "1002") == {items[0]: 9, items[2]: 5}
    assert AnswerChange.objects.filter(source="import").count() == 4
    assert ResponseEvent.objects.filter(kind=ResponseEvent.Kind.IMPORTED).count() == 2


def test_it_reads_belgian_excels_semicolons_bom_and_submitted_at(general, tmp_path):
    text = (
        header(general).replace(",", ";") + ";submitted_at\n1001;1;2;3;2023-05-12T10:30:00+02:00\n"
    )
    run(general, write(tmp_path, text, encoding="utf-8-sig"))
    response = Response.objects.get(zone__code="1001")
    assert response.submitted_at == dt.datetime(2023, 5, 12, 8, 30, tzinfo=dt.UTC)


def test_it_imports_the_role_matrix_of_the_events_module(events, tmp_path):
    layout = wide_layout(events)
    assert len(layout.roles) == 4
    assert layout.roles[0].column.startswith("role__")
    cells = ["1001", "1", "2", "4", "0", "9", ""]
    run(events, write(tmp_path, header(events) + "\n" + ",".join(cells) + "\n"))
    assert RoleAnswer.objects.count() == 3
    first = layout.roles[0]
    assert RoleAnswer.objects.get(category=first.category, objective=first.objective).code == 4


def test_replace_replaces_answers_and_records_the_changes(general, tmp_path):
    items = wide_layout(general).answer_columns
    run(general, write(tmp_path, header(general) + "\n1001,0,3,\n"))
    run(general, write(tmp_path, header(general) + "\n1001,1,3,4\n"), "--replace")
    assert codes(general, "1001") == {items[0]: 1, items[1]: 3, items[2]: 4}
    assert Response.objects.count() == 1
    assert AnswerChange.objects.filter(old_code=0, new_code=1).count() == 1
    assert AnswerChange.objects.count() == 2 + 2  # first import 2 cells, then 2 changed


def test_parse_counts_new_and_replaced_rows(general):
    f.SubmittedResponseFactory(zone=f.ZoneFactory(code="1002"), module=general)
    raw = (header(general) + "\n1001,1,,\n1002,2,,\n").encode()
    parsed = parse_responses(raw, "x.csv", module=general, replace=True)
    assert (parsed.errors, parsed.new, parsed.replaced) == ([], 1, 1)
    responses_import(parsed=parsed)
    assert Response.objects.get(zone__code="1002").source == Response.Source.IMPORT


def test_it_reports_an_unknown_zone(general, tmp_path, capsys):
    err = fails(general, write(tmp_path, header(general) + "\n1001,1,1,1\n7777,1,1,1\n"), capsys)
    assert "row 3, column zone" in err and "'7777'" in err and "unknown zone" in err


def test_it_reports_a_zone_outside_the_population(general, tmp_path, capsys):
    f.ZoneFactory(code="5001", region="WA")
    f.ZoneFactory(code="5002", region="VL", valid_to=dt.date(2010, 1, 1))
    general.edition.regions = ["VL"]
    general.edition.save()
    err = fails(general, write(tmp_path, header(general) + "\n5001,1,1,1\n5002,,,\n"), capsys)
    assert "row 2, column zone" in err and "'5001'" in err and "outside the population" in err
    assert "row 3, column zone" in err and "'5002'" in err


def test_it_reports_unknown_and_missing_columns(general, tmp_path, capsys):
    err = fails(general, write(tmp_path, header(general) + ",drone_x\n1001,1,1,1,1\n"), capsys)
    assert "row 1, column drone_x: unknown column" in err
    err = fails(general, write(tmp_path, "code,a\n1001,1\n"), capsys)
    assert "row 1, column zone: required column is missing" in err


@pytest.mark.parametrize("value", ["7", "x", "1.5", "-1"])
def test_it_reports_a_code_outside_the_scale(general, tmp_path, capsys, value):
    column = wide_layout(general).answer_columns[1]
    err = fails(general, write(tmp_path, header(general) + f"\n1001,1,{value},1\n"), capsys)
    assert f"row 2, column {column}: not a code of the answer scale ('{value}')" in err


def test_it_reports_a_code_outside_the_role_scale(events, tmp_path, capsys):
    column = wide_layout(events).roles[0].column
    err = fails(events, write(tmp_path, header(events) + "\n1001,1,1,5,,,\n"), capsys)
    assert f"row 2, column {column}: not a code of the role scale ('5')" in err


def test_it_reports_duplicate_zones(general, tmp_path, capsys):
    err = fails(general, write(tmp_path, header(general) + "\n1001,1,1,1\n1001,2,2,2\n"), capsys)
    assert "row 3, column zone: duplicate zone (also on row 2) ('1001')" in err


def test_it_refuses_zones_that_already_answered_unless_replace(general, tmp_path, capsys):
    f.ResponseFactory(zone=f.ZoneFactory(code="1001"), module=general)
    err = fails(general, write(tmp_path, header(general) + "\n1001,1,1,1\n"), capsys)
    assert "row 2, column zone" in err and "already has a response" in err


def test_it_reports_a_bad_submitted_at(general, tmp_path, capsys):
    text = header(general) + ",submitted_at\n1001,1,1,1,12/05/2023\n"
    err = fails(general, write(tmp_path, text), capsys)
    assert "row 2, column submitted_at: not a date and time in ISO 8601 form ('12/05/2023')" in err


def test_it_reports_every_problem_not_only_the_first(general, tmp_path, capsys):
    text = header(general) + "\n7777,1,1,1\n1001,8,8,\n"
    err = fails(general, write(tmp_path, text), capsys)
    assert err.count("row ") == 3


def test_a_damaged_xlsx_is_reported(general, tmp_path, capsys):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    err = fails(general, path, capsys)
    assert "row 1" in err and "XLSX" in err


def test_an_unknown_module_is_a_command_error(general, tmp_path):
    with pytest.raises(CommandError, match="no module"):
        call_command(
            "import_responses", "--edition", "1900", "--module", "general", str(tmp_path / "x")
        )


def _import(module, text, *, by, replace=True):
    parsed = parse_responses(text.encode(), "r.csv", module=module, replace=replace)
    assert not parsed.errors, parsed.errors
    responses_import(parsed=parsed, by=by)


def test_replace_writes_only_the_cells_that_change_each_with_its_change_record(general):
    first, second = f.UserFactory(), f.UserFactory()
    _import(general, header(general) + "\n1001,0,3,\n", by=first, replace=False)
    kept, changed = (
        Answer.objects.get(response__zone__code="1001", item__order=order) for order in (1, 2)
    )
    records = AnswerChange.objects.count()
    _import(general, header(general) + "\n1001,0,4,5\n", by=second)

    # An unchanged cell still says who entered its value and when.
    assert Answer.objects.get(pk=kept.pk).updated_by == first
    assert Answer.objects.get(pk=kept.pk).updated_at == kept.updated_at
    # A changed cell says who changed it; it and a new cell each get a change record.
    assert Answer.objects.get(pk=changed.pk).updated_by == second
    new = AnswerChange.objects.order_by("id")[records:]
    assert {(c.old_code, c.new_code, c.changed_by) for c in new} == {
        (3, 4, second),
        (None, 5, second),
    }
    assert all(c.source == Response.Source.IMPORT for c in new)


def test_replace_deletes_a_cell_the_file_leaves_empty_and_records_it(general):
    _import(general, header(general) + "\n1001,0,3,1\n", by=None, replace=False)
    _import(general, header(general) + "\n1001,0,,1\n", by=None)
    items = wide_layout(general).answer_columns
    assert codes(general, "1001") == {items[0]: 0, items[2]: 1}
    assert AnswerChange.objects.filter(old_code=3, new_code=None).count() == 1


def test_a_replace_that_changes_nothing_records_only_the_import(general):
    text = header(general) + "\n1001,0,3,\n1002,1,,9\n"
    _import(general, text, by=None, replace=False)
    records = AnswerChange.objects.count()
    _import(general, text, by=None)
    assert AnswerChange.objects.count() == records
    assert ResponseEvent.objects.filter(kind=ResponseEvent.Kind.IMPORTED).count() == 4


def test_replace_changes_role_cells_one_by_one(events):
    columns = header(events)
    _import(events, columns + "\n1001,1,2,4,0,9,\n", by=None, replace=False)
    layout = wide_layout(events)
    cell = {r.column: (r.category, r.objective) for r in layout.roles}
    before = {
        (a.category_id, a.objective_id): (a.pk, a.updated_at) for a in RoleAnswer.objects.all()
    }
    _import(events, columns + "\n1001,1,2,4,1,,3\n", by=None)
    after = {(a.category, a.objective): a for a in RoleAnswer.objects.all()}
    first, second, third, fourth = (cell[r.column] for r in layout.roles)
    assert after[first].code == 4 and after[second].code == 1 and after[fourth].code == 3
    assert third not in after
    key = (first[0].pk, first[1].pk)
    assert (after[first].pk, after[first].updated_at) == before[key]  # unchanged: untouched
    roles = AnswerChange.objects.filter(category__isnull=False).order_by("id")[3:]
    assert {(c.old_code, c.new_code) for c in roles} == {(0, 1), (9, None), (None, 3)}


def test_an_import_in_several_chunks_compares_each_chunk_with_its_own_responses(
    general, monkeypatch
):
    """Each chunk empties and refills the import's temporary table: no chunk sees another's
    cells (a leftover cell would be written to the wrong response or deleted)."""
    monkeypatch.setattr(imports, "CHUNK", 1)
    _import(general, header(general) + "\n1001,0,3,\n1002,1,,9\n", by=None, replace=False)
    _import(general, header(general) + "\n1001,0,4,\n1002,,,9\n1003,2,2,2\n", by=None)
    items = wide_layout(general).answer_columns
    assert codes(general, "1001") == {items[0]: 0, items[1]: 4}
    assert codes(general, "1002") == {items[2]: 9}
    assert codes(general, "1003") == {items[0]: 2, items[1]: 2, items[2]: 2}
    changes = AnswerChange.objects.order_by("id")[4:]
    assert sorted((c.response.zone.code, c.old_code, c.new_code) for c in changes) == [
        ("1001", 3, 4),
        ("1002", 1, None),
        ("1003", None, 2),
        ("1003", None, 2),
        ("1003", None, 2),
    ]


def test_the_queries_of_an_import_do_not_grow_with_its_cells(general):
    """The cells travel by COPY: a chunk costs the same statements however many it holds."""
    _import(general, header(general) + "\n1001,0,,\n1002,0,,\n", by=None, replace=False)

    def statements(text):
        with CaptureQueriesContext(connection) as queries:
            _import(general, header(general) + text, by=None)
        return len(queries)

    assert statements("\n1001,1,,\n1002,,,\n") == statements("\n1001,2,3,4\n1002,5,3,9\n")
