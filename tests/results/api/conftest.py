"""A small module with three submitted zones, and a way to call the API with a token."""

import pytest

from results.api.tokens import api_token_create
from tests import factories as f

ALL_SCOPES = ["definitions", "responses", "results"]


@pytest.fixture
def survey_module(db, zone_a, zone_b):
    """2031 general: items t1 t2 t3; zone A answered 3, 9, -; zone B 0, 1, 5; zone C 2, -, -."""
    edition = f.EditionFactory(code="2031")
    module = f.questionnaire(edition=edition, items=3)
    items = list(module.items.order_by("order"))
    zone_c = f.ZoneFactory(code="3003", region="WA", contact_email="c@example.be")
    zone_b.contact_name, zone_b.contact_email = "Chef B", "chef.b@example.be"
    zone_b.save()
    for zone, codes in ((zone_a, [3, 9, None]), (zone_b, [0, 1, 5]), (zone_c, [2, None, None])):
        response = f.SubmittedResponseFactory(zone=zone, module=module)
        for item, code in zip(items, codes, strict=True):
            if code is not None:
                f.AnswerFactory(response=response, item=item, code=code)
    f.ResponseFactory(zone=f.ZoneFactory(code="4004"), module=module)  # not submitted
    return module


@pytest.fixture
def make_token(researcher):
    def make(user=None, scopes=ALL_SCOPES, **options):
        _row, token = api_token_create(
            user=user or researcher, name="script", scopes=scopes, **options
        )
        return token

    return make


@pytest.fixture
def api(client):
    def call(path, token=None, **headers):
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client.get(path, **headers)

    return call
