"""A researcher's question about one answer of one zone, the zone's reply and the resolution."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerQueryQuerySet(models.QuerySet):
    def waiting_for_zone(self):
        return self.filter(status=AnswerQuery.Status.OPEN)

    def unresolved(self):
        return self.filter(status__in=[AnswerQuery.Status.OPEN, AnswerQuery.Status.ANSWERED])


class AnswerQuery(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the zone")
        ANSWERED = "answered", _("Answered by the zone")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Resolution(models.TextChoices):
        ANSWER = "answer", _("Answered")
        CORRECTED = "corrected", _("Value corrected")
        CLOSED = "closed", _("Closed with a reason")

    response = models.ForeignKey(
        "survey.Response", on_delete=models.CASCADE, related_name="queries"
    )
    item = models.ForeignKey("survey.Item", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(_("resolution"), max_length=10, choices=Resolution, blank=True)
    resolution_note = models.TextField(_("note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = AnswerQueryQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["response", "status"])]
        verbose_name = _("query")
        verbose_name_plural = _("queries")

    def __str__(self) -> str:
        return f"{self.response_id}/{self.item_id}: {self.get_status_display()}"

    @property
    def is_unresolved(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.ANSWERED)
