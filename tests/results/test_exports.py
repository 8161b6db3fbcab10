"""Every export format read back with the tool a researcher would use, compared with the data."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pyreadstat
import pytest
from django.core.management import call_command

from results.data.codebook import stata_label, stata_name
from results.data.exports import ExportOptions, pseudonym
from results.data.imports import wide_layout
from results.models import ExportLog
from survey.models import Answer, Response, RoleAnswer
from tests import factories as f

SUBMITTED = dt.datetime(2023, 5, 12, 8, 30, 15, tzinfo=dt.UTC)


@pytest.fixture
def events(db):
    """An events module with a role matrix, two answering zones and one in progress."""
    module = f.questionnaire(kind="events", items=3, categories=2, objectives=2)
    layout = wide_layout(module)
    a = f.SubmittedResponseFactory(
        zone=f.ZoneFactory(code="1001", staff=80, degurba=1, name_nl="Noord"),
        module=module,
        submitted_at=SUBMITTED,
    )
    b = f.SubmittedResponseFactory(
        zone=f.ZoneFactory(code="1002", staff=600, region="BR"), module=module
    )
    f.ResponseFactory(zone=f.ZoneFactory(code="1003"), module=module)
    for item, code in zip(layout.items, (0, 5, 9), strict=True):
        f.AnswerFactory(response=a, item=item, code=code)
    f.AnswerFactory(response=b, item=layout.items[1], code=2)
    role = layout.roles[0]
    f.RoleAnswerFactory(response=a, category=role.category, objective=role.objective, code=4)
    role = layout.roles[3]
    f.RoleAnswerFactory(response=b, category=role.category, objective=role.objective, code=9)
    return module


def database_cells(module):
    """{zone: {column: code}} of the submitted responses, as the wide file should hold them."""
    layout = wide_layout(module)
    columns = {item.pk: item.technology.code for item in layout.items}
    roles = {(r.category.pk, r.objective.pk): r.column for r in layout.roles}
    cells = {}
    for response in Response.objects.of_module(module).submitted().select_related("zone"):
        row = cells.setdefault(response.zone.code, {})
        for answer in Answer.objects.filter(response=response):
            row[columns[answer.item_id]] = answer.code
        for answer in RoleAnswer.objects.filter(response=response):
            row[roles[(answer.category_id, answer.objective_id)]] = answer.code
    return cells


def export(module, tmp_path, fmt, *extra):
    path = tmp_path / f"out.{fmt}"
    call_command(
        "export_responses",
        "--edition",
        module.edition.code,
        "--module",
        module.kind,
        "--format",
        fmt,
        "--output",
        str(path),
        *extra,
    )
    return path


def frame_cells(frame, module, zone_column="zone"):
    answers = wide_layout(module).answer_columns
    cells = {}
    for record in frame.to_dict("records"):
        cells[str(record[zone_column])] = {
            column: int(record[column]) for column in answers if pd.notna(record[column])
        }
    return cells


def test_csv_is_the_wide_file_and_matches_the_database(events, tmp_path):
    path = export(events, tmp_path, "csv")
    frame = pd.read_csv(path, dtype={"zone": str}, keep_default_na=True)
    assert list(frame.columns) == ["zone", *wide_layout(events).answer_columns, "submitted_at"]
    assert frame_cells(frame, events) == database_cells(events)
    assert frame.loc[0, "submitted_at"] == "2023-05-12T08:30:15+00:00"
    assert "1003" not in set(frame["zone"])  # in progress: not exported


def test_xlsx_has_the_data_first_and_a_codebook_sheet(events, tmp_path):
    path = export(events, tmp_path, "xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["responses", "codebook"]
    frame = pd.read_excel(path, sheet_name=0, dtype={"zone": str})
    assert frame_cells(frame, events) == database_cells(events)
    codebook = pd.read_excel(path, sheet_name="codebook")
    assert {"variable", "code", "label_nl", "label_en"} <= set(codebook.columns)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_into_an_empty_database_changes_nothing(events, tmp_path, fmt):
    path = export(events, tmp_path, fmt)
    before = database_cells(events)
    submitted = dict(Response.objects.submitted().values_list("zone__code", "submitted_at"))
    # Empty the module's responses, then import the export.
    Answer.objects.all().delete()
    RoleAnswer.objects.all().delete()
    Response.objects.all().delete()
    call_command(
        "import_responses", "--edition", events.edition.code, "--module", "events", str(path)
    )
    assert database_cells(events) == before
    assert dict(Response.objects.values_list("zone__code", "submitted_at")) == submitted
    again = export(events, tmp_path, fmt.replace("xlsx", "csv"))
    if fmt == "csv":
        assert again.read_bytes() == path.read_bytes()


def test_sav_has_labels_and_dont_know_as_user_missing(events, tmp_path):
    path = export(events, tmp_path, "sav", "--language", "en")
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    item = wide_layout(events).items[0]
    assert frame_cells(frame, events) == database_cells(events)
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels[item.technology.code] == item.label_en
    assert meta.variable_value_labels[item.technology.code][9.0] == "use 9 en"
    assert meta.missing_ranges[item.technology.code] == [{"lo": 9.0, "hi": 9.0}]
    # Attributes come by default in the analysis formats.
    assert {"region", "degurba", "size_class", "staff", "name"} <= set(frame.columns)
    assert frame.loc[frame.zone == "1001", "size_class"].item() == "<100"
    assert frame.loc[frame.zone == "1001", "submitted_at"].item() == pd.Timestamp(
        "2023-05-12 08:30:15"
    )


def test_dta_uses_stata_names_and_short_labels(db, tmp_path):
    module = f.questionnaire(kind="events", items=1, categories=1, objectives=1)
    category = module.items.get().category
    category.code = "automated_camera_image_analysis"
    category.save()
    objective = module.objectives.get()
    objective.code = "maintaining_public_order"
    objective.label_nl = "Handhaven van de openbare orde " * 5
    objective.save()
    column = "role__automated_camera_image_analysis__maintaining_public_order"
    response = f.SubmittedResponseFactory(module=module)
    f.RoleAnswerFactory(response=response, category=category, objective=objective, code=3)
    path = export(module, tmp_path, "dta")
    frame, meta = pyreadstat.read_dta(str(path))
    short = stata_name(column)
    assert len(short) <= 28 and short in frame.columns
    assert frame[short].tolist() == [3.0]
    label = dict(zip(meta.column_names, meta.column_labels, strict=True))[short]
    assert len(label) <= 80 and label.endswith("…")
    assert meta.variable_value_labels[short][3.0] == "role 3 nl"


def test_stata_names_are_stable_and_distinct():
    a = "role__automated_camera_image_analysis__maintaining_public_order"
    b = "role__automated_camera_image_analysis__maintaining_public_peace"
    assert stata_name(a) == stata_name(a) != stata_name(b)
    assert stata_name("drone") == "drone"
    assert stata_label("short") == "short"


def test_long_csv_has_one_row_per_answered_cell(events, tmp_path):
    path = export(events, tmp_path, "long")
    frame = pd.read_csv(path, dtype={"zone": str})
    assert list(frame.columns) == ["zone", "item", "code"]
    got = {(r.zone, r.item, r.code) for r in frame.itertuples()}
    expected = {
        (zone, column, code)
        for zone, row in database_cells(events).items()
        for column, code in row.items()
    }
    assert got == expected


def test_german_labels_fall_back_to_french(events, tmp_path):
    path = export(events, tmp_path, "sav", "--language", "de")
    _frame, meta = pyreadstat.read_sav(str(path))
    role = wide_layout(events).roles[0]
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels[stata_name(role.column)].startswith(role.category.label_fr)


def test_pseudonymised_exports_hide_codes_names_and_staff(events, tmp_path):
    path = export(events, tmp_path, "csv", "--pseudonymise", "--with-attributes")
    frame = pd.read_csv(path, dtype=str)
    assert "name" not in frame.columns and "staff" not in frame.columns
    assert {"region", "degurba", "size_class"} <= set(frame.columns)
    code = events.edition.code
    assert set(frame["zone"]) == {pseudonym(code, "1001"), pseudonym(code, "1002")}
    assert all(z.startswith("Z") and len(z) == 11 for z in frame["zone"])
    assert "1001" not in path.read_text()


def test_pseudonyms_are_stable_and_depend_on_the_edition():
    assert pseudonym("2023", "1001") == pseudonym("2023", "1001")
    assert pseudonym("2023", "1001") != pseudonym("2020", "1001")


def test_attribute_defaults_per_format():
    assert ExportOptions(format="csv").with_attributes is False
    assert ExportOptions(format="dta").with_attributes is True
    assert ExportOptions(format="sav", with_attributes=False).with_attributes is False
    with pytest.raises(ValueError):
        ExportOptions(format="pdf")


def test_every_export_is_logged(events, tmp_path):
    export(events, tmp_path, "long", "--language", "fr")
    entry = ExportLog.objects.get()
    assert (entry.format, entry.rows, entry.module, entry.user) == ("long", 2, events, None)
    assert entry.options["language"] == "fr"


def test_the_command_reports_progress_on_stderr(events, tmp_path, capsys):
    export(events, tmp_path, "csv")
    assert "2 zones exported" in capsys.readouterr().err


def test_csv_text_streams_line_by_line(events):
    from results.data.exports.table import export_table
    from results.data.exports.text import wide_csv

    lines = list(wide_csv(export_table(events, ExportOptions())))
    assert len(lines) == 3
    assert pd.read_csv(io.StringIO("".join(lines))).shape[0] == 2


@pytest.mark.parametrize("fmt", ["sav", "dta", "xlsx"])
def test_the_reference_questionnaires_export_in_every_format(reference, tmp_path, fmt):
    from survey.models import Module

    for module in Module.objects.filter(edition__code="2023"):
        response = f.SubmittedResponseFactory(module=module, zone=f.ZoneFactory(code="1001"))
        f.AnswerFactory(response=response, item=module.items.first(), code=9)
        path = export(module, tmp_path, fmt, "--language", "de")
        assert path.stat().st_size > 0
