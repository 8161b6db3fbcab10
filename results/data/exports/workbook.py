"""XLSX exports: the data on the first sheet (what import reads), the codebook on the second."""

from openpyxl import Workbook

from ..codebook import codebook_rows
from ..spreadsheet_safety import neutralise_row
from .table import ExportTable, iter_records


def _cell(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()  # text: Excel has no time zones, and the round trip must hold
    return value


def _write_codebook(book, variables):
    sheet = book.create_sheet("codebook")
    header, rows = codebook_rows(variables)
    sheet.append(neutralise_row(header))
    for row in rows:
        sheet.append(neutralise_row(row))


def write_xlsx(table: ExportTable, path, progress=None) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    sheet.append(neutralise_row(table.header))
    for record in iter_records(table, progress):
        sheet.append(neutralise_row([_cell(v) for v in record]))
    _write_codebook(book, table.variables)
    book.save(path)


def write_codebook_xlsx(variables, path) -> None:
    book = Workbook(write_only=True)
    _write_codebook(book, variables)
    book.save(path)
