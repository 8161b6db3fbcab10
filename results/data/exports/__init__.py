"""Exports of the answers of one module: the wide CSV/XLSX that import reads, SPSS, Stata and a
long CSV for R. Each format module writes from the same table (`table.py`); every export is
logged (`export_log`)."""

import logging
from dataclasses import asdict, dataclass

from django.utils.crypto import salted_hmac

from results.models import ExportLog
from survey.languages import LANGUAGES

logger = logging.getLogger("results.exports")

FORMATS = ("csv", "xlsx", "sav", "dta", "long")
# SPSS and Stata files are made for analysis, so they carry the zone attributes unless told not
# to; the CSV/XLSX default stays the import format so that a round trip holds.
ATTRIBUTES_BY_DEFAULT = {"sav", "dta"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "long": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "dta": "application/x-stata-dta",
}
EXTENSIONS = {"csv": "csv", "long": "csv", "xlsx": "xlsx", "sav": "sav", "dta": "dta"}


@dataclass(frozen=True)
class ExportOptions:
    format: str = "csv"
    language: str = "nl"
    pseudonymise: bool = False
    with_attributes: bool | None = None  # None: the format's default

    def __post_init__(self):
        if self.format not in FORMATS:
            raise ValueError(f"unknown export format {self.format!r}")
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown language {self.language!r}")
        if self.with_attributes is None:
            object.__setattr__(self, "with_attributes", self.format in ATTRIBUTES_BY_DEFAULT)


def pseudonym(edition_code: str, zone_code: str) -> str:
    """HMAC-SHA256 keyed with SECRET_KEY: stable within the application, not reversible."""
    digest = salted_hmac(
        "results.exports.pseudonym", f"{edition_code}:{zone_code}", algorithm="sha256"
    ).hexdigest()
    return "Z" + digest[:10]


def export_filename(module, options: ExportOptions) -> str:
    suffix = "_long" if options.format == "long" else ""
    pseudo = "_pseudonymised" if options.pseudonymise else ""
    extension = EXTENSIONS[options.format]
    return f"responses_{module.edition.code}_{module.kind}{suffix}{pseudo}.{extension}"


def export_log(*, user, edition, module, format: str, options: dict, rows: int) -> ExportLog:
    entry = ExportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        edition=edition,
        module=module,
        format=format,
        options=options,
        rows=rows,
    )
    logger.info(
        "export %s edition=%s module=%s by=%s rows=%s options=%s",
        format,
        edition.code,
        module.kind if module else "-",
        f"user:{entry.user_id}" if entry.user_id else "command",
        rows,
        options,
    )
    return entry


def options_for_log(options: ExportOptions) -> dict:
    data = asdict(options)
    data.pop("format")
    return data
