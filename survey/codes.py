"""The one rule for codes: editions, technologies, categories, objectives and scales.

Codes end up in URLs, file names, column and variable names of every export, so they are
lower-case ASCII letters, digits and underscores only: `a/b` would break every URL built from
it and `<b>` would be markup. Codes that name a variable (everything but an edition) also start
with a letter, as SPSS and Stata require. Models, forms, the edition copy and imports all
validate with the functions below; pages list stored rows through `is_code`/`EDITION_CODE`, so
a row written around the validation is left out instead of breaking the page.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHARACTERS = "a-z0-9_"
EDITION_CODE = rf"[a-z0-9][{CHARACTERS}]*"  # e.g. 2023, 2026_pilot
VARIABLE_CODE = rf"[a-z][{CHARACTERS}]*"  # e.g. drone, camera_analysis


def is_edition_code(value) -> bool:
    return isinstance(value, str) and re.fullmatch(EDITION_CODE, value) is not None


def is_code(value) -> bool:
    return isinstance(value, str) and re.fullmatch(VARIABLE_CODE, value) is not None


def validate_edition_code(value) -> None:
    if not is_edition_code(value):
        raise ValidationError(
            _("Use lower-case letters, digits and underscores only, such as 2026."),
            code="invalid_code",
        )


def validate_code(value) -> None:
    if not is_code(value):
        raise ValidationError(
            _("Use lower-case letters, digits and underscores, starting with a letter."),
            code="invalid_code",
        )
