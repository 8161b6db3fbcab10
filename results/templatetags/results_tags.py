"""Percentages in templates, through the one rounding and formatting rule of percentages.py."""

from django import template

from results.statistics.percentages import format_percent, format_ratio

register = template.Library()


@register.filter
def percent(value):
    """`{{ item.percent|percent }}` → `27,4%` (nl/fr/de), `27.4%` (en), `–` when missing."""
    return format_percent(value)


@register.simple_tag
def ratio(numerator, denominator):
    """`{% ratio rate.responded rate.population %}` → `146/183 (79,8%)`."""
    return format_ratio(numerator, denominator)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
