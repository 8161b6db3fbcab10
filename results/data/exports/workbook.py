"""XLSX exports: the data on the first sheet (what import reads), the codebook on the second.

The workbook is written as its XML parts straight into the zip, one row at a time: memory stays
flat and a row costs about what a CSV row costs (openpyxl's writer builds an object per cell,
several times slower). Text goes in as inline strings, numbers as numbers, no styles: what
openpyxl, Excel and LibreOffice read.
"""

import re
import zipfile
from xml.sax.saxutils import escape

from results.data.codebook import codebook_rows
from results.data.exports.table import ExportTable, iter_records
from results.data.spreadsheet_safety import neutralise_row

# Characters XML 1.0 cannot carry (openpyxl refuses them too).
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = "http://schemas.openxmlformats.org/package/2006"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
STYLES = (
    f'<styleSheet xmlns="{NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>'
    '</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="1"><xf xfId="0"/></cellXfs></styleSheet>'
)


def _cell(value) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f"<c><v>{value!r}</v></c>"
    if hasattr(value, "isoformat"):
        value = value.isoformat()  # text: Excel has no time zones, and the round trip must hold
    text = escape(ILLEGAL.sub("", str(value)))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _row(values) -> str:
    return "<row>" + "".join(_cell(value) for value in neutralise_row(values)) + "</row>"


class _Workbook:
    """Sheets written one after the other, each row by row."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.names: list[str] = []

    def sheet(self, name: str, rows) -> None:
        self.names.append(name)
        part = f"xl/worksheets/sheet{len(self.names)}.xml"
        with self.zip.open(part, "w", force_zip64=True) as stream:
            stream.write(f'<worksheet xmlns="{NS}"><sheetData>'.encode())
            batch = []
            for values in rows:
                batch.append(_row(values))
                if len(batch) == 500:
                    stream.write("".join(batch).encode())
                    batch = []
            stream.write("".join(batch).encode())
            stream.write(b"</sheetData></worksheet>")

    def close(self) -> None:
        sheets = range(1, len(self.names) + 1)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
            for i in sheets
        )
        self.zip.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{PARTS}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{WORKBOOK_TYPE}"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{STYLES_TYPE}"/>'
            f"{overrides}</Types>",
        )
        self.zip.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PARTS}/relationships"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        self.zip.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, name in zip(sheets, self.names, strict=True)
            )
            + "</sheets></workbook>",
        )
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PARTS}/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in sheets
            )
            + f'<Relationship Id="rId{len(self.names) + 1}" Type="{REL}/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        self.zip.writestr("xl/styles.xml", STYLES)
        self.zip.close()


def _codebook(book: _Workbook, variables) -> None:
    header, rows = codebook_rows(variables)
    book.sheet("codebook", [header, *rows])


def write_xlsx(table: ExportTable, path, progress=None) -> None:
    book = _Workbook(path)
    book.sheet("responses", _records(table, progress))
    _codebook(book, table.variables)
    book.close()


def _records(table: ExportTable, progress):
    yield table.header
    yield from iter_records(table, progress)


def write_codebook_xlsx(variables, path) -> None:
    book = _Workbook(path)
    _codebook(book, variables)
    book.close()
