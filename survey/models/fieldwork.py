"""Fieldwork: e-mail templates the researchers edit, campaigns, and every message sent."""

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")


class EmailTemplate(models.Model):
    """Subject and body of one kind of e-mail in one language, with {placeholders}."""

    kind = models.CharField(_("kind"), max_length=12, choices=EmailKind)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="emailtemplate_unique")
        ]
        ordering = ["kind", "language"]
        verbose_name = _("e-mail template")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class CampaignQuerySet(models.QuerySet):
    def with_counts(self):
        """Each campaign with its number of messages in every status (`sent`, `queued`, …)."""
        return self.annotate(
            **{
                status: models.Count("emails", filter=models.Q(emails__status=status))
                for status in OutgoingEmail.Status.values
            }
        )


class Campaign(models.Model):
    """One sending of invitations or reminders for an edition."""

    edition = models.ForeignKey(
        "survey.Edition", on_delete=models.CASCADE, related_name="campaigns"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EmailKind)
    resend = models.BooleanField(
        _("resend"),
        default=False,
        help_text=_("Also invite zones that were invited before for this edition."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("campaign")

    def __str__(self) -> str:
        # Written as the pages write a moment (the language's DATETIME_FORMAT, local time):
        # the admin shows this beside the campaign's own dates.
        moment = formats.date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT")
        return f"{self.edition.code} {self.get_kind_display()} {moment}"


class OutgoingEmailQuerySet(models.QuerySet):
    def invitations_of(self, edition):
        """Invitations of the edition that went out or are on their way."""
        return self.filter(
            campaign__edition=edition,
            kind=EmailKind.INVITATION,
            status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.SENT],
        )


class OutgoingEmail(models.Model):
    """One message of a campaign to one zone; a failed send stays visible and can be retried."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NO_ADDRESS = "no_address", _("No e-mail address")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="emails")
    zone = models.ForeignKey("survey.Zone", on_delete=models.CASCADE, related_name="emails")
    to = models.EmailField(_("to"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=12, choices=EmailKind)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    invitation = models.ForeignKey(
        "survey.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "zone"], name="outgoingemail_unique_zone")
        ]
        indexes = [models.Index(fields=["zone", "kind", "status"])]
        ordering = ["zone__code"]
        verbose_name = _("outgoing e-mail")

    def __str__(self) -> str:
        return f"{self.zone_id} {self.kind} {self.status}"
