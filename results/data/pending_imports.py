"""The two steps of an import from the pages: keep the uploaded file, then write it on
confirmation. The file is parsed again when confirmed, since other responses may have arrived
in between."""

from django.db import transaction
from django.shortcuts import get_object_or_404

from results.data.imports import ResponseImport, parse_responses, responses_import
from results.models import PendingImport


def pending_import_create(*, module, filename, content, replace, user) -> PendingImport:
    PendingImport.objects.stale().delete()
    return PendingImport.objects.create(
        module=module, filename=filename, content=content, replace=replace, uploaded_by=user
    )


def pending_import_for_user_or_404(user, pk) -> PendingImport:
    """Only the uploader sees a pending import, and only while it is fresh."""
    return get_object_or_404(
        PendingImport.objects.fresh().select_related("module__edition"),
        pk=pk,
        uploaded_by=user,
    )


def pending_import_parse(pending: PendingImport) -> ResponseImport:
    return parse_responses(
        bytes(pending.content), pending.filename, module=pending.module, replace=pending.replace
    )


@transaction.atomic
def pending_import_confirm(*, pending: PendingImport, user) -> ResponseImport:
    """Write the file if it is still valid and use the pending import up; if the file is no
    longer valid, keep it and return the errors for a fresh report."""
    parsed = pending_import_parse(pending)
    if parsed.errors:
        return parsed
    responses_import(parsed=parsed, by=user, reason=f"upload {pending.filename}")
    pending.delete()
    return parsed
