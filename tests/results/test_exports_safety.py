"""Text that looks like a formula comes out inert in CSV and XLSX, labels included."""

import csv
import io

import openpyxl
import pytest

from results.data.codebook import codebook
from results.data.exports import ExportOptions
from results.data.exports.table import export_table
from results.data.exports.text import codebook_csv, wide_csv
from results.data.exports.workbook import write_codebook_xlsx, write_xlsx
from results.data.spreadsheet_safety import neutralise
from tests import factories as f

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_starts_get_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["drone", "1001", "", 3, None, -1])
def test_ordinary_values_are_left_alone(value):
    assert neutralise(value) == value


@pytest.fixture
def hostile(db):
    module = f.questionnaire(items=1)
    item = module.items.get()
    item.label_en = "=cmd|' /C calc'!A0"
    item.save()
    point = module.scale.points.get(code=9)
    point.label_en = "@SUM(1+1)"
    point.save()
    zone = f.ZoneFactory(code="1001", name_nl='=IMPORTXML("http://x")')
    response = f.SubmittedResponseFactory(zone=zone, module=module)
    f.AnswerFactory(response=response, item=item, code=9)
    return module


def test_csv_values_and_labels_are_inert(hostile):
    table = export_table(hostile, ExportOptions(format="csv", with_attributes=True))
    rows = list(csv.reader(io.StringIO("".join(wide_csv(table)))))
    assert rows[1][1] == '\'=IMPORTXML("http://x")'
    book = list(csv.reader(io.StringIO("".join(codebook_csv(codebook(hostile.edition))))))
    cells = [cell for row in book for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "@", "+")) for cell in cells)


def test_xlsx_values_and_labels_are_text_not_formulas(hostile, tmp_path):
    table = export_table(hostile, ExportOptions(format="xlsx", with_attributes=True))
    write_xlsx(table, tmp_path / "r.xlsx")
    write_codebook_xlsx(codebook(hostile.edition), tmp_path / "c.xlsx")
    for path in (tmp_path / "r.xlsx", tmp_path / "c.xlsx"):
        for sheet in openpyxl.load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value
    data = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert data["B2"].value == '\'=IMPORTXML("http://x")'
