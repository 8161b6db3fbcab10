"""A zone's response to one module, its answers, and the record of every change."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from survey.plausible_dates import validate_past_moment


def partial_key_index(field: str, name: str) -> models.Index:
    """The index of a nullable foreign key over the rows that have a value: deleting or
    protecting the referenced row looks only for those (`field_id IN (…)`), and a row written
    without one costs no index entry."""
    return models.Index(
        fields=[field], name=name, condition=models.Q(**{f"{field}__isnull": False})
    )


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
        # Only on AnswerChange: an earlier edition's answer confirmed as "still correct".
        CONFIRMED = "confirmed", _("Earlier answer confirmed")

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
    """A use code for one item. No row means no answer.

    Every index costs each written cell (an import writes hundreds of thousands): the foreign
    keys' own indexes are left out where a wider index starts with the same column, and the
    author's index holds only the rows that have one (see `partial_key_index`)."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    item = models.ForeignKey(
        "survey.Item", on_delete=models.PROTECT, related_name="answers", db_index=False
    )
    code = models.PositiveSmallIntegerField(_("code"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_unique_item")
        ]
        indexes = [
            models.Index(fields=["item", "code"]),  # also serves the item's foreign key
            partial_key_index("updated_by", "answer_updated_by"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}={self.code}"


class RoleAnswer(models.Model):
    """A role code for one category × objective cell of the role matrix."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="role_answers", db_index=False
    )
    category = models.ForeignKey(
        "survey.Category", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    objective = models.ForeignKey("survey.Objective", on_delete=models.PROTECT, related_name="+")
    code = models.PositiveSmallIntegerField(_("code"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        # As Answer: the unique cell serves the response's key, the code index the category's.
        constraints = [
            models.UniqueConstraint(
                fields=["response", "category", "objective"], name="roleanswer_unique_cell"
            )
        ]
        indexes = [
            models.Index(fields=["category", "objective", "code"]),
            partial_key_index("updated_by", "roleanswer_updated_by"),
        ]

    def __str__(self) -> str:
        return f"{self.category_id}×{self.objective_id}={self.code}"


def _optional_key(to: str, on_delete=models.PROTECT):
    """A foreign key that most change records leave empty, indexed by `partial_key_index`."""
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=on_delete, related_name="+", db_index=False
    )


class AnswerChange(models.Model):
    """Every change of an answer: who, when, old, new. Written in the same transaction.

    A record names an item, a role cell or a question, never all: each of these keys is indexed
    only where it is set (3 index entries per record instead of 9)."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="changes", db_index=False
    )
    item = _optional_key("survey.Item")
    category = _optional_key("survey.Category")
    objective = _optional_key("survey.Objective")
    question = _optional_key("survey.Question")
    technology = _optional_key("survey.Technology")
    old_code = models.PositiveSmallIntegerField(null=True, blank=True)
    new_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # Answers to questions (choices, numbers, text) in their canonical text form.
    old_value = models.TextField(null=True, blank=True)
    new_value = models.TextField(null=True, blank=True)
    changed_by = _optional_key(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10, choices=Response.Source, default=Response.Source.WEB)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [
            models.Index(fields=["response", "changed_at"]),  # also the response's key
            *(
                partial_key_index(key, f"answerchange_{key}")
                for key in ("item", "category", "objective", "question", "technology")
            ),
            partial_key_index("changed_by", "answerchange_changed_by"),
        ]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code}"


class ResponseEvent(models.Model):
    """Submission, reopening and locking of a response, with the stated reason."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")
        LOCKED = "locked", _("Locked again")
        IMPORTED = "imported", _("Imported")
        QUERY_RAISED = "query_raised", _("Query raised")
        QUERY_ANSWERED = "query_answered", _("Query answered by the zone")
        QUERY_RESOLVED = "query_resolved", _("Query resolved")
        QUERY_CLOSED = "query_closed", _("Query closed")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind)
    query = models.ForeignKey(
        "survey.AnswerQuery", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()
