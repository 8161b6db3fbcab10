"""A zone's response to one module, its answers, and the record of every change."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from survey.plausible_dates import validate_past_moment


class ResponseQuerySet(models.QuerySet):
    def for_zone(self, zone):
        return self.filter(zone=zone)

    def submitted(self):
        return self.filter(status=Response.Status.SUBMITTED)

    def in_progress(self):
        return self.filter(status=Response.Status.IN_PROGRESS)

    def of_module(self, module):
        return self.filter(module=module)


class Response(models.Model):
    """One zone answers each module of an edition once."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    class Source(models.TextChoices):
        WEB = "web", _("Questionnaire")
        IMPORT = "import", _("Import")

    zone = models.ForeignKey("survey.Zone", on_delete=models.PROTECT, related_name="responses")
    module = models.ForeignKey("survey.Module", on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.IN_PROGRESS
    )
    source = models.CharField(_("source"), max_length=10, choices=Source, default=Source.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, validators=[validate_past_moment]
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "module"], name="response_unique_zone_module")
        ]
        indexes = [models.Index(fields=["module", "status"])]
        verbose_name = _("response")

    def __str__(self) -> str:
        return f"{self.zone.code} – {self.module}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """A use code for one item. No row means no answer."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("survey.Item", on_delete=models.PROTECT, related_name="answers")
    code = models.PositiveSmallIntegerField(_("code"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_unique_item")
        ]
        indexes = [models.Index(fields=["item", "code"])]

    def __str__(self) -> str:
        return f"{self.item_id}={self.code}"


class RoleAnswer(models.Model):
    """A role code for one category × objective cell of the role matrix."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="role_answers")
    category = models.ForeignKey("survey.Category", on_delete=models.PROTECT, related_name="+")
    objective = models.ForeignKey("survey.Objective", on_delete=models.PROTECT, related_name="+")
    code = models.PositiveSmallIntegerField(_("code"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "category", "objective"], name="roleanswer_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["category", "objective", "code"])]

    def __str__(self) -> str:
        return f"{self.category_id}×{self.objective_id}={self.code}"


class AnswerChange(models.Model):
    """Every change of an answer: who, when, old, new. Written in the same transaction."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="changes")
    item = models.ForeignKey(
        "survey.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "survey.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    objective = models.ForeignKey(
        "survey.Objective", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    old_code = models.PositiveSmallIntegerField(null=True, blank=True)
    new_code = models.PositiveSmallIntegerField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10, choices=Response.Source, default=Response.Source.WEB)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["response", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code}"


class ResponseEvent(models.Model):
    """Submission, reopening and locking of a response, with the stated reason."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")
        LOCKED = "locked", _("Locked again")
        IMPORTED = "imported", _("Imported")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()
