"""The rules for edition codes, which appear in every URL of an edition.

One pattern and one list of reserved words, used by the model's validation, the researchers'
forms and the URL converters (`survey/converters.py`), so a code the site accepts is always
reachable and never taken for another page: `/zone/<zone>/reports/` cannot be an edition called
`reports`, `/results/manage/` cannot be an edition called `manage`.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EDITION_CODE = r"[A-Za-z0-9][A-Za-z0-9_-]{0,19}"

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


def validate_edition_code(value: str) -> None:
    if not re.fullmatch(EDITION_CODE, value or ""):
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
