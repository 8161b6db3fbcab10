"""A zone chief invites colleagues to help answer, and revokes invitations not yet used."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from survey import audit
from survey.accounts.invitations import invitation_send
from survey.models import ZoneMembership


def colleague_invite(*, zone, email, by, site_url=""):
    """A colleague invitation; the background worker mails its link in the zone's language."""
    return invitation_send(
        zone=zone,
        email=email,
        role=ZoneMembership.Role.COLLEAGUE,
        created_by=by,
        site_url=site_url,
    )


@transaction.atomic
def invitation_revoke(*, invitation, by):
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(by=by, obj=invitation, message=_("Revoked the invitation."))
    return invitation
