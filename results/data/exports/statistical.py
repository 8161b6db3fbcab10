"""SPSS (.sav) and Stata (.dta) files with variable and value labels, through pyreadstat.

Both use the Stata-safe short names (see `codebook.stata_name`) so that one codebook serves
both. The scale's invalid codes ("don't know") are missing in both: user-missing values in
SPSS, extended missing values in Stata (.a for the first invalid code, .b for the next, …),
each with its value label, so `9 don't know` reads as missing with its label in either file.
"""

from __future__ import annotations

from string import ascii_lowercase
from typing import TYPE_CHECKING

from ..codebook import stata_label
from .table import ExportTable, iter_records

if TYPE_CHECKING:
    import pandas as pd


def _frame(table: ExportTable, progress=None) -> pd.DataFrame:
    import pandas as pd  # heavy: imported when a file is written, not with the URLconf

    records = list(iter_records(table, progress))
    names = [variable.short_name for variable in table.variables]
    frame = pd.DataFrame.from_records(records, columns=names)
    for variable, name in zip(table.variables, names, strict=True):
        if variable.kind in ("item", "role") or variable.column in ("degurba", "staff"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        elif variable.column == "submitted_at":
            frame[name] = pd.to_datetime(frame[name], utc=True).dt.tz_localize(None)
        else:
            frame[name] = frame[name].astype("object").where(frame[name].notna(), "")
    return frame


def _metadata(table: ExportTable, *, stata: bool):
    language = table.options.language
    labels, value_labels, missing = [], {}, {}
    for variable in table.variables:
        label = variable.label_in(language)
        labels.append(stata_label(label) if stata else label)
        if variable.codes:
            value_labels[variable.short_name] = {
                float(code.code): (
                    stata_label(code.label_in(language)) if stata else code.label_in(language)
                )
                for code in variable.codes
            }
            invalid = [float(code.code) for code in variable.codes if code.missing]
            if invalid:
                missing[variable.short_name] = invalid
    return labels, value_labels, missing


def write_sav(table: ExportTable, path, progress=None) -> None:
    frame = _frame(table, progress)
    labels, value_labels, missing = _metadata(table, stata=False)
    import pyreadstat

    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=labels,
        variable_value_labels=value_labels,
        missing_ranges=missing,
        variable_measure={
            v.short_name: "ordinal" for v in table.variables if v.kind in ("item", "role")
        },
    )


def stata_missing_letters(codes: list[float]) -> dict[float, str]:
    """Invalid codes in ascending order → Stata's extended missing values a, b, … (at most 26)."""
    return dict(zip(sorted(codes), ascii_lowercase, strict=False))


def write_dta(table: ExportTable, path, progress=None) -> None:
    frame = _frame(table, progress)
    labels, value_labels, missing = _metadata(table, stata=True)
    missing_letters = {}
    for name, codes in missing.items():
        letters = stata_missing_letters(codes)
        column = frame[name].astype("object")
        invalid = column.isin(list(letters))
        frame[name] = column.where(~invalid, column[invalid].map(letters))
        value_labels[name] = {
            letters.get(code, code): text for code, text in value_labels[name].items()
        }
        missing_letters[name] = list(letters.values())
    import pyreadstat  # heavy: imported when a file is written

    pyreadstat.write_dta(
        frame,
        str(path),
        column_labels=labels,
        variable_value_labels=value_labels,
        missing_user_values=missing_letters,
    )
