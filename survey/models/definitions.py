"""The questionnaire: editions, their modules, items, scales, categories and objectives.

A technology is a stable identity shared by editions; everything an edition asks (its categories,
items, wording, scales and objectives) belongs to the edition, so a later edition can differ
without touching an earlier one, and items of one technology stay comparable across editions.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from survey.codes import EDITION_CODE, validate_code, validate_edition_code, validate_module_code
from survey.plausible_dates import validate_plausible_date

from .translated import Labelled, pick


class Region(models.TextChoices):
    FLANDERS = "VL", _("Flanders")
    BRUSSELS = "BR", _("Brussels")
    WALLONIA = "WA", _("Wallonia")


class EditionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Edition.Status.OPEN)

    def visible_to_respondents(self):
        return self.exclude(status=Edition.Status.DRAFT)

    def listable(self):
        """Editions whose code can go into a URL (survey.codes). A row stored around the
        validation is left out of the lists, where it would break every page that links it."""
        return self.filter(code__regex=rf"^{EDITION_CODE}$")


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("e.g. 2023"),
        validators=[validate_edition_code],
    )
    name_nl = models.CharField(_("name (nl)"), max_length=200)
    name_fr = models.CharField(_("name (fr)"), max_length=200, blank=True)
    name_de = models.CharField(_("name (de)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (en)"), max_length=200, blank=True)
    fieldwork_start = models.DateField(_("fieldwork start"), validators=[validate_plausible_date])
    fieldwork_end = models.DateField(_("fieldwork end"), validators=[validate_plausible_date])
    regions = models.JSONField(_("regions"), default=list, help_text=_('e.g. ["VL", "BR"]'))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Compared with by default."),
    )
    reports_released_at = models.DateTimeField(_("zone reports released"), null=True, blank=True)
    preload = models.BooleanField(
        _("show earlier answers"),
        default=False,
        help_text=_(
            "Zones that answered the previous edition see their earlier answers beside each "
            "item and may confirm them per category."
        ),
    )
    # Drawn anew whenever the edition's questionnaire changes (survey/definition_version.py):
    # what is built from the definitions is kept in memory under it.
    definition_version = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["fieldwork_start", "code"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The edition's name in the reader's language (German falling back to French)."""
        return pick(self, "name")

    def clean(self):
        if (
            self.fieldwork_start
            and self.fieldwork_end
            and self.fieldwork_end < self.fieldwork_start
        ):
            raise ValidationError({"fieldwork_end": _("Fieldwork cannot end before it starts.")})
        unknown = set(self.regions or []) - set(Region.values)
        if unknown or not self.regions:
            raise ValidationError(
                {
                    "regions": _("Choose one or more of %(regions)s.")
                    % {"regions": ", ".join(Region.values)}
                }
            )

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_editable(self) -> bool:
        """Only a draft's questionnaire may change."""
        return self.status == self.Status.DRAFT


class EditionTransition(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=Edition.Status)
    to_status = models.CharField(max_length=10, choices=Edition.Status)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.edition.code}: {self.from_status} → {self.to_status}"


