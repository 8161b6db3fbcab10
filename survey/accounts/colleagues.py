"""A zone chief invites colleagues to help answer, and revokes invitations not yet used."""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from survey.accounts.invitations import invitation_create, invitation_url
from survey.models import ZoneMembership


@transaction.atomic
def colleague_invite(*, zone, email, by):
    """Create a colleague invitation and mail its link, in the zone's language, once committed."""
    invitation, token = invitation_create(
        zone=zone, email=email, role=ZoneMembership.Role.COLLEAGUE, created_by=by
    )
    link = invitation_url(token)

    def send():
        with translation.override(invitation.language or zone.language):
            subject = _("Invitation: Police Technology Survey, zone %(zone)s") % {"zone": zone.code}
            body = render_to_string(
                "survey/email/invitation.txt",
                {"zone": zone, "link": link, "by": by, "invitation": invitation},
            )
        send_mail(subject, body, None, [invitation.email])

    transaction.on_commit(send)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation, by):
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation
