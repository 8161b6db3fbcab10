"""Text that a spreadsheet would run as a formula is made inert (OWASP "CSV injection").

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so
Excel, LibreOffice and Google Sheets show it as text. Numbers are left alone: they are data.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values):
    return [neutralise(value) for value in values]
