"""Personas shared by all tests: a chief of zone A, a chief of zone B, a researcher."""

import pytest

from tests import factories as f


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
    from survey.reference import load_reference

    load_reference()
