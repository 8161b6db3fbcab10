"""The two steps of an import from the pages: parse and validate the uploaded file once, keep
the validated result (not the file), then write it on confirmation.

The preview reads the kept result. On confirmation only what may have changed since the upload
is checked again: which zones have answered meanwhile, and which belong to the population.
"""

from dataclasses import asdict
from datetime import datetime

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from results.data.imports import ImportRow, ResponseImport, parse_responses, responses_import
from results.models import PendingImport
from survey.models import Response, Zone
from survey.zones.register import RowError

MAX_KEPT_ERRORS = 1000  # a report longer than this helps nobody; the count says how many


def _dump(parsed: ResponseImport) -> dict:
    return {
        "header": parsed.header,
        "preview": parsed.preview,
        "error_count": len(parsed.errors),
        "errors": [asdict(error) for error in parsed.errors[:MAX_KEPT_ERRORS]],
        "rows": [
            {
                "line": row.line,
                "zone_id": row.zone_id,
                "zone_code": row.zone_code,
                "answers": [[item, code] for item, code in row.answers.items()],
                "roles": [[c, o, code] for (c, o), code in row.roles.items()],
                "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None,
            }
            for row in parsed.rows
        ],
    }


def pending_import_result(pending: PendingImport) -> ResponseImport:
    """The validated file as it was at the upload, without parsing it again."""
    data = pending.parsed
    result = ResponseImport(module=pending.module, replace=pending.replace)
    result.header, result.preview = data["header"], data["preview"]
    result.errors = [RowError(**error) for error in data["errors"]]
    result.error_count = data["error_count"]
    result.rows = [
        ImportRow(
            line=row["line"],
            zone_id=row["zone_id"],
            zone_code=row["zone_code"],
            answers=dict(row["answers"]),
            roles={(c, o): code for c, o, code in row["roles"]},
            submitted_at=datetime.fromisoformat(row["submitted_at"])
            if row["submitted_at"]
            else None,
            replaces=False,
        )
        for row in data["rows"]
    ]
    _recheck(result)
    return result


def _recheck(result: ResponseImport) -> None:
    """What other people may have changed since the upload: responses and the population."""
    module = result.module
    found = len(result.errors)
    answered = set(Response.objects.of_module(module).values_list("zone_id", flat=True))
    population = set(Zone.objects.population(module.edition).values_list("id", flat=True))
    for row in result.rows:
        row.replaces = row.zone_id in answered
        if row.zone_id not in population:
            message = _("zone outside the population of edition %(edition)s") % {
                "edition": module.edition.code
            }
            result.errors.append(RowError(row.line, "zone", row.zone_code, message))
        elif row.replaces and not result.replace:
            message = _("zone already has a response to this module; choose replace")
            result.errors.append(RowError(row.line, "zone", row.zone_code, message))
    result.error_count += len(result.errors) - found


def pending_import_create(*, module, filename, content, replace, user) -> PendingImport:
    """Parse and validate the file once; keep the result for the preview and confirmation."""
    PendingImport.objects.stale().delete()
    parsed = parse_responses(content, filename, module=module, replace=replace)
    return PendingImport.objects.create(
        module=module, filename=filename, parsed=_dump(parsed), replace=replace, uploaded_by=user
    )


def pending_import_for_user_or_404(user, pk) -> PendingImport:
    """Only the uploader sees a pending import, and only while it is fresh."""
    return get_object_or_404(
        PendingImport.objects.fresh().select_related("module__edition"),
        pk=pk,
        uploaded_by=user,
    )


@transaction.atomic
def pending_import_confirm(*, pending: PendingImport, user) -> ResponseImport:
    """Write the kept rows if they are still valid and use the pending import up; if not,
    keep it and return the errors for a fresh report."""
    PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
    parsed = pending_import_result(pending)
    if parsed.errors:
        return parsed
    responses_import(parsed=parsed, by=user, reason=f"upload {pending.filename}")
    pending.delete()
    return parsed
