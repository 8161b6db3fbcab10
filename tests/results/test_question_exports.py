"""A questions module in and out: wide, long, SPSS, Stata, codebook, and the wide import."""

import csv
import io

import pyreadstat
import pytest
from django.core.management import call_command

from results.data.codebook import codebook, codebook_rows, module_variables
from results.data.exports import ExportOptions
from results.data.exports.files import export_to_path
from results.data.imports import parse_responses, responses_import
from survey.answering.answers import ANY, answers_save, response_submit
from survey.answering.conditions import slot_key
from survey.models import Item, QuestionAnswer, Response
from tests import factories as f


@pytest.fixture
def deployment(db):
    general, module = f.deployment_questionnaire()
    chief = f.UserFactory()
    zones = {
        "1001": {"drone": 4, "bodycam": 0, "x_account": 0},
        "1002": {"drone": 0, "bodycam": 2, "x_account": 9},
    }
    items = {i.technology.code: i for i in Item.objects.filter(module=general)}
    for code, general_codes in zones.items():
        zone = f.ZoneFactory(code=code)
        f.MembershipFactory(zone=zone, user=chief)
        response = Response.objects.create(zone=zone, module=general)
        answers_save(
            response=response,
            user=chief,
            changes={items[t]: (ANY, c) for t, c in general_codes.items()},
        )
    return module, chief


def key(module, code, technology=None):
    question = module.questions.get(code=code)
    return slot_key(question.pk, f.TechnologyFactory(code=technology).pk if technology else None)


def answer(module, chief, zone_code, values):
    zone = f.ZoneFactory(code=zone_code)
    response = Response.objects.create(zone=zone, module=module)
    answers_save(
        response=response,
        user=chief,
        changes={key(module, *k): (ANY, v) for k, v in values.items()},
    )
    response_submit(response=response, user=chief)
    return response


@pytest.fixture
def answered(deployment):
    module, chief = deployment
    answer(
        module,
        chief,
        "1001",
        {
            ("purpose", "drone"): "other",
            ("purpose_other", "drone"): "Training",
            ("legal_basis", "drone"): "9",
            ("retention_days", "drone"): "9999",
            ("considering",): "bodycam",
            ("comment",): 'A, "quoted" comment',
        },
    )
    kept = answer(
        module,
        chief,
        "1002",
        {
            ("purpose", "bodycam"): "prevention,other",
            ("purpose_other", "bodycam"): "kept, not asked",
            ("retention_days", "bodycam"): "30",
            ("considering",): "none",
        },
    )
    # 1002 then changes purpose: purpose_other no longer applies, its answer stays stored
    Response.objects.filter(pk=kept.pk).update(status="in_progress")
    answers_save(
        response=kept, user=chief, changes={key(module, "purpose", "bodycam"): (ANY, "prevention")}
    )
    Response.objects.filter(pk=kept.pk).update(status="submitted")
    return module


def wide(module, tmp_path, fmt="csv"):
    path = tmp_path / f"out.{fmt}"
    export_to_path(module, ExportOptions(format=fmt), path)
    return path


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_wide_file_has_the_columns_and_missing_rules_of_deployment_md(answered, tmp_path):
    rows = {row["zone"]: row for row in read_csv(wide(answered, tmp_path))}
    header = list(rows["1001"])
    assert header[:5] == [
        "zone",
        "purpose__drone__prevention",
        "purpose__drone__evidence",
        "purpose__drone__other",
        "purpose_other__drone",
    ]
    assert {"legal_basis__bodycam", "retention_days__drone", "comment"} <= set(header)
    assert [c for c in header if c.startswith("considering__")] == [
        "considering__drone",
        "considering__bodycam",
        "considering__x_account",
        "considering__none",
    ]
    a, b = rows["1001"], rows["1002"]
    assert (a["purpose__drone__other"], a["purpose__drone__evidence"]) == ("1", "0")
    assert a["purpose_other__drone"] == "Training"
    assert (a["legal_basis__drone"], a["retention_days__drone"]) == ("9", "9999")
    assert a["legal_basis__bodycam"] == "-1" and a["purpose__bodycam__other"] == "-1"
    assert a["purpose_other__bodycam"] == ""  # text: empty when not asked
    assert (a["considering__drone"], a["considering__bodycam"]) == ("-1", "1")
    assert a["considering__x_account"] == "0" and a["considering__none"] == "0"
    assert a["comment"] == 'A, "quoted" comment'
    # 1002: asked about bodycam; purpose_other no longer applies; legal_basis unanswered
    assert b["purpose__bodycam__prevention"] == "1" and b["purpose__bodycam__other"] == "0"
    assert b["purpose_other__bodycam"] == ""
    assert b["legal_basis__bodycam"] == "" and b["retention_days__bodycam"] == "30"
    assert b["considering__x_account"] == "-1"  # don't know in the general module: not offered
    assert b["considering__none"] == "1" and b["legal_basis__drone"] == "-1"
    assert QuestionAnswer.objects.filter(value="kept, not asked").exists()


