"""Invitation and reminder campaigns: who gets a message, in which language, and its sending.

A campaign only writes OutgoingEmail rows and enqueues one task per message, so a page never
waits on SMTP; the worker (`manage.py db_worker`) composes and sends. An invitation is created
when its message is sent, so the clear-text token exists only in the e-mail itself.
"""

import string
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps as global_apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from survey import links
from survey.accounts.invitations import invitation_create, invitation_url, privacy_url
from survey.fieldwork.email_texts import DEFAULTS, NEUTRAL_GREETINGS, PLACEHOLDERS
from survey.languages import language_chain
from survey.models import (
    Campaign,
    Edition,
    EmailKind,
    EmailTemplate,
    Invitation,
    OutgoingEmail,
    Response,
    Zone,
    ZoneMembership,
)

MAX_ATTEMPTS = 5


class CampaignError(Exception):
    pass


@dataclass
class CampaignResult:
    campaign: Campaign
    queued: int = 0
    without_email: list[Zone] = field(default_factory=list)
    skipped: list[Zone] = field(default_factory=list)  # already invited, or already submitted


def zones_submitted_all(edition: Edition):
    """Zones with a submitted response to every module of the edition."""
    modules = edition.modules.count()
    return (
        Response.objects.filter(module__edition=edition)
        .submitted()
        .values("zone")
        .annotate(n=Count("module", distinct=True))
        .filter(n__gte=modules)
        .values("zone")
    )


@transaction.atomic
def campaign_create(
    *, edition: Edition, kind: str, by, zones=None, resend=False, site_url=""
) -> CampaignResult:
    """Queue one message per target zone: all the population, or the chosen zones within it.

    Invitations skip zones already invited for this edition unless `resend`; reminders skip
    zones that submitted every module. Zones without a contact e-mail are recorded and reported.
    The messages' links point to `site_url`, the address of the researcher's request (see
    survey/links.py).
    """
    from survey.fieldwork.tasks import email_send

    if not edition.is_open:
        raise CampaignError(_("Invitations and reminders go out only for an open edition."))
    targets = Zone.objects.population(edition).order_by("code")
    if zones is not None:
        targets = targets.filter(pk__in=[z.pk for z in zones])
    if kind == EmailKind.INVITATION and not resend:
        done = OutgoingEmail.objects.invitations_of(edition).values("zone")
    elif kind == EmailKind.REMINDER:
        done = zones_submitted_all(edition)
    else:
        done = Zone.objects.none().values("pk")
    skipped = list(targets.filter(pk__in=done))
    targets = list(targets.exclude(pk__in=done))
    if not targets:
        raise CampaignError(_("No zone to write to: every chosen zone was skipped."))
    campaign = Campaign.objects.create(
        edition=edition, kind=kind, created_by=by, resend=resend and kind == EmailKind.INVITATION
    )
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            campaign=campaign,
            zone=zone,
            to=zone.contact_email,
            language=zone.language,
            kind=kind,
            status=OutgoingEmail.Status.QUEUED
            if zone.contact_email
            else OutgoingEmail.Status.NO_ADDRESS,
        )
        for zone in targets
    )
    queued = list(
        campaign.emails.filter(status=OutgoingEmail.Status.QUEUED).values_list("pk", flat=True)
    )
    for pk in queued:
        email_send.enqueue(pk, site_url)
    return CampaignResult(
        campaign=campaign,
        queued=len(queued),
        without_email=[z for z in targets if not z.contact_email],
        skipped=skipped,
    )


STUCK_AFTER = timedelta(minutes=30)  # longer than all back-off delays together


@transaction.atomic
def campaign_retry(*, campaign: Campaign, site_url="") -> int:
    """Queue again the failed messages of a campaign (a researcher's explicit choice), and any
    message still queued long after it should have gone (say, the worker was down). Sending is
    idempotent, so a message queued twice still goes out once."""
    from survey.fieldwork.tasks import email_send

    stuck = Q(status=OutgoingEmail.Status.QUEUED, queued_at__lt=timezone.now() - STUCK_AFTER)
    again = list(
        campaign.emails.filter(Q(status=OutgoingEmail.Status.FAILED) | stuck).values_list(
            "pk", flat=True
        )
    )
    OutgoingEmail.objects.filter(pk__in=again).update(status=OutgoingEmail.Status.QUEUED)
    for pk in again:
        email_send.enqueue(pk, site_url)
    return len(again)


# Templates and composition ------------------------------------------------------------------


def template_errors(text: str) -> list[str]:
    """Problems with a researcher's template text: unknown or malformed placeholders."""
    try:
        fields = [
            (n, spec, conv) for _, n, spec, conv in string.Formatter().parse(text) if n is not None
        ]
    except ValueError as exc:
        return [
            _("Malformed placeholder: %(error)s. Write {{ and }} for a literal brace.")
            % {"error": exc}
        ]
    if any(spec or conversion for _name, spec, conversion in fields):
        # `{zone:>999999999}` would be a valid format and a huge e-mail: plain names only.
        return [_("Write placeholders as plain names, such as {zone}, without formatting.")]
    unknown = sorted({n for n, _spec, _conv in fields if n not in PLACEHOLDERS})
    if unknown:
        return [
            _("Unknown placeholder(s) %(names)s; use %(known)s.")
            % {
                "names": ", ".join(f"{{{n}}}" for n in unknown),
                "known": ", ".join(f"{{{n}}}" for n in PLACEHOLDERS),
            }
        ]
    return []


