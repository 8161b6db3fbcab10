"""A module's submitted responses (scope `responses`): JSON pages in the wide or long layout,
or the very files of the export pages, streamed. Both come from `results.data.exports`, and every
request is conditional (ETag / Last-Modified)."""

import math
from typing import Literal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema, Status

from results.data.exports import (
    CONTENT_TYPES,
    ExportOptions,
    export_filename,
    export_log,
    options_for_log,
)
from results.data.exports.files import export_stream
from results.data.exports.table import export_table, iter_records
from results.data.exports.text import long_rows

from .auth import require_scope
from .conditional import module_version, not_modified, with_validators
from .definitions import module_or_404
from .schemas import Error, ResponsesPage

router = Router(tags=["responses"])
SCOPE = "responses"
MAX_PAGE_SIZE = 5000


class ExportQuery(Schema):
    language: Literal["nl", "fr", "de", "en"] = "nl"
    pseudonymise: bool = False
    with_attributes: bool | None = None


class PageQuery(ExportQuery):
    layout: Literal["wide", "long"] = "wide"
    page: int = 1
    page_size: int = 1000


def _options(request, query: ExportQuery, format: str) -> ExportOptions:
    """Checks the scope first (403 before any 404); a token limited to pseudonymised data
    always gets pseudonyms."""
    token = require_scope(request, SCOPE)
    return ExportOptions(
        format=format,
        language=query.language,
        pseudonymise=query.pseudonymise or token.pseudonymised_only,
        with_attributes=query.with_attributes,
    )


def _json_cell(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@router.get(
    "/editions/{edition}/modules/{module}/responses",
    response={200: ResponsesPage, 304: None, 400: Error, 404: Error},
)
def responses_page(
    request, response: HttpResponse, edition: str, module: str, query: Query[PageQuery]
):
    """One page of zones (in file order) with their answers: `wide` gives one object per zone
    with the columns of the wide file, `long` one object per answered cell."""
    options = _options(request, query, "long" if query.layout == "long" else "csv")
    module = module_or_404(edition, module)
    if not 1 <= query.page_size <= MAX_PAGE_SIZE or query.page < 1:
        return Status(400, {"detail": f"page >= 1 and 1 <= page_size <= {MAX_PAGE_SIZE}."})
    version = module_version(module, "json", options, query.page, query.page_size)
    if (unchanged := not_modified(request, version)) is not None:
        return with_validators(unchanged, version)
    start = (query.page - 1) * query.page_size
    table = export_table(module, options)
    zones = table.count()
    table.window = slice(start, start + query.page_size)
    if query.layout == "long":
        columns, rows = long_rows(table)
    else:
        columns, rows = table.header, iter_records(table)
    data = {
        "edition": module.edition.code,
        "module": module.kind,
        "layout": query.layout,
        "pseudonymised": options.pseudonymise,
        "page": query.page,
        "pages": max(1, math.ceil(zones / query.page_size)),
        "zones": zones,
        "columns": columns,
        "rows": [dict(zip(columns, map(_json_cell, row), strict=True)) for row in rows],
    }
    export_log(
        user=request.auth.user,
        edition=module.edition,
        module=module,
        format=options.format,
        options={**options_for_log(options), "api": "json", "page": query.page},
        rows=len(data["rows"]),
    )
    with_validators(response, version)
    return data


FILE_FORMATS = ("csv", "long.csv", "xlsx", "sav", "dta")


@router.get(
    "/editions/{edition}/modules/{module}/responses.{fmt}",
    response={200: None, 304: None, 404: Error},
    openapi_extra={
        "responses": {
            200: {
                "description": "The export file, as the Data page gives it.",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in sorted(set(CONTENT_TYPES.values()))
                },
            }
        }
    },
)
def responses_file(
    request, edition: str, module: str, fmt: Literal[FILE_FORMATS], query: Query[ExportQuery]
):
    """The export file of the Data page and `export_responses`: `csv` (wide, what import reads),
    `long.csv`, `xlsx`, `sav` (SPSS) or `dta` (Stata), streamed."""
    format = "long" if fmt == "long.csv" else fmt
    options = _options(request, query, format)
    module = module_or_404(edition, module)
    version = module_version(module, "file", options)
    if (unchanged := not_modified(request, version)) is not None:
        return with_validators(unchanged, version)
    content = export_stream(module, options, user=request.auth.user)
    filename = export_filename(module, options)
    if hasattr(content, "read"):
        response = FileResponse(content, as_attachment=True, filename=filename)
        response["Content-Type"] = CONTENT_TYPES[format]
    else:
        response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[format])
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return with_validators(response, version)