def test_a_round_trip_through_the_wide_import_changes_nothing(answered, tmp_path):
    for fmt in ("csv", "xlsx"):
        before = wide(answered, tmp_path, fmt).read_bytes()
        parsed = parse_responses(before, f"in.{fmt}", module=answered, replace=True)
        assert not parsed.errors, parsed.errors
        responses_import(parsed=parsed)
        assert read_csv(wide(answered, tmp_path)) == read_csv(wide(answered, tmp_path, "csv"))
    first = read_csv(wide(answered, tmp_path))
    parsed = parse_responses(
        wide(answered, tmp_path).read_bytes(), "in.csv", module=answered, replace=True
    )
    responses_import(parsed=parsed)
    assert read_csv(wide(answered, tmp_path)) == first


def test_import_reports_every_problem_with_row_and_column(deployment):
    module, _chief = deployment
    header = (
        "zone,purpose__drone__prevention,purpose__drone__other,purpose_other__drone,"
        "retention_days__drone,legal_basis__bodycam,considering__bodycam,considering__none,comment"
    )
    rows = [
        "1001,1,0,not asked,4000,2,1,1,",  # other not chosen; bounds; bodycam not had; exclusive
        "1002,0,0,,,-1,-1,1,ok",  # drone not had by 1002; bodycam asked but -1
    ]
    parsed = parse_responses(
        "\n".join([header, *rows]).encode(), "paper.csv", module=module, replace=False
    )
    problems = {(e.row, e.column) for e in parsed.errors}
    assert {
        (2, "purpose_other__drone"),
        (2, "retention_days__drone"),
        (2, "legal_basis__bodycam"),
        (2, "considering__bodycam"),
        (3, "purpose__drone__prevention"),
        (3, "legal_basis__bodycam"),
    } <= problems
    assert (3, "considering__bodycam") not in problems  # not offered: -1 is right
    assert not parsed.rows


def test_paper_answers_are_imported_as_submitted_responses(deployment):
    module, _chief = deployment
    content = (
        "zone,purpose__drone__prevention,purpose__drone__other,purpose_other__drone,"
        "retention_days__drone,considering__bodycam,considering__none,comment\n"
        "1001,1,1,School visits,365,0,1,\n"
    )
    parsed = parse_responses(content.encode(), "paper.csv", module=module)
    assert not parsed.errors, parsed.errors
    responses_import(parsed=parsed)
    stored = {
        (a.question.code, a.technology.code if a.technology else None): a.value
        for a in QuestionAnswer.objects.filter(response__module=module)
    }
    assert stored == {
        ("purpose", "drone"): "prevention,other",
        ("purpose_other", "drone"): "School visits",
        ("retention_days", "drone"): "365",
        ("considering", None): "none",
    }


def test_long_file_lists_answered_cells_only(answered, tmp_path):
    rows = read_csv(wide(answered, tmp_path, "long"))
    cells = {(r["zone"], r["item"]): r["code"] for r in rows}
    assert cells[("1001", "retention_days__drone")] == "9999"
    assert cells[("1001", "purpose_other__drone")] == "Training"
    assert ("1001", "legal_basis__bodycam") not in cells  # -1: not asked
    assert ("1002", "purpose_other__bodycam") not in cells


def test_spss_and_stata_declare_not_asked_and_dont_know(answered, tmp_path):
    frame, meta = pyreadstat.read_sav(str(wide(answered, tmp_path, "sav")), user_missing=True)
    assert meta.missing_ranges["legal_basis__drone"] == [
        {"lo": -1.0, "hi": -1.0},
        {"lo": 9.0, "hi": 9.0},
    ]
    assert meta.missing_ranges["retention_days__drone"] == [
        {"lo": -1.0, "hi": -1.0},
        {"lo": 9999.0, "hi": 9999.0},
    ]
    labels = meta.variable_value_labels["retention_days__drone"]
    assert labels[-1.0] == "niet gevraagd (niet van toepassing)" or "not asked" in labels[-1.0]
    assert "Training" in set(frame["purpose_other__drone"])
    frame, meta = pyreadstat.read_dta(str(wide(answered, tmp_path, "dta")))
    name = next(n for n in meta.column_names if n.startswith("retention_days__dro"))
    # Stata: -1 and 9999 become extended missing values (.a, .b), each with its label
    assert set(meta.variable_value_labels[name]) == {"a", "b"}


def test_the_codebook_gives_type_and_condition_in_words(answered):
    variables = {v.column: v for v in module_variables(answered)}
    assert variables["purpose_other__drone"].condition.endswith("includes other")
    assert "technology" in variables["legal_basis__drone"].condition
    assert "not available" in variables["considering__none"].condition
    header, rows = codebook_rows(codebook(answered.edition))
    assert header[-2:] == ["type", "condition"]
    assert any(row[1] == "comment" and row[-2] == "Free text" for row in rows)


def test_export_responses_command_takes_the_module_code(answered, tmp_path):
    path = tmp_path / "d.csv"
    call_command(
        "export_responses",
        "--edition",
        answered.edition.code,
        "--module",
        "deployment",
        "--format",
        "csv",
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    assert path.read_text().startswith("zone,purpose__drone__prevention")
