# ruff: noqa: E501  (the XML of a workbook part reads best on one line)
"""The hostile-files corpus: small files committed under tests/hostile/files/ (rebuilt by
`python -m tests.hostile.generate`), large ones (zip bombs, 50 MB) built at test time.

Every file is run against both upload pages and both import commands
(tests/hostile/test_hostile_files.py); the benchmark bench/bench_hostile_uploads.py times the
large ones.
"""

import io
import zipfile
from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"
REGISTER_HEADER = "code,name_nl,name_fr,region,degurba,staff,language,valid_from,valid_to,successor"
REGISTER_ROW = "5999,Fictiefzone,,VL,2,180,nl,2001-01-01,,"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{extra}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>{extra}</workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "{extra}</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "{dimension}<sheetData>"
)
SHEET_TAIL = "</sheetData></worksheet>"


def column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(columns: list[str]) -> str:
    cells = "".join(text_cell(f"{column_name(i)}1", c) for i, c in enumerate(columns))
    return f'<row r="1">{cells}</row>'


def xlsx(
    rows,
    *,
    dimension: str | None = None,
    shared_strings: bytes | None = None,
    extra_parts: dict[str, bytes] | None = None,
    content_types: str = "",
    workbook_extra: str = "",
    rels_extra: str = "",
) -> bytes:
    """A minimal workbook whose first sheet holds `rows` (an iterable of <row> XML strings,
    streamed into the zip, so a bomb of hundreds of MB never sits in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=content_types))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(extra=workbook_extra))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(extra=rels_extra))
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        for name, content in (extra_parts or {}).items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(SHEET_HEAD.format(dimension=dim).encode())
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 1000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + SHEET_TAIL).encode())
    return buffer.getvalue()


def bomb_rows(n_rows: int, n_columns: int):
    yield header_row(REGISTER_HEADER.split(",") + [f"x{i}" for i in range(n_columns - 10)])
    cells = "".join(f"<c><v>{i % 10}</v></c>" for i in range(n_columns))
    for _ in range(n_rows):
        yield f"<row>{cells}</row>"


# The large files, built at test time. Each returns (file name, bytes).


def xlsx_bomb() -> tuple[str, bytes]:
    """The issue's bomb: about 1 MB of zip holding 200,000 × 50 cells, dimension declared."""
    last = f"{column_name(49)}200001"
    return "bomb.xlsx", xlsx(bomb_rows(200_000, 50), dimension=f"A1:{last}")


def xlsx_bomb_without_dimension() -> tuple[str, bytes]:
    """The same without a <dimension>: only the tags inside say how large it is."""
    return "bomb_no_dimension.xlsx", xlsx(bomb_rows(200_000, 50))


def xlsx_bomb_lying_dimension() -> tuple[str, bytes]:
    """60,000 rows that declare A1:J2, small enough unpacked to pass the size check."""
    return "bomb_lying_dimension.xlsx", xlsx(bomb_rows(60_000, 10), dimension="A1:J2")


def xlsx_shared_strings_bomb() -> tuple[str, bytes]:
    strings = b"<si><t>x</t></si>" * 4_000_000
    shared = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + strings
        + b"</sst>"
    )
    return "shared_strings_bomb.xlsx", xlsx(
        [header_row(REGISTER_HEADER.split(","))],
        shared_strings=shared,
        content_types='<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
        rels_extra='<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>',
    )


def xlsx_wide_row() -> tuple[str, bytes]:
    """One cell in the last column Excel allows: a reader padding rows would build 16,384."""
    row = '<row r="2"><c r="XFD2"><v>1</v></c></row>'
    return "wide_row.xlsx", xlsx([header_row(REGISTER_HEADER.split(",")), row])


