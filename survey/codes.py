"""The rules for codes: editions (in every URL of an edition) and the codes that name a
variable (technologies, categories, objectives, scales: column names of every export).

One pattern each, used by the models' validation, the researchers' forms, the edition copy, the
imports and the URL converters (`survey/converters.py`), so a code the site accepts is always
reachable and never taken for another page: `a/b` would break every URL built from it, `<b>`
would be markup, `/results/manage/` cannot be an edition called `manage`. Pages that list
stored rows filter on the same patterns (`Edition.objects.listable()`), so a row written around
the validation is left out instead of breaking the page.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EDITION_CODE = r"[A-Za-z0-9][A-Za-z0-9_-]{0,19}"
# SPSS and Stata variable names start with a letter.
VARIABLE_CODE = r"[a-z][a-z0-9_]*"

# Fixed path segments that sit where an edition code (or a module kind) can stand.
RESERVED_CODES = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "colleagues",
        "compare",
        "data",
        "editions",
        "imports",
        "manage",
        "modules",
        "predictors",
        "reports",
        "zones",
    }
)


def is_edition_code(value) -> bool:
    return isinstance(value, str) and re.fullmatch(EDITION_CODE, value) is not None


def is_code(value) -> bool:
    return isinstance(value, str) and re.fullmatch(VARIABLE_CODE, value) is not None


def validate_edition_code(value: str) -> None:
    if not is_edition_code(value):
        raise ValidationError(
            _(
                "Use up to 20 letters, digits, hyphens or underscores, "
                "starting with a letter or a digit."
            ),
            code="invalid",
        )
    if value.lower() in RESERVED_CODES:
        raise ValidationError(
            _("“%(code)s” names a page of the site and cannot be an edition code."),
            code="reserved",
            params={"code": value},
        )


def validate_code(value) -> None:
    if not is_code(value):
        raise ValidationError(
            _("Use lower-case letters, digits and underscores, starting with a letter."),
            code="invalid_code",
        )
