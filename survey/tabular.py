"""Reading the CSV and XLSX files researchers bring: Belgian Excel's `;` + BOM, or `,` UTF-8."""

import csv
import io
from pathlib import Path

from django.utils.translation import gettext as _


class TabularError(ValueError):
    """The file as a whole cannot be read (not a row-level problem)."""


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TabularError(_("The file is neither UTF-8 nor Windows-1252 text."))


def read_csv_rows(raw: bytes) -> tuple[list[str], list[list[str]]]:
    text = _decode(raw)
    if not text.strip():
        raise TabularError(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    return header, body


def read_xlsx_rows(raw: bytes) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TabularError(_("The file is not a readable XLSX workbook.")) from exc
    sheet = book.worksheets[0]
    rows = [
        ["" if v is None else _cell_text(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    if not rows:
        raise TabularError(_("The file is empty."))
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    body = [row[: len(header)] for row in rows[1:] if any(str(c).strip() for c in row)]
    return header, body


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_table(raw: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of a CSV or XLSX file, every cell as text."""
    if Path(filename).suffix.lower() == ".xlsx" or raw[:2] == b"PK":
        return read_xlsx_rows(raw)
    return read_csv_rows(raw)
