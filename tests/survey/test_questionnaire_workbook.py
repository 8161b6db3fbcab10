"""The questionnaire workbook: export, import into a new draft edition, identical questionnaire."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from survey.models import Edition, Module
from survey.questionnaire.editions import edition_copy
from survey.questionnaire.module_specs import (
    module_spec,
    questions_module_create,
    reference_module_spec,
)
from survey.questionnaire.workbook import WorkbookInvalid, questionnaire_import, workbook_bytes
from tests.hostile import generate

LABELS = ("label_nl", "label_fr", "label_de", "label_en")
TEXTS = tuple(
    f"{key}_{lang}"
    for key in ("title", "question", "intro", "role_question")
    for lang in ("nl", "fr", "de", "en")
)


def snapshot(edition: Edition) -> dict:
    """Everything an edition asks, without database ids and without its own code."""
    return {
        "names": [edition.name_nl, edition.name_fr, edition.name_de, edition.name_en],
        "fieldwork": (edition.fieldwork_start, edition.fieldwork_end, edition.regions),
        "scales": {
            scale.code: [
                (p.code, p.counts_as_available, p.is_valid, *(getattr(p, f) for f in LABELS))
                for p in scale.points.order_by("code")
            ]
            for scale in edition.scales.all()
        },
        "categories": [
            (c.code, c.order, *(getattr(c, f) for f in LABELS))
            for c in edition.categories.order_by("order", "code")
        ],
        "modules": [
            {
                "kind": m.kind,
                "form": m.form,
                "order": m.order,
                "scale": m.scale.code if m.scale else None,
                "role_scale": m.role_scale.code if m.role_scale else None,
                "follow_up": m.follow_up,
                "texts": [getattr(m, f) for f in TEXTS],
                "items": [
                    (i.technology.code, i.category.code, i.order, *(getattr(i, f) for f in LABELS))
                    for i in m.items.select_related("technology", "category").order_by("order")
                ],
                "objectives": [
                    (o.code, o.order, *(getattr(o, f) for f in LABELS))
                    for o in m.objectives.order_by("order")
                ],
                "questions": module_spec(m)["questions"] if m.is_questions else [],
            }
            for m in edition.modules.order_by("order")
        ],
    }


def round_trip(code: str, new: str, tmp_path) -> Edition:
    path = tmp_path / f"{code}.xlsx"
    call_command("export_questionnaire", "--edition", code, "--output", str(path),
                 stdout=io.StringIO())  # fmt: skip
    call_command("import_questionnaire", "--edition", new, str(path), stdout=io.StringIO())
    return Edition.objects.get(code=new)


@pytest.mark.parametrize("code", ["2020", "2023"])
def test_exporting_and_importing_a_reference_edition_gives_the_same_questionnaire(
    reference, tmp_path, code
):
    imported = round_trip(code, f"{code}b", tmp_path)
    assert imported.status == Edition.Status.DRAFT
    assert snapshot(imported) == snapshot(Edition.objects.get(code=code))
    assert imported.previous == Edition.objects.get(code=code).previous


@pytest.fixture
def with_deployment(reference):
    draft = edition_copy(
        source=Edition.objects.get(code="2023"),
        code="2026",
        name_nl="Editie 2026",
        fieldwork_start=dt.date(2026, 11, 1),
        fieldwork_end=dt.date(2026, 12, 31),
    )
    questions_module_create(edition=draft, spec=reference_module_spec("deployment"))
    return draft


def test_the_deployment_module_survives_the_round_trip(with_deployment, tmp_path):
    imported = round_trip("2026", "2027", tmp_path)
    assert snapshot(imported) == snapshot(with_deployment)
    deployment = imported.modules.get(kind="deployment")
    other = deployment.questions.get(code="purpose_other")
    assert (other.condition_question, other.condition_operator) == ("purpose", "includes")
    assert deployment.questions.get(code="considering").choices_from == "unavailable"


def test_the_workbook_has_one_row_per_question_and_a_column_per_language(with_deployment):
    book = load_workbook(io.BytesIO(workbook_bytes(with_deployment)))
    assert {"settings", "modules", "questions", "choices", "scales"} <= set(book.sheetnames)
    header = [c.value for c in book["questions"][1]]
    assert {"label_nl", "label_fr", "label_de", "label_en", "help_en", "relevant"} <= set(header)
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in book["questions"]]
    purpose_other = next(r for r in rows if r["code"] == "purpose_other")
    assert purpose_other["relevant"] == "purpose includes other"
    assert purpose_other["label_nl"] == "Andere doelstelling, namelijk"
    lists = {row[0].value for row in book["choices"].iter_rows(min_row=2)}
    assert "deployment.purpose" in lists and "deployment.considering" in lists


def test_every_error_is_reported_by_sheet_row_and_column_and_nothing_is_written(
    with_deployment,
):
    book = load_workbook(io.BytesIO(workbook_bytes(with_deployment)))
    questions = book["questions"]
    header = [c.value for c in questions[1]]
    col = {name: header.index(name) + 1 for name in header}
    rows = {questions.cell(r, col["code"]).value: r for r in range(2, questions.max_row + 1)}
    questions.cell(rows["retention_days"], col["max"]).value = "many"
    questions.cell(rows["purpose_other"], col["relevant"]).value = "legal_basis includes 1"
    questions.cell(rows["dpia"], col["type"]).value = "slider"
    book["settings"].append(["colour", "blue"])
    out = io.BytesIO()
    book.save(out)
    editions = Edition.objects.count()
    with pytest.raises(WorkbookInvalid) as invalid:
        questionnaire_import(code="2028", raw=out.getvalue())
    found = {(e.sheet, e.row, e.column) for e in invalid.value.errors}
    assert ("questions", rows["retention_days"], "max") in found
    assert ("questions", rows["dpia"], "type") in found
    assert any(sheet == "settings" and column == "key" for sheet, _row, column in found)
    assert Edition.objects.count() == editions

    # the same workbook without the reading errors: the condition is checked on creation
    questions.cell(rows["retention_days"], col["max"]).value = 3650
    questions.cell(rows["dpia"], col["type"]).value = "single"
    book["settings"].delete_rows(book["settings"].max_row)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(WorkbookInvalid) as invalid:
        questionnaire_import(code="2028", raw=out.getvalue())
    assert [(e.sheet, e.row, e.column) for e in invalid.value.errors] == [
        ("questions", rows["purpose_other"], "relevant")
    ]
    assert "several-choices" in invalid.value.errors[0].message
    assert not Edition.objects.filter(code="2028").exists()
    assert not Module.objects.filter(edition__code="2028").exists()


def test_the_command_reports_problems_and_fails(db, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a workbook")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_questionnaire", "--edition", "2029", str(path), stderr=err)
    assert "not a readable XLSX workbook" in err.getvalue()


@pytest.mark.parametrize(
    "hostile",
    [generate.xlsx_bomb, generate.xlsx_shared_strings_bomb],
    ids=["zip bomb", "shared strings bomb"],
)
def test_a_hostile_workbook_is_refused_before_it_is_parsed_and_nothing_is_written(db, hostile):
    _name, raw = hostile()
    with pytest.raises(WorkbookInvalid) as refused:
        questionnaire_import(code="2029", raw=raw)
    assert refused.value.errors[0].sheet == "-"
    assert not Edition.objects.filter(code="2029").exists()
