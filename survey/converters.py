"""URL converters for the codes in paths: built from the code rules and the module kinds.

Registered in `SurveyConfig.ready()` as `<edition:…>`, `<module:…>` and `<chart:…>`.
"""

from django.urls.converters import StringConverter

from survey.codes import EDITION_CODE, RESERVED_CODES
from survey.models import Module

_RESERVED = "|".join(sorted(RESERVED_CODES))


class EditionCodeConverter(StringConverter):
    """An edition code, never a reserved word: so URL patterns cannot catch each other's paths."""

    regex = rf"(?!(?i:{_RESERVED})(?![A-Za-z0-9_-])){EDITION_CODE}"


class ModuleKindConverter(StringConverter):
    """One of the module kinds that exist (`general`, `events`, …), from the model's choices."""

    regex = "|".join(sorted(Module.Kind.values, key=len, reverse=True))


class ChartFormatConverter(StringConverter):
    regex = "svg|png"


CONVERTERS = {
    "edition": EditionCodeConverter,
    "module": ModuleKindConverter,
    "chart": ChartFormatConverter,
}
