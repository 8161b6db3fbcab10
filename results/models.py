"""Records of the data leaving and entering the application through the researcher side."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

PENDING_IMPORT_LIFETIME = timedelta(hours=1)


class ExportLog(models.Model):
    """Who took which answers out, when and how: exports hold the zones' answers."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        SAV = "sav", "SPSS (.sav)"
        DTA = "dta", "Stata (.dta)"
        LONG = "long", _("long CSV")
        CODEBOOK_CSV = "codebook-csv", _("codebook (CSV)")
        CODEBOOK_XLSX = "codebook-xlsx", _("codebook (XLSX)")
        DDI = "ddi", _("DDI-Codebook 2.5 (XML)")
        PARADATA = "paradata", _("paradata (CSV)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for exports made with the management command."),
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    edition = models.ForeignKey(
        "survey.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        "survey.Module",
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=20, choices=Format)
    options = models.JSONField(_("options"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0, help_text=_("Zones exported."))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("export log")

    def __str__(self) -> str:
        # As the pages write a moment: the admin shows it beside the "exported at" field.
        moment = formats.date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT")
        return f"{moment} {self.format} {self.edition_id}"


class PendingImportQuerySet(models.QuerySet):
    def stale(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - PENDING_IMPORT_LIFETIME)

    def fresh(self, now=None):
        return self.filter(created_at__gte=(now or timezone.now()) - PENDING_IMPORT_LIFETIME)


class PendingImport(models.Model):
    """An uploaded response file, parsed and validated once, kept (as the validated rows and
    the report, not the file) between the preview and the researcher's confirmation."""

    module = models.ForeignKey(
        "survey.Module", verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    parsed = models.JSONField(_("validated content"), default=dict)
    replace = models.BooleanField(_("replace existing responses"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return self.filename


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A researcher's personal, read-only key to the API (`results.api`).

    Only a SHA-256 digest of the secret is stored; the token is shown once, when it is made.
    The prefix (the token's first characters) finds the row without comparing digests of every
    token.
    """

    class Scope(models.TextChoices):
        DEFINITIONS = "definitions", _("Questionnaires and codebooks")
        RESPONSES = "responses", _("Responses of the zones")
        RESULTS = "results", _("Results and fieldwork status")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("SHA-256 digest"), max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    pseudonymised_only = models.BooleanField(
        _("responses pseudonymised only"),
        default=False,
        help_text=_("Responses come with pseudonyms instead of zone codes, names and staff."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


class ImplausibleRule(models.Model):
    """A change between the previous edition and this one that the data-quality page lists:
    the zone answered one of `before` then and one of `after` now. An edition without rules
    of its own uses the default pair (see results/quality.py)."""

    edition = models.ForeignKey(
        "survey.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="implausible_rules",
    )
    before = models.JSONField(_("codes before"), help_text=_("e.g. [4, 5]"))
    after = models.JSONField(_("codes now"), help_text=_("e.g. [0]"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("implausible change rule")

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"
