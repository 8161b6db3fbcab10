"""Every interface string is translated into Dutch, French and German, and the compiled
catalogues that ship with the code (a fresh machine may lack gettext) match their sources."""

import ast
import gettext
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def entries(po: Path):
    """(context, msgid, msgstr, plural forms, fuzzy) of each entry of a .po file, but the header."""
    entry, field, found = {}, None, []

    def flush():
        if entry.get("msgid"):
            found.append(
                (
                    entry.get("msgctxt"),
                    entry["msgid"],
                    entry.get("msgstr", ""),
                    [v for k, v in sorted(entry.items()) if k.startswith("msgstr[")],
                    entry.get("fuzzy", False),
                )
            )

    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            flush()
            entry, field = {}, None
        elif line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return found


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_every_interface_string_is_translated(language):
    missing = [
        msgid
        for _ctx, msgid, msgstr, plurals, fuzzy in entries(
            LOCALE / language / "LC_MESSAGES" / "django.po"
        )
        if fuzzy or not (msgstr or (plurals and all(plurals)))
    ]
    assert missing == [], (
        f"{len(missing)} strings untranslated or fuzzy in {language}: {missing[:5]}"
    )


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_the_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for ctx, msgid, msgstr, _plurals, _fuzzy in entries(folder / "django.po")
        if msgstr and (compiled.pgettext(ctx, msgid) if ctx else compiled.gettext(msgid)) != msgstr
    ]
    assert stale == [], f"django.mo is older than django.po ({language}); run `make messages`"
