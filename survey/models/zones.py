"""The register of police zones and the population rule of an edition."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from .definitions import Region


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")


class Degurba(models.IntegerChoices):
    CITIES = 1, _("Cities")
    TOWNS = 2, _("Towns and suburbs")
    RURAL = 3, _("Rural areas")


class SizeClass(models.TextChoices):
    UNDER_100 = "<100", _("fewer than 100 staff")
    FROM_100 = "100-249", _("100–249 staff")
    FROM_250 = "250-499", _("250–499 staff")
    FROM_500 = ">=500", _("500 staff or more")


def size_class(staff: int) -> str:
    if staff < 100:
        return SizeClass.UNDER_100
    if staff < 250:
        return SizeClass.FROM_100
    if staff < 500:
        return SizeClass.FROM_250
    return SizeClass.FROM_500


def size_class_expression(field: str = "staff"):
    """The same classes as `size_class`, computed by the database for aggregates."""
    return Case(
        When(**{f"{field}__lt": 100}, then=Value(SizeClass.UNDER_100.value)),
        When(**{f"{field}__lt": 250}, then=Value(SizeClass.FROM_100.value)),
        When(**{f"{field}__lt": 500}, then=Value(SizeClass.FROM_250.value)),
        default=Value(SizeClass.FROM_500.value),
        output_field=models.CharField(),
    )


# ASCII digits only: `\d` would also accept Arabic-Indic and other Unicode digits.
ZONE_CODE_VALIDATOR = RegexValidator(r"\A[0-9]{4}\Z", _("A zone code has four digits (0-9)."))
# Police zones exist since 2001; dates outside this range are typing errors that would break
# the date arithmetic of pages and charts.
REGISTER_DATE_VALIDATORS = [
    MinValueValidator(dt.date(1990, 1, 1), _("Enter a date from 1990 on.")),
    MaxValueValidator(dt.date(2200, 12, 31), _("Enter a date before 2201.")),
]
MAX_STAFF = 100_000


class ZoneQuerySet(models.QuerySet):
    def existing_between(self, start, end):
        """Zones that exist at some time in [start, end]."""
        return self.filter(valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )

    def population(self, edition):
        """The zones of the register that exist during the fieldwork and lie in its regions."""
        return self.existing_between(edition.fieldwork_start, edition.fieldwork_end).filter(
            region__in=edition.regions
        )

    def search(self, text: str):
        """Zones whose code, name (either language) or contact (name or address) holds `text`;
        all of them for an empty text."""
        if not text:
            return self
        return self.filter(
            Q(code__icontains=text)
            | Q(name_nl__icontains=text)
            | Q(name_fr__icontains=text)
            | Q(contact_name__icontains=text)
            | Q(contact_email__icontains=text)
        )


class Zone(models.Model):
    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        validators=[ZONE_CODE_VALIDATOR],
    )
    name_nl = models.CharField(_("name (nl)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (fr)"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=Region)
    degurba = models.PositiveSmallIntegerField(_("degree of urbanisation"), choices=Degurba)
    staff = models.PositiveIntegerField(
        _("staff"), validators=[MinValueValidator(1), MaxValueValidator(MAX_STAFF)]
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    valid_from = models.DateField(_("valid from"), validators=REGISTER_DATE_VALIDATORS)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, validators=REGISTER_DATE_VALIDATORS
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    contact_name = models.CharField(_("zone chief"), max_length=200, blank=True)
    contact_email = models.EmailField(_("zone chief's e-mail"), blank=True)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("police zone")
        verbose_name_plural = _("police zones")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="zone_valid_to_after_from",
            ),
            models.CheckConstraint(condition=Q(degurba__in=[1, 2, 3]), name="zone_degurba_1_3"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        # Called by full_clean even when a field failed: compare only values that parsed.
        errors = {}
        if not self.name_nl and not self.name_fr:
            errors["name_nl"] = _("A zone needs a name in Dutch or French.")
        start, end = self.valid_from, self.valid_to
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            errors["valid_to"] = _("A zone cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        from django.utils import translation

        # The register names zones in Dutch and French only. German readers get the Dutch
        # name where there is one ("Demozone Eupen", closer to German than "Zone démo de
        # Eupen"); only French readers get the French name first.
        if (translation.get_language() or "nl")[:2] == "fr":
            return self.name_fr or self.name_nl
        return self.name_nl or self.name_fr

    @staticmethod
    def name_expression():
        """`name` in the database, for sorting: the same choice of language as `name`."""
        from django.utils import translation

        first, second = (
            ("name_fr", "name_nl")
            if (translation.get_language() or "nl")[:2] == "fr"
            else ("name_nl", "name_fr")
        )
        return Coalesce(NullIf(first, Value("")), second)

    @property
    def size_class(self) -> str:
        return size_class(self.staff)
