"""Results and fieldwork (scope `results`): the contract's results JSON, computed by the same
function as the `results` command, and each zone's fieldwork status."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from results.statistics.results_json import results_json
from survey.fieldwork.progress import zone_progress
from survey.models import Edition, Module

from .auth import require_scope
from .schemas import Error, FieldworkOut

router = Router(tags=["results"])
SCOPE = "results"


@router.get("/editions/{edition}/results.json", response={200: dict[str, Any], 404: Error})
def edition_results(
    request,
    edition: str,
    module: str = Module.Kind.GENERAL,
    compare: str | None = None,
    predictors: bool = False,
    include_brussels: bool = False,
):
    """The results JSON of the exchange contract, with the options of `manage.py results`:
    `module`, `compare` (edition code), `predictors`, `include_brussels`."""
    require_scope(request, SCOPE)
    for code in filter(None, (edition, compare)):
        if not Module.objects.filter(edition__code=code, kind=module).exists():
            return Status(404, {"detail": f"Edition {code} has no module {module!r}."})
    return results_json(
        edition,
        module,
        compare_with=compare,
        with_predictors=predictors,
        include_brussels=include_brussels,
    )


@router.get("/editions/{edition}/fieldwork", response={200: FieldworkOut, 404: Error})
def fieldwork(request, edition: str):
    """Each zone of the edition's population with its fieldwork status. The contact person's
    name and e-mail (personal data) only for a token that may read identified responses."""
    token = require_scope(request, SCOPE)
    edition = get_object_or_404(Edition, code=edition)
    personal = token.allows("responses") and not token.pseudonymised_only
    zones = []
    for row in zone_progress(edition):
        zone = row.zone
        entry = {
            "zone": zone.code,
            "name": zone.name_nl or zone.name_fr,
            "region": zone.region,
            "language": zone.language,
            "status": row.status,
            "submitted_modules": row.submitted_modules,
            "started_modules": row.started_modules,
            "last_activity": row.last_activity,
        }
        if personal:
            entry["contact_name"] = zone.contact_name
            entry["contact_email"] = zone.contact_email
        zones.append(entry)
    return {"edition": edition.code, "personal_data": personal, "zones": zones}