def email_templates_install(*, model=EmailTemplate, using: str = "default") -> None:
    """Every default template a researcher can edit exists; existing texts are never touched.
    `model` is the migration state's model when called after `migrate`."""
    model.objects.using(using).bulk_create(
        [
            model(kind=kind, language=language, subject=subject, body=body)
            for (kind, language), (subject, body) in DEFAULTS.items()
        ],
        ignore_conflicts=True,
    )


def email_templates_after_migrate(sender, *, using, apps=global_apps, **kwargs) -> None:
    """post_migrate (sent by `migrate` and by `flush`): a flushed database, or one restored
    without these rows, gets them back from the next `manage.py migrate`, never from a page."""
    try:
        model = apps.get_model("survey", "EmailTemplate")
    except LookupError:  # migrated back to before the templates existed
        return
    email_templates_install(model=model, using=using)


def email_template_for(kind: str, language: str) -> tuple[str, str]:
    """(subject, body) in the language, German falling back to French, then the defaults."""
    chain = language_chain(language)
    stored = {t.language: t for t in EmailTemplate.objects.filter(kind=kind, language__in=chain)}
    for lang in chain:
        if lang in stored:
            return stored[lang].subject, stored[lang].body
    for lang in chain:
        if (kind, lang) in DEFAULTS:
            return DEFAULTS[(kind, lang)]
    return DEFAULTS[(kind, "en")]


def _link(email: OutgoingEmail) -> tuple[str, Invitation | None]:
    """A fresh invitation for an invitation, or for a reminder to a zone without an account."""
    zone = email.zone
    if email.kind == EmailKind.REMINDER and zone.memberships.exists():
        return links.absolute(reverse("login")), None
    Invitation.objects.usable().filter(
        zone=zone, email=email.to.lower(), role=ZoneMembership.Role.CHIEF
    ).update(revoked_at=timezone.now())
    invitation, token = invitation_create(
        zone=zone,
        email=email.to,
        role=ZoneMembership.Role.CHIEF,
        created_by=email.campaign.created_by,
        language=email.language,
    )
    return invitation_url(token), invitation


def greet_neutrally(template: str, language: str) -> str:
    """The template with each line that greets {contact} replaced by a neutral greeting."""
    neutral = NEUTRAL_GREETINGS.get(language, NEUTRAL_GREETINGS["en"])
    return "\n".join(
        neutral.replace("{", "{{").replace("}", "}}") if "{contact}" in line else line
        for line in template.split("\n")
    )


def message_text(
    *, subject: str, body: str, zone: Zone, edition: Edition, language: str, link: str, contact: str
) -> tuple[str, str]:
    """Subject and body as a zone reads them: the placeholders filled in in `language`, a
    neutral greeting when there is no `contact` name, and the privacy line under every text."""
    with translation.override(language):
        values = {
            "zone": zone.name,
            "contact": contact,
            "edition": edition.name,
            "deadline": formats.date_format(edition.fieldwork_end, "DATE_FORMAT"),
            "link": link,
        }
        # Added to every text, also one a researcher edited: where the privacy page is.
        privacy = _("How we handle your personal data:") + " " + privacy_url()
    if not contact:
        body = greet_neutrally(body, language)
    return subject.format(**values).replace("\n", " "), body.format(
        **values
    ) + "\n\n-- \n" + privacy


def email_compose(email: OutgoingEmail) -> tuple[EmailMessage, Invitation | None]:
    subject, body = email_template_for(email.kind, email.language)
    link, invitation = _link(email)
    subject, body = message_text(
        subject=subject,
        body=body,
        zone=email.zone,
        edition=email.campaign.edition,
        language=email.language,
        link=link,
        contact=email.zone.contact_name,
    )
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
    )
    return message, invitation


def retry_delay(attempts: int) -> timedelta:
    """Back off: 1, 2, 4, 8 minutes after the 1st, 2nd, 3rd, 4th failure."""
    return timedelta(minutes=2 ** (attempts - 1))


def email_deliver(outgoing_id: int, *, can_retry: bool) -> OutgoingEmail:
    """Send one queued message. On failure it stays queued for a later attempt while
    `can_retry` and attempts remain, else it is marked failed (the dashboard shows it)."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(of=("self",))
            .select_related("campaign__edition", "campaign__created_by", "zone")
            .get(pk=outgoing_id)
        )
        if email.status != OutgoingEmail.Status.QUEUED:
            return email
        email.attempts += 1
        message, invitation = None, None
        try:
            with transaction.atomic():  # a message that cannot be composed leaves nothing behind
                message, invitation = email_compose(email)
            message.send(fail_silently=False)
        except Exception as exc:  # SMTP, connection and composition errors: record, retry later
            if invitation is not None:
                Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if not (can_retry and email.attempts < MAX_ATTEMPTS):
                email.status = OutgoingEmail.Status.FAILED
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.invitation = invitation
            email.last_error = ""
        if message is not None:
            email.subject = message.subject[:200]
        email.save()
        return email
