from decimal import Decimal

import pytest

from results.statistics.percentages import format_percent, format_ratio, percent


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (40, 146, Decimal("27.4")),  # 27.397...
        (33, 145, Decimal("22.8")),  # 22.758...
        (547, 2000, Decimal("27.4")),  # exactly 27.35: half up, not to even
        (549, 2000, Decimal("27.5")),  # exactly 27.45
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (146, 183, Decimal("79.8")),
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
    ],
)
def test_it_rounds_half_up_to_one_decimal(numerator, denominator, expected):
    assert percent(numerator, denominator) == expected


def test_an_empty_base_has_no_percentage():
    assert percent(0, 0) is None


@pytest.mark.parametrize(
    ("language", "expected"), [("nl", "27,4%"), ("fr", "27,4%"), ("de", "27,4%"), ("en", "27.4%")]
)
def test_it_writes_a_decimal_comma_except_in_english(language, expected):
    assert format_percent(Decimal("27.4"), language) == expected


def test_it_shows_a_dash_for_no_percentage():
    assert format_percent(None, "nl") == "–"


def test_it_keeps_the_trailing_zero():
    assert format_percent(Decimal("50"), "en") == "50.0%"


def test_it_formats_a_ratio_per_language():
    assert format_ratio(146, 183, "nl") == "146/183 (79,8%)"
    assert format_ratio(146, 183, "fr") == "146/183 (79,8%)"
    assert format_ratio(146, 183, "en") == "146/183 (79.8%)"
    assert format_ratio(0, 0, "en") == "0/0 (–)"


def test_it_uses_the_active_language_by_default(settings):
    from django.utils import translation

    with translation.override("en"):
        assert format_percent(Decimal("1.5")) == "1.5%"
    with translation.override("fr"):
        assert format_percent(Decimal("1.5")) == "1,5%"
