"""Stata and SPSS files say the same about "don't know": missing, with its value label."""

import pyreadstat

from results.data.codebook import stata_name
from results.data.exports.statistical import stata_missing_letters
from results.data.imports import wide_layout
from tests.results.test_exports import events, export  # noqa: F401 - the fixture

DONT_KNOW = "use 9 en"


def test_dont_know_is_an_extended_missing_value_with_its_label_in_stata(events, tmp_path):  # noqa: F811
    item = wide_layout(events).items[2]  # zone 1001 answered 9 ("don't know")
    path = export(events, tmp_path, "dta", "--language", "en")
    frame, meta = pyreadstat.read_dta(str(path), user_missing=True)
    column = item.technology.code
    answers = dict(zip(frame.zone, frame[column], strict=True))
    assert answers["1001"] == "a"
    assert meta.missing_user_values[column] == ["a"]
    assert meta.variable_value_labels[column]["a"] == DONT_KNOW
    assert meta.variable_value_labels[column][1] == "use 1 en"
    plain, _meta = pyreadstat.read_dta(str(path))
    assert plain.loc[plain.zone == "1001", column].isna().all()  # missing for any analysis
    # zone 1002 answered 9 in the role matrix; a long column name is shortened in the file
    role = stata_name(wide_layout(events).roles[3].column)
    assert dict(zip(frame.zone, frame[role], strict=True))["1002"] == "a"


def test_spss_says_the_same(events, tmp_path):  # noqa: F811
    item = wide_layout(events).items[2]
    path = export(events, tmp_path, "sav", "--language", "en")
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert meta.variable_value_labels[item.technology.code][9.0] == DONT_KNOW
    plain, _meta = pyreadstat.read_sav(str(path))
    assert plain.loc[plain.zone == "1001", item.technology.code].isna().all()


def test_invalid_codes_get_letters_in_code_order():
    assert stata_missing_letters([99.0, 9.0]) == {9.0: "a", 99.0: "b"}
