"""Percentages as the researchers publish them: one decimal, rounded half up, from integers.

Computed with Decimal so that 547/2000 = 27.35 becomes 27.4 (binary floats would give 27.3).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

ONE_DECIMAL = Decimal("0.1")
COMMA_LANGUAGES = ("nl", "fr", "de")
MISSING = "–"


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator/denominator × 100 with one decimal, half up; None for an empty base."""
    if not denominator:
        return None
    value = Decimal(int(numerator)) * 100 / Decimal(int(denominator))
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "nl")[:2]


def format_percent(value: Decimal | None, language: str | None = None) -> str:
    """`27,4%` in Dutch, French and German, `27.4%` in English, `–` when not available."""
    if value is None:
        return MISSING
    text = f"{Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP):.1f}"
    if _language(language) in COMMA_LANGUAGES:
        text = text.replace(".", ",")
    return f"{text}%"


def format_ratio(numerator: int, denominator: int, language: str | None = None) -> str:
    """`146/183 (79,8%)`, the way response rates and availabilities are quoted."""
    return (
        f"{numerator}/{denominator} ({format_percent(percent(numerator, denominator), language)})"
    )
