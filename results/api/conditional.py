"""ETag and Last-Modified of a module's submitted responses, so a script that re-runs
downloads nothing when nothing changed.

Every write to answers (the pages, autosave, import, reopen and lock) moves the response's
`updated_at`, and reopening takes a response out of the submitted ones; an export also carries
the zones' register columns and the questionnaire's labels, whose writes move the data version
(survey/data_version.py). So the version changes whenever the exported data can. One aggregate
query, whatever the number of zones.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from survey.data_version import data_changed_at, data_version
from survey.models import Response


@dataclass(frozen=True)
class Version:
    etag: str
    last_modified: datetime | None

    @property
    def timestamp(self) -> int | None:
        return int(self.last_modified.timestamp()) if self.last_modified else None


def module_version(module, *variant) -> Version:
    """The version of `module`'s submitted responses as exported with `variant` (format,
    options, page...): a different variant is a different representation, so another ETag."""
    state = (
        Response.objects.of_module(module)
        .submitted()
        .aggregate(n=Count("id"), last=Max("updated_at"))
    )
    last = max(filter(None, (state["last"], data_changed_at())), default=None)
    key = ":".join(
        str(part)
        for part in (module.pk, state["n"], last.isoformat() if last else "-", data_version())
        + variant
    )
    return Version('"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"', last)


def not_modified(request, version: Version):
    """The 304 answer when the client's copy is current, else None."""
    return get_conditional_response(request, etag=version.etag, last_modified=version.timestamp)


def with_validators(response, version: Version):
    response["ETag"] = version.etag
    if version.last_modified:
        response["Last-Modified"] = http_date(version.timestamp)
    # The answers are private: no shared cache keeps them, the client revalidates each time.
    response["Cache-Control"] = "private, no-cache"
    return response
