"""One language list and one fallback rule (German reads French) for wording, pages and e-mail."""

from django.conf import settings
from django.utils import translation

from survey.languages import LANGUAGES, language_chain, wording_chain
from tests import factories as f


def test_the_interface_offers_exactly_the_survey_languages():
    assert tuple(code for code, _name in settings.LANGUAGES) == LANGUAGES


def test_german_falls_back_to_french_then_english():
    assert language_chain("de") == ("de", "fr")
    assert wording_chain("de") == ("de", "fr", "en", "nl")
    assert wording_chain("nl") == ("nl", "en")
    assert wording_chain("en") == ("en", "nl")


def test_a_technology_without_german_wording_reads_french_in_german(db):
    technology = f.TechnologyFactory(label_de="", label_fr="Drone", label_en="Drone (en)")
    item = f.ItemFactory(technology=technology, label_de="", label_fr="Drone", label_en="x")
    with translation.override("de"):
        assert item.label == "Drone"
