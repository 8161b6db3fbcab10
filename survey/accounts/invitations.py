"""Invitation links: one-time, expiring, bound to one zone. Only a hash of the token is kept."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from survey.models import Invitation, User, ZoneMembership
from survey.models.accounts import hash_token


class InvitationInvalid(Exception):
    """Unknown, used, revoked or expired token. One message for all, so nothing is revealed."""


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


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])


def invitation_for_token(token: str) -> Invitation:
    invitation = Invitation.objects.usable().by_token(token).select_related("zone").first()
    if invitation is None:
        raise InvitationInvalid
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, first_name="", last_name="") -> User:
    """Create (or reuse) the account, grant the zone membership, and spend the token."""
    invitation = (
        Invitation.objects.select_for_update()
        .usable()
        .by_token(token)
        .select_related("zone")
        .first()
    )
    if invitation is None:
        raise InvitationInvalid
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            language=invitation.language,
        )
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
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
    return user