def csv_50_mb() -> tuple[str, bytes]:
    row = (REGISTER_ROW + "\n").encode()
    return "register_50mb.csv", REGISTER_HEADER.encode() + b"\n" + row * (50 * 2**20 // len(row))


def csv_100k_columns() -> tuple[str, bytes]:
    return "columns_100k.csv", (",".join(f"c{i}" for i in range(100_000)) + "\n1\n").encode()


def csv_too_many_rows() -> tuple[str, bytes]:
    rows = "".join(f"{i % 10000:04d},Z,,VL,2,1,nl,2001-01-01,,\n" for i in range(60_000))
    return "rows_60k.csv", (REGISTER_HEADER + "\n" + rows).encode()


def csv_many_cells() -> tuple[str, bytes]:
    """Under 20 MB, under 1,000 columns and 50,000 rows, but 4.95 million cells."""
    row = ",".join(["12"] * 990) + "\n"
    return "cells_5m.csv", (row * 5_000).encode()


LARGE = [
    xlsx_bomb,
    xlsx_bomb_without_dimension,
    xlsx_bomb_lying_dimension,
    xlsx_shared_strings_bomb,
    xlsx_wide_row,
    csv_50_mb,
    csv_100k_columns,
    csv_too_many_rows,
    csv_many_cells,
]


# The small files, committed.


def _valid_xlsx_bytes() -> bytes:
    rows = [header_row(REGISTER_HEADER.split(","))]
    values = REGISTER_ROW.split(",")
    cells = "".join(text_cell(f"{column_name(i)}2", v) for i, v in enumerate(values) if v)
    rows.append(f'<row r="2">{cells}</row>')
    return xlsx(rows, dimension="A1:J2")


def small_files() -> dict[str, bytes]:
    register = f"{REGISTER_HEADER}\n{REGISTER_ROW}\n"
    valid_xlsx = _valid_xlsx_bytes()
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>&lol9;</t></si></sst>"
    )
    return {
        "utf8_bom_semicolons.csv": ("\ufeff" + register.replace(",", ";")).encode(),
        "utf16_with_bom.csv": register.encode("utf-16"),
        "windows_1252.csv": register.replace("Fictiefzone", "Liège-Fictief").encode("cp1252"),
        "neither_utf8_nor_1252.csv": register.encode() + b"\x81\x8d\x8f\x90\x9d\n",
        "nul_bytes.csv": register.replace("Fictiefzone", "Fictief\x00zone").encode(),
        "formulas.csv": (
            f"{REGISTER_HEADER}\n"
            '5999,"=HYPERLINK(""http://evil.invalid"",""x"")",@SUM(1),VL,2,+180,nl,2001-01-01,,\n'
            "5998,＝1+1,－2,VL,2,180,nl,2001-01-01,,\n"
        ).encode(),
        "duplicate_header.csv": (
            REGISTER_HEADER + ",zone,zone\n" + REGISTER_ROW + ",1,2\n"
        ).encode(),
        "huge_cell.csv": (
            f"{REGISTER_HEADER}\n5999,{'N' * 200_000},,VL,2,1,nl,2001-01-01,,\n"
        ).encode(),
        "long_cell.csv": (
            f"{REGISTER_HEADER}\n5999,{'N' * 5_000},,VL,2,1,nl,2001-01-01,,\n"
        ).encode(),
        "unterminated_quote.csv": (
            f'{REGISTER_HEADER}\n5999,"Fictief,,VL,2,1,nl,2001-01-01,,\n'
        ).encode(),
        "ragged_rows.csv": (
            f"{REGISTER_HEADER}\n5999,A\n5998,B,,VL,2,1,nl,2001-01-01,,,x,y,z\n"
        ).encode(),
        "empty.csv": b"",
        "only_bom.csv": b"\xef\xbb\xbf",
        "header_only.csv": (REGISTER_HEADER + "\n").encode(),
        "blank_lines.csv": b"\n\n\n \n",
        "png_named_csv.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "control_characters.csv": register.replace("Fictiefzone", "Fict\x1b[31mief\x07").encode(),
        "valid.xlsx": valid_xlsx,
        "truncated.xlsx": valid_xlsx[: len(valid_xlsx) // 2],
        "text_named_xlsx.xlsx": register.encode(),
        "zip_without_workbook.xlsx": _zip({"hello.txt": b"hello"}),
        "external_link.xlsx": xlsx(
            [
                header_row(REGISTER_HEADER.split(",")),
                '<row r="2"><c r="A2"><f>[1]Sheet1!A1</f><v>5999</v></c></row>',
            ],
            extra_parts={
                "xl/externalLinks/externalLink1.xml": (
                    b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></externalLink>'
                ),
                "xl/externalLinks/_rels/externalLink1.xml.rels": (
                    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
                    b'Target="file:///etc/passwd" TargetMode="External"/></Relationships>'
                ),
            },
            content_types='<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>',
            workbook_extra='<externalReferences><externalReference r:id="rId2"/></externalReferences>',
            rels_extra='<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>',
        ),
        "macro.xlsx": xlsx(
            [header_row(REGISTER_HEADER.split(","))],
            extra_parts={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512},
            content_types='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        ),
        "billion_laughs.xlsx": xlsx(
            [header_row(REGISTER_HEADER.split(","))],
            shared_strings=laughs.encode(),
            content_types='<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
            rels_extra='<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>',
        ),
        "prefixed_namespace.xlsx": _prefixed_xlsx(),
    }


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _prefixed_xlsx() -> bytes:
    """A sheet whose elements carry a namespace prefix (x:row, x:c): valid, and the kind of
    file a tag count that looked for "<row" only would miss."""
    data = _valid_xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace('<worksheet xmlns="', '<x:worksheet xmlns:x="').replace(
        "</worksheet>", "</x:worksheet>"
    )
    for tag in ("sheetData", "dimension", "row", "c", "is", "t"):
        sheet = sheet.replace(f"<{tag} ", f"<x:{tag} ").replace(f"<{tag}>", f"<x:{tag}>")
        sheet = sheet.replace(f"</{tag}>", f"</x:{tag}>").replace(f"<{tag}/>", f"<x:{tag}/>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    return _zip(parts)


def committed() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(FILES.iterdir())}


if __name__ == "__main__":
    FILES.mkdir(exist_ok=True)
    for name, content in small_files().items():
        (FILES / name).write_bytes(content)
        print(f"{name}: {len(content)} bytes")
