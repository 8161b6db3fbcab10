"""Text that a spreadsheet would run as a formula is made inert (OWASP "CSV injection").

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so
Excel, LibreOffice and Google Sheets show it as text. The first character is compared in its
NFKC form, because spreadsheet programs read the fullwidth `＝ ＋ － ＠` (and the small forms
`﹦ ﹢ ﹣ ﹫`) as their ASCII twins. Numbers are left alone: they are data. Every file a
researcher downloads goes through `neutralise`: one rule, one place.
"""

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and unicodedata.normalize("NFKC", value[:1]).startswith(
        FORMULA_STARTS
    ):
        return "'" + value
    return value


def neutralise_row(values):
    return [neutralise(value) for value in values]
