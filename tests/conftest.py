"""Personas shared by all tests: a chief of zone A, a chief of zone B, a researcher."""

import pytest

from tests import factories as f


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no rate-limit counter, cached figure or chart of
    an earlier test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the settings' language: a page or e-mail that activated a zone's
    language (pages do, for the request's thread) must not decide what the next test reads."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def zone_a(db):
    return f.ZoneFactory(code="1001", name_nl="Demozone Aalst-Fictief", region="VL", language="nl")


@pytest.fixture
def zone_b(db):
    return f.ZoneFactory(
        code="2002", name_fr="Zone fictive de Bastogne", region="WA", language="fr"
    )


@pytest.fixture
def chief_a(zone_a):
    return f.MembershipFactory(zone=zone_a, user=f.UserFactory(email="chief.a@example.be")).user


@pytest.fixture
def chief_b(zone_b):
    return f.MembershipFactory(
        zone=zone_b, user=f.UserFactory(email="chief.b@example.be", language="fr")
    ).user


@pytest.fixture
def researcher(db):
    return f.ResearcherFactory(email="researcher@example.be")


@pytest.fixture
def administrator(db):
    return f.AdministratorFactory(email="admin@example.be")


@pytest.fixture
def reference(db):
    """The 2020 and 2023 questionnaires as `load_reference` loads them."""
    from survey.questionnaire.reference import load_reference

    load_reference()


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo data set, seeded once per test module (it takes seconds) and wiped afterwards."""
    from django.core.management import call_command

    from survey.demo.seed import demo_seed

    with django_db_blocker.unblock():
        summary = demo_seed()
    yield summary
    with django_db_blocker.unblock():
        # Its post_migrate signal puts back the e-mail templates (survey.fieldwork.campaigns).
        call_command("flush", interactive=False, verbosity=0)
