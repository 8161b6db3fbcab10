"""The survey's four languages, and what a reader gets where a text is missing in theirs."""

# One field per language on the definition models, in this order in files and forms.
LANGUAGES = ("nl", "fr", "de", "en")

# The brief: a German-speaking zone reads French where a German text is missing.
FALLS_BACK_TO = {"de": "fr"}

# Where neither the language nor its fallback has a text (questionnaire wording only).
LAST_RESORT = ("en", "nl")


def language_chain(language: str) -> tuple[str, ...]:
    """The language, then the one it falls back to: `de` → (`de`, `fr`)."""
    fallback = FALLS_BACK_TO.get(language)
    return (language, fallback) if fallback else (language,)


def wording_chain(language: str) -> tuple[str, ...]:
    """Where to look for a questionnaire text: the language chain, then English, then Dutch."""
    chain = language_chain(language)
    return chain + tuple(lang for lang in LAST_RESORT if lang not in chain)
