"""A small CSV file a page offers for download, written by the one defused CSV writer."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from results.data.exports.text import csv_lines


def csv_attachment(filename: str, header: list[str], rows, *, delimiter: str = ",") -> HttpResponse:
    """UTF-8 with a byte-order mark, so Excel reads the accents; private, never cached."""
    response = HttpResponse(
        ["\ufeff", *csv_lines(header, rows, delimiter=delimiter)],
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    return response
