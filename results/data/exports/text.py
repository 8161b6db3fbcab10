"""CSV exports, produced line by line so a view can stream them."""

import csv
from collections.abc import Iterator

from survey.answering.question_columns import NOT_ASKED

from ..codebook import ANSWER_KINDS, codebook_rows
from ..spreadsheet_safety import neutralise_row
from .table import ExportTable, iter_records


class _Line:
    """A file-like object whose write returns the text, for csv.writer in a generator."""

    def write(self, value):
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def csv_lines(header: list[str], rows, *, delimiter: str = ",") -> Iterator[str]:
    """Every CSV file a researcher downloads is written here, each cell made inert."""
    writer = csv.writer(_Line(), delimiter=delimiter)
    yield writer.writerow(neutralise_row(header))
    for row in rows:
        # Numbers first stay numbers (-1 is data, not a formula); text is made inert.
        yield writer.writerow([_cell(v) for v in neutralise_row(row)])


def wide_csv(table: ExportTable, progress=None) -> Iterator[str]:
    """Exactly the wide file `import_responses` reads."""
    return csv_lines(table.header, iter_records(table, progress))


def long_rows(table: ExportTable, progress=None) -> tuple[list[str], Iterator[list]]:
    """The long layout: one row per answered cell, zone (+ attributes), item, code. Empty cells
    are left out."""
    variables = table.variables
    zone_width = sum(1 for v in variables if v.kind in ("zone", "attribute"))
    answer_columns = [v.column for v in variables if v.kind in ANSWER_KINDS]
    header = [v.column for v in variables[:zone_width]] + ["item", "code"]

    def rows():
        for record in iter_records(table, progress):
            zone = record[:zone_width]
            codes = record[zone_width : zone_width + len(answer_columns)]
            for column, code in zip(answer_columns, codes, strict=True):
                if code is not None and code != NOT_ASKED:
                    yield [*zone, column, code]

    return header, rows()


def long_csv(table: ExportTable, progress=None) -> Iterator[str]:
    return csv_lines(*long_rows(table, progress))


def codebook_csv(variables) -> Iterator[str]:
    header, rows = codebook_rows(variables)
    return csv_lines(header, rows)
