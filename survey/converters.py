"""URL converters for the codes in paths: built from the code rules and the module kinds.

Registered in `SurveyConfig.ready()` as `<edition:…>`, `<module:…>` and `<chart:…>`.
"""

from django.urls.converters import StringConverter

from survey.codes import EDITION_CODE, MODULE_CODE, RESERVED_CODES

_RESERVED = "|".join(sorted(RESERVED_CODES))


class EditionCodeConverter(StringConverter):
    """An edition code, never a reserved word: so URL patterns cannot catch each other's paths."""

    regex = rf"(?!(?i:{_RESERVED})(?![A-Za-z0-9_-])){EDITION_CODE}"


class ModuleKindConverter(StringConverter):
    """A module code (`general`, `events`, `deployment` or a researcher's own), never a reserved
    word, so it cannot catch the fixed path segments of other pages."""

    regex = rf"(?!(?:{_RESERVED})(?![a-z0-9_])){MODULE_CODE}"


class ChartFormatConverter(StringConverter):
    regex = "svg|png"


CONVERTERS = {
    "edition": EditionCodeConverter,
    "module": ModuleKindConverter,
    "chart": ChartFormatConverter,
}
