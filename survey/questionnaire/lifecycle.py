"""An edition's life: draft → open → closed → archived, every move recorded.

Only a draft's questionnaire changes; only an open edition takes answers (respondent pages
check `edition.is_open`), so closing makes every response read-only. A closed edition may be
reopened (closed → open) to extend the fieldwork, but only with a stated reason, since results
computed in between may change.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from survey.models import Edition, EditionTransition, Item

S = Edition.Status

ALLOWED = {
    (S.DRAFT, S.OPEN),
    (S.OPEN, S.CLOSED),
    (S.CLOSED, S.ARCHIVED),
    (S.CLOSED, S.OPEN),
}
NEEDS_REASON = {(S.CLOSED, S.OPEN)}


class TransitionError(Exception):
    """A move the lifecycle does not allow, or one missing what it needs."""


def next_statuses(edition: Edition) -> list[str]:
    return [to for (frm, to) in sorted(ALLOWED) if frm == edition.status]


def needs_reason(edition: Edition, to_status: str) -> bool:
    return (edition.status, to_status) in NEEDS_REASON


@transaction.atomic
def edition_transition(*, edition: Edition, to_status: str, by, note: str = "") -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    move = (edition.status, to_status)
    if move not in ALLOWED:
        raise TransitionError(
            _("An edition cannot move from %(from)s to %(to)s.")
            % {"from": edition.status, "to": to_status}
        )
    if move in NEEDS_REASON and not note.strip():
        raise TransitionError(_("Reopening a closed edition needs a stated reason."))
    if move == (S.DRAFT, S.OPEN):
        _check_ready(edition)
    EditionTransition.objects.create(
        edition=edition, from_status=edition.status, to_status=to_status, by=by, note=note.strip()
    )
    edition.status = to_status
    edition.save(update_fields=["status"])
    return edition


def _check_ready(edition: Edition) -> None:
    """An edition opens only with a questionnaire to answer."""
    modules = list(edition.modules.all())
    if not modules:
        raise TransitionError(_("This edition has no modules yet."))
    with_items = set(
        Item.objects.filter(module__edition=edition).values_list("module_id", flat=True)
    )
    empty = [str(m) for m in modules if m.pk not in with_items]
    if empty:
        raise TransitionError(
            _("These modules have no items yet: %(modules)s.") % {"modules": ", ".join(empty)}
        )
