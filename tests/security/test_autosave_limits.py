"""Autosave bodies a page would never send: refused early, briefly, and without a trace."""

import json

import pytest
from django.urls import reverse

from survey.models import Answer, Response
from tests import factories as f


@pytest.fixture
def module(db):
    return f.questionnaire(edition=f.EditionFactory(code="2026"), items=3)


@pytest.fixture
def post(client, zone_a, chief_a, module):
    client.force_login(chief_a)
    path = reverse("module_autosave", args=[zone_a.code, module.edition.code, module.kind])

    def send(body, content_type="application/json"):
        return client.post(path, body, content_type=content_type)

    return send


def item(module, n=0):
    return f"item-{module.items.order_by('order')[n].pk}"


def test_a_deeply_nested_body_is_a_clear_400(post):
    for body in ('{"values": ' + "[" * 100_000 + "]" * 100_000 + "}", "[" * 50_000):
        answer = post(body)
        assert answer.status_code == 400
        assert answer.json() == {"errors": ["The request could not be read."]}
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "values",
    [{"item-1": {"nested": "x"}}, {"item-1": ["1"]}, ["item-1"], 7, "x"],
    ids=["dict value", "list value", "list", "number", "string"],
)
def test_values_of_the_wrong_shape_are_a_clear_400(post, values):
    answer = post(json.dumps({"values": values, "base": {}}))
    assert answer.status_code == 400 and len(answer.content) < 200
    assert not Response.objects.exists()


def test_a_huge_body_is_refused_before_it_is_read_with_a_short_answer(post, module):
    values = {f"item-{n}": "1" for n in range(120_000)}
    body = json.dumps({"values": values, "base": {}})
    assert len(body) > 2_000_000
    answer = post(body)
    assert answer.status_code == 413
    assert len(answer.content) < 200
    assert not Response.objects.exists()


def test_too_many_keys_in_a_small_body_are_refused_before_validation(post, settings):
    settings.AUTOSAVE_MAX_FIELDS = 50
    answer = post(json.dumps({"values": {f"item-{n}": "1" for n in range(60)}}))
    assert answer.status_code == 413 and len(answer.content) < 200
    assert not Response.objects.exists()


def test_many_bad_keys_get_a_bounded_error_text(post, module):
    long_key = "item-" + "9" * 5000
    values = {f"item-{n}x": "1" for n in range(500)} | {long_key: "1"}
    answer = post(json.dumps({"values": values}))
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert len(errors) == 11 and errors[-1] == "…and 491 more problems."
    assert len(answer.content) < 2000


def test_a_refused_save_leaves_no_empty_response(post, module):
    answer = post(json.dumps({"values": {item(module): "77"}, "base": {}}))
    assert answer.status_code == 400
    assert not Response.objects.exists()
    answer = post(json.dumps({"values": {item(module): "1"}, "base": {}}))
    assert answer.status_code == 200
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


def test_a_refused_form_post_without_javascript_leaves_no_empty_response(
    client, zone_a, chief_a, module
):
    client.force_login(chief_a)
    page = reverse("module_answer", args=[zone_a.code, module.edition.code, module.kind])
    client.post(page, {"base": "{}", item(module): "77"})
    assert not Response.objects.exists()
