"""`load_reference` reports what it did in one language, with real plurals."""

from django.core.management import call_command


def test_the_first_load_lists_counts_with_plurals(db, capsys):
    call_command("load_reference")
    out = capsys.readouterr().out
    assert "Created: " in out
    assert "2 editions" in out
    assert " categories" in out and "categorys" not in out
    assert " technologies" in out and "technologys" not in out
    assert "objectives" in out
    assert "Reference data loaded." in out
