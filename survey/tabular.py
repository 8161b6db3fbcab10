"""Reading the CSV and XLSX files researchers bring: Belgian Excel's `;` + BOM, or `,` UTF-8.

Every file is measured against `Limits` before it is parsed: its size, then (XLSX) the
uncompressed size of the zip and the rows and cells its first sheet declares and holds, then
(CSV) rows, columns and cells in a counting pass that keeps nothing. A hostile file (a zip bomb,
100,000 columns, a 50 MB CSV) is refused in well under a second, before any parser builds rows.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class TabularError(ValueError):
    """The file as a whole cannot be read (not a row-level problem)."""


# An XLSX file unpacks to about five to ten times its size; a zip bomb to thousands of times.
UNPACKED_RATIO = 5


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int = 50_000
    max_columns: int = 1_000
    max_cells: int = 3_000_000
    max_cell_chars: int = 1_000
    max_uncompressed_bytes: int = 100 * 2**20


def upload_limits() -> Limits:
    """Files uploaded through the pages."""
    return Limits(
        max_bytes=settings.IMPORT_UPLOAD_MAX_MB * 2**20,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_cells=settings.IMPORT_MAX_CELLS,
        max_uncompressed_bytes=settings.IMPORT_UPLOAD_MAX_MB * 2**20 * UNPACKED_RATIO,
    )


def command_limits() -> Limits:
    """Files given to the import commands: same rows and columns, larger files."""
    return Limits(
        max_bytes=settings.IMPORT_COMMAND_MAX_MB * 2**20,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_cells=settings.IMPORT_MAX_CELLS,
        max_uncompressed_bytes=settings.IMPORT_COMMAND_MAX_MB * 2**20 * UNPACKED_RATIO,
    )


def too_large(size: int, limit: int) -> str:
    return _("The file is %(size)s; the limit is %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def _decode(raw: bytes) -> str:
    candidates = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise TabularError(_("The file holds NUL characters: it is not a text file."))
        return text
    raise TabularError(_("The file is neither UTF-8 nor Windows-1252 text."))


def _check_shape(rows: int, columns: int, cells: int, limits: Limits) -> None:
    if columns > limits.max_columns:
        raise TabularError(
            _("The file has more than %(limit)s columns.") % {"limit": limits.max_columns}
        )
    if rows > limits.max_rows + 1:  # the header is not a data row
        raise TabularError(_("The file has more than %(limit)s rows.") % {"limit": limits.max_rows})
    if cells > limits.max_cells:
        raise TabularError(
            _("The file has more than %(limit)s cells.") % {"limit": limits.max_cells}
        )


def _delimiter(text: str) -> str:
    first_line = text.partition("\n")[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _lines(text: str):
    """The lines of `text` one at a time (io.StringIO would hold a copy four times its size)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def _csv_reader(text: str):
    return csv.reader(_lines(text), delimiter=_delimiter(text))


def _csv_measure(text: str, limits: Limits) -> None:
    """Count rows, columns and cells without keeping any row. Without quotes, counting
    delimiters and line ends is exact and a hundred times faster than the csv module."""
    if '"' not in text:
        delimiter = _delimiter(text)
        rows = text.count("\n") + (not text.endswith("\n"))
        _check_shape(rows, 0, text.count(delimiter) + rows, limits)
        widest = max(_lines(text), key=lambda line: line.count(delimiter))
        _check_shape(0, widest.count(delimiter) + 1, 0, limits)
        if len(text) <= limits.max_cell_chars:
            return
    cells = 0
    for rows, row in enumerate(_csv_reader(text), start=1):
        cells += len(row)
        _check_shape(rows, len(row), cells, limits)
        if any(len(cell) > limits.max_cell_chars for cell in row):
            raise TabularError(
                _("Row %(row)s has a cell longer than %(limit)s characters.")
                % {"row": rows, "limit": limits.max_cell_chars}
            )


