"""Releasing the zones' feedback reports of an edition, and withdrawing them.

Reports show the figures of a finished edition: while fieldwork runs the shares still move, so
only a closed or archived edition can be released. Released reports stay open if the edition is
later reopened to extend its fieldwork (their shares then follow the new answers, and disclosure
control is applied to the figures of the moment); the researchers' page says so and offers to
withdraw them.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from survey import audit
from survey.models import Edition

FINISHED = (Edition.Status.CLOSED, Edition.Status.ARCHIVED)


class ReportsNotReleasable(Exception):
    """The edition is still a draft or open: its figures are not final."""


def released_editions():
    """Editions whose zone reports the zones may open."""
    return Edition.objects.filter(reports_released_at__isnull=False)


def reports_are_released(edition: Edition) -> bool:
    return edition.reports_released_at is not None


@transaction.atomic
def reports_release(*, edition: Edition, by) -> Edition:
    """Let every zone that submitted open its report. Releasing twice keeps the first date."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status not in FINISHED:
        raise ReportsNotReleasable(
            _("Only the reports of a closed or archived edition can be released.")
        )
    if edition.reports_released_at is None:
        edition.reports_released_at = timezone.now()
        edition.save(update_fields=["reports_released_at"])
        audit.record(by=by, obj=edition, message=_("Released the zone reports."))
    return edition


@transaction.atomic
def reports_withdraw(*, edition: Edition, by) -> Edition:
    """Hide the reports again, e.g. when a correction of the data is under way."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.reports_released_at is not None:
        edition.reports_released_at = None
        edition.save(update_fields=["reports_released_at"])
        audit.record(by=by, obj=edition, message=_("Withdrew the zone reports."))
    return edition