class Scale(models.Model):
    """An answer scale of one edition, e.g. `use` (0–5, 9) or `role` (0–4, 9)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="scales")
    code = models.CharField(_("code"), max_length=40, validators=[validate_code])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="scale_unique_code")
        ]
        ordering = ["edition", "code"]
        verbose_name = _("answer scale")

    def __str__(self) -> str:
        return f"{self.edition.code} {self.code}"


class ScalePointQuerySet(models.QuerySet):
    def labels(self, scale_id, language: str | None = None) -> dict[int, str]:
        """{code: label} of a scale, in the language (the active one by default)."""
        if scale_id is None:
            return {}
        return {p.code: p.label_in(language) for p in self.filter(scale_id=scale_id)}


class ScalePoint(Labelled):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="points")
    code = models.PositiveSmallIntegerField(_("code"))
    counts_as_available = models.BooleanField(_("counts as available"), default=False)
    is_valid = models.BooleanField(
        _("valid answer"),
        default=True,
        help_text=_("Invalid codes (don't know) are left out of bases."),
    )

    objects = ScalePointQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="scalepoint_unique_code")
        ]
        ordering = ["scale", "code"]
        verbose_name = _("scale point")


class Category(Labelled):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("code"), max_length=40, validators=[validate_code])
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="category_unique_code")
        ]
        ordering = ["edition", "order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Technology(Labelled):
    """The stable identity that makes editions comparable: same code, same technology."""

    code = models.CharField(_("code"), max_length=60, unique=True, validators=[validate_code])

    class Meta:
        ordering = ["code"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")


class Module(models.Model):
    class Kind(models.TextChoices):
        """The module codes of the reference editions; researchers may add others."""

        GENERAL = "general", _("General")
        EVENTS = "events", _("Event management")

    class Form(models.TextChoices):
        GRID = "grid", _("Technology grid (one scale per technology)")
        QUESTIONS = "questions", _("Questions (choices, numbers, text)")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="modules")
    kind = models.CharField(
        _("module code"),
        max_length=20,
        validators=[validate_code, validate_module_code],
        help_text=_("e.g. general, events, deployment: the name of its exports."),
    )
    form = models.CharField(_("form"), max_length=10, choices=Form, default=Form.GRID)
    follow_up = models.JSONField(
        _("technologies followed up"),
        default=list,
        blank=True,
        help_text=_(
            "Technology codes of the general module; per-technology questions are asked for "
            "those the zone has available there."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title_nl = models.CharField(max_length=200)
    title_fr = models.CharField(max_length=200)
    title_de = models.CharField(max_length=200, blank=True)
    title_en = models.CharField(max_length=200)
    question_nl = models.TextField()
    question_fr = models.TextField()
    question_de = models.TextField(blank=True)
    question_en = models.TextField()
    intro_nl = models.TextField(blank=True)
    intro_fr = models.TextField(blank=True)
    intro_de = models.TextField(blank=True)
    intro_en = models.TextField(blank=True)
    role_question_nl = models.TextField(blank=True)
    role_question_fr = models.TextField(blank=True)
    role_question_de = models.TextField(blank=True)
    role_question_en = models.TextField(blank=True)
    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    role_scale = models.ForeignKey(
        Scale,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Set for a module with the category × objective role matrix."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="module_unique_kind")
        ]
        ordering = ["edition", "order"]
        verbose_name = _("module")

    def __str__(self) -> str:
        return f"{self.edition.code} {self.get_kind_display()}"

    def get_kind_display(self) -> str:
        """The reference modules' names; a researcher's own module is called by its title."""
        if self.kind in self.Kind.values:
            return str(self.Kind(self.kind).label)
        return self.title or self.kind

    @property
    def is_questions(self) -> bool:
        return self.form == self.Form.QUESTIONS

    def clean(self):
        if self.form == self.Form.GRID and not self.scale_id:
            raise ValidationError({"scale": _("A technology grid needs an answer scale.")})
        for scale in (self.scale if self.scale_id else None, self.role_scale):
            if scale is not None and scale.edition_id != self.edition_id:
                raise ValidationError(_("A module uses the scales of its own edition."))

    @property
    def title(self) -> str:
        return pick(self, "title")

    @property
    def question(self) -> str:
        return pick(self, "question")

    @property
    def intro(self) -> str:
        return pick(self, "intro")

    @property
    def role_question(self) -> str:
        return pick(self, "role_question")

    @property
    def has_role_matrix(self) -> bool:
        return self.role_scale_id is not None

    def role_categories(self):
        """The categories present in this module: the rows of its role matrix."""
        return Category.objects.filter(items__module=self).distinct().order_by("order", "code")


QUESTIONNAIRE_ORDER = ("category__order", "category__code", "order", "id")


def questionnaire_order(through: str = "") -> list[str]:
    """The order_by fields of the questionnaire order, from another model (`item__`)."""
    return [through + field for field in QUESTIONNAIRE_ORDER]


class ItemQuerySet(models.QuerySet):
    def in_questionnaire_order(self):
        """As the questionnaire shows them: by category, then by place within it. Every page,
        figure and report lists items this way (exports keep their own column order)."""
        return self.order_by(*QUESTIONNAIRE_ORDER)


class Item(Labelled):
    """A technology as asked in one module: its place, category and wording there."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="items")
    technology = models.ForeignKey(Technology, on_delete=models.PROTECT, related_name="items")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = ItemQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "technology"], name="item_unique_technology")
        ]
        ordering = ["module", "order", "id"]
        verbose_name = _("item")

    @property
    def code(self) -> str:
        return self.technology.code

    def clean(self):
        if (
            self.category_id
            and self.module_id
            and self.category.edition_id != self.module.edition_id
        ):
            raise ValidationError({"category": _("Choose a category of the module's own edition.")})


class Objective(Labelled):
    """An objective of the role matrix (events module)."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=40, validators=[validate_code])
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "code"], name="objective_unique_code")
        ]
        ordering = ["module", "order", "code"]
        verbose_name = _("objective")
