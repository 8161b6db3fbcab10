"""The register of police zones and the population rule of an edition."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, Q, Value, When
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


class Zone(models.Model):
    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A zone code has four digits."))],
    )
    name_nl = models.CharField(_("name (nl)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (fr)"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=Region)
    degurba = models.PositiveSmallIntegerField(_("degree of urbanisation"), choices=Degurba)
    staff = models.PositiveIntegerField(_("staff"), validators=[MinValueValidator(1)])
    language = models.CharField(_("language"), max_length=2, choices=Language)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
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

    @property
    def name(self) -> str:
        from django.utils import translation

        # The register names zones in Dutch and French only. German readers get the Dutch
        # name where there is one ("Demozone Eupen", closer to German than "Zone démo de
        # Eupen"); only French readers get the French name first.
        if (translation.get_language() or "nl")[:2] == "fr":
            return self.name_fr or self.name_nl
        return self.name_nl or self.name_fr

    @property
    def size_class(self) -> str:
        return size_class(self.staff)