def read_csv_rows(raw: bytes, limits: Limits) -> tuple[list[str], list[list[str]]]:
    text = _decode(raw)
    if not text.strip():
        raise TabularError(_("The file is empty."))
    try:
        _csv_measure(text, limits)
        rows = _csv_reader(text)
        header = [h.strip() for h in next(rows)]
        body = [row for row in rows if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise TabularError(_("The file is not readable CSV.")) from exc
    return header, body


_CHUNK = 1 << 20
_PREFIX = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")
MAX_PREFIXES = 32


def _count_tags(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Count the rows and cells of every XML part while unpacking it, and stop at a limit.

    Every part, since openpyxl parses every worksheet that has no <dimension> element as soon
    as it opens the workbook, and shared strings are read in full. bytes.count, not a regular
    expression (ten times faster); "<c" also counts <col>, <cfRule> and the like, so the count
    can only be too high. Elements written with a namespace prefix (<x:c>) are counted for
    every prefix the part declares."""
    rows = cells = 0
    for entry in archive.infolist():
        if entry.filename.endswith(".xml"):
            rows, cells = _count_part(archive, entry, limits, rows, cells)


_DIMENSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Z]*[0-9]*:?([A-Z]*)([0-9]*)\""
)


def _declared_size(head: bytes, limits: Limits) -> None:
    """A sheet's own <dimension> (if any) refuses a bomb before unpacking it."""
    match = _DIMENSION.search(head)
    if match:
        letters, digits = match.groups()
        columns = 0
        for letter in letters.decode():
            columns = columns * 26 + ord(letter) - 64
        _check_shape(int(digits or 0), columns, 0, limits)


def _count_part(archive, entry, limits, rows, cells) -> tuple[int, int]:
    prefixes = {b""}
    carry = b""
    with archive.open(entry) as stream:
        first = True
        while True:
            chunk = stream.read(_CHUNK)
            if first:
                _declared_size(chunk[:65536], limits)
                first = False
            buffer = carry + chunk
            cut = buffer.rfind(b"<") if chunk else len(buffer)
            cut = len(buffer) if cut < 0 else cut
            buffer, carry = buffer[:cut], buffer[cut:]
            if len(carry) > _CHUNK:  # no tag of a workbook is that long
                carry = b""
            if b"xmlns:" in buffer:
                prefixes.update(p + b":" for p in _PREFIX.findall(buffer))
                if len(prefixes) > MAX_PREFIXES:
                    raise TabularError(_("The file is not a readable XLSX workbook."))
            for prefix in prefixes:
                rows += buffer.count(b"<" + prefix + b"row")
                cells += buffer.count(b"<" + prefix + b"c") + buffer.count(b"<" + prefix + b"si")
            _check_shape(rows, 0, cells, limits)
            if not chunk:
                return rows, cells


def _open_zip(raw: bytes, limits: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise TabularError(_("The file is not a readable XLSX workbook.")) from exc
    # zipfile never yields more than an entry's declared size, so the declared sizes bound
    # what decompression can produce.
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise TabularError(
            _("The workbook unpacks to %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(total),
                "limit": filesizeformat(limits.max_uncompressed_bytes),
            }
        )
    # Shared strings are read whole (into Python strings) when the workbook opens; a register's
    # names take well under a megabyte, so a twentieth of the limit leaves a wide margin.
    shared = next((e for e in entries if e.filename.endswith("sharedStrings.xml")), None)
    if shared and shared.file_size > limits.max_uncompressed_bytes // 20:
        raise TabularError(
            _("The workbook unpacks to %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(shared.file_size),
                "limit": filesizeformat(limits.max_uncompressed_bytes // 20),
            }
        )
    return archive


def _refuse_document_types(archive: zipfile.ZipFile) -> None:
    """No part of a workbook needs a DTD; entity definitions are how XML bombs expand."""
    for entry in archive.infolist():
        if entry.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(entry) as stream:
                if b"<!DOCTYPE" in stream.read(_CHUNK):
                    raise TabularError(
                        _("The workbook contains a document type declaration; save it again.")
                    )


def check_xlsx(raw: bytes, limits: Limits) -> None:
    """Refuse (TabularError) a workbook whose unpacked size, XML or row and cell count is over
    `limits`, before openpyxl parses it: for readers of workbooks other than a table."""
    archive = _open_zip(raw, limits)
    try:
        _refuse_document_types(archive)
        _count_tags(archive, limits)
    finally:
        archive.close()


def read_xlsx_rows(raw: bytes, limits: Limits) -> tuple[list[str], list[list[str]]]:
    archive = _open_zip(raw, limits)
    try:
        _refuse_document_types(archive)
        _count_tags(archive, limits)
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
        if not book.worksheets:
            raise TabularError(_("The file is empty."))
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            _check_shape(len(rows) + 1, len(row), 0, limits)
            rows.append(["" if v is None else _cell_text(v, limits) for v in row])
        book.close()
    except TabularError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a damaged file
        raise TabularError(_("The file is not a readable XLSX workbook.")) from exc
    if not rows:
        raise TabularError(_("The file is empty."))
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    body = [row[: len(header)] for row in rows[1:] if any(str(c).strip() for c in row)]
    return header, body


def _cell_text(value, limits: Limits) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    if len(text) > limits.max_cell_chars or "\x00" in text:
        raise TabularError(
            _("A cell is longer than %(limit)s characters or holds binary data.")
            % {"limit": limits.max_cell_chars}
        )
    return text


def read_table(
    raw: bytes, filename: str, *, limits: Limits | None = None
) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of a CSV or XLSX file, every cell as text, within `limits`
    (the upload limits unless given)."""
    limits = limits or upload_limits()
    if len(raw) > limits.max_bytes:
        raise TabularError(too_large(len(raw), limits.max_bytes))
    if Path(filename).suffix.lower() == ".xlsx" or raw[:2] == b"PK":
        return read_xlsx_rows(raw, limits)
    return read_csv_rows(raw, limits)


def read_command_file(path: Path) -> bytes:
    """The bytes of a file named to an import command, refused before reading if too large."""
    limit = command_limits().max_bytes
    size = path.stat().st_size
    if size > limit:
        raise TabularError(too_large(size, limit))
    return path.read_bytes()
