"""A German-speaking zone reads its Dutch (not French) name, and an e-mail to a zone without a
contact name greets neutrally instead of greeting the zone."""

from django.core import mail
from django.utils import translation

from survey.fieldwork.campaigns import campaign_create
from tests import factories as f


def test_german_readers_get_the_dutch_name_french_readers_the_french(db):
    zone = f.ZoneFactory(name_nl="Demozone Eupen", name_fr="Zone démo de Eupen", language="de")
    with translation.override("de"):
        assert zone.name == "Demozone Eupen"
    with translation.override("fr"):
        assert zone.name == "Zone démo de Eupen"
    only_french = f.ZoneFactory(name_nl="", name_fr="Zone démo de Malmedy", language="de")
    with translation.override("de"):
        assert only_french.name == "Zone démo de Malmedy"


def test_an_invitation_without_contact_name_greets_neutrally(db, researcher):
    edition = f.EditionFactory(status="open", regions=["WA"])
    f.questionnaire(edition=edition, items=1)
    zone = f.ZoneFactory(
        region="WA",
        language="de",
        name_nl="Demozone Eupen",
        name_fr="Zone démo de Eupen",
        contact_name="",
        contact_email="eupen@example.be",
    )
    named = f.ZoneFactory(
        region="WA", language="de", contact_name="Anna Schmitz", contact_email="as@example.be"
    )
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[zone, named])
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert bodies["eupen@example.be"].startswith("Sehr geehrte Damen und Herren,")
    assert "Zone démo" not in bodies["eupen@example.be"]
    assert "Demozone Eupen" in bodies["eupen@example.be"]
    assert bodies["as@example.be"].startswith("Sehr geehrte(r) Anna Schmitz,")
