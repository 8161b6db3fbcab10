"""Invitation links: one-time, expiring, bound to one zone. Only a hash of the token is kept.

An invitation never touches an existing account: it creates a new account for an address that
has none, and otherwise grants the membership only to the owner of the address once they have
signed in as themselves. Its link goes to the invitee's mailbox (or to the operator of
`create_invitation`), never onto a page.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from survey import links
from survey.models import Invitation, User, ZoneMembership
from survey.models.accounts import hash_token


class InvitationInvalid(Exception):
    """Unknown, used, revoked or expired token. One message for all, so nothing is revealed."""


class InvitationNeedsSignIn(Exception):
    """The invited address has an account: its owner accepts after signing in as themselves."""


def same_address(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


def invitation_create(*, zone, email, role=ZoneMembership.Role.CHIEF, created_by=None, language=""):
    """A new invitation and its clear-text token (shown or mailed once, never stored)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        zone=zone,
        email=email.strip().lower(),
        role=role,
        language=language or zone.language,
        token_hash=hash_token(token),
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    return invitation, token


@transaction.atomic
def invitation_send(*, zone, email, role, created_by, language="", site_url="") -> Invitation:
    """An invitation whose link only the invitee's mailbox receives: the background worker makes
    the token and mails it, so no page, log or task record ever holds it. `site_url`: the
    address of the request that sends it (`links.request_site_url`), where its links point."""
    invitation, _token = invitation_create(
        zone=zone, email=email, role=role, created_by=created_by, language=language
    )
    invitation_mail.enqueue(invitation.pk, site_url)
    return invitation


@task()
def invitation_mail(invitation_id: int, site_url: str = "") -> bool:
    """Background task: mail a pending invitation's link. Tasks carry ids only, so the task
    table never holds a token."""
    with links.served_at(site_url):
        return invitation_deliver(invitation_id)


def invitation_deliver(invitation_id: int) -> bool:
    """Give a pending invitation a fresh token and mail its link to the invitee (worker side).
    A second run replaces the token, so only the newest message's link works."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .usable()
            .select_related("zone", "created_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            return False
        invitation.token_hash = hash_token(token)
        invitation.save(update_fields=["token_hash"])
    zone = invitation.zone
    with translation.override(invitation.language or zone.language):
        subject = _("Invitation: Police Technology Survey, zone %(zone)s") % {"zone": zone.code}
        body = render_to_string(
            "survey/email/invitation.txt",
            {
                "zone": zone,
                "link": invitation_url(token),
                "privacy_link": privacy_url(),
                "by": invitation.created_by,
                "invitation": invitation,
            },
        )
    send_mail(subject, body, None, [invitation.email])
    return True


def privacy_url() -> str:
    """The privacy page's full address, for e-mails."""
    return links.absolute(reverse("privacy"))


def invitation_url(token: str) -> str:
    return links.absolute(reverse("invitation_accept", args=[token]))


def invitation_for_token(token: str) -> Invitation:
    invitation = Invitation.objects.usable().by_token(token).select_related("zone").first()
    if invitation is None:
        raise InvitationInvalid
    return invitation


def account_exists(invitation: Invitation) -> bool:
    return User.objects.filter(email__iexact=invitation.email.strip()).exists()


def _locked(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .usable()
        .by_token(token)
        .select_related("zone")
        .first()
    )
    if invitation is None:
        raise InvitationInvalid
    return invitation


def _grant(invitation: Invitation, user: User) -> None:
    membership, created = ZoneMembership.objects.get_or_create(
        user=user, zone=invitation.zone, defaults={"role": invitation.role}
    )
    if (
        not created
        and invitation.role == ZoneMembership.Role.CHIEF
        and membership.role != invitation.role
    ):
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


@transaction.atomic
def invitation_accept(*, token: str, password: str, first_name="", last_name="") -> User:
    """Create the invitee's account with the password they chose, grant the zone membership,
    and spend the token. An address that already has an account raises InvitationNeedsSignIn:
    its password is never set here."""
    invitation = _locked(token)
    if account_exists(invitation):
        raise InvitationNeedsSignIn
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        language=invitation.language,
    )
    _grant(invitation, user)
    return user


@transaction.atomic
def invitation_accept_signed_in(*, token: str, user: User) -> User:
    """The owner of the invited address, signed in as themselves, takes up the membership."""
    invitation = _locked(token)
    owner = user.is_authenticated and same_address(user.email, invitation.email)
    if not (owner and user.is_active):
        raise InvitationNeedsSignIn
    _grant(invitation, user)
    return user
