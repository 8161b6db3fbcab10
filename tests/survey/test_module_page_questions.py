"""The answer sheet's questions: nothing pre-selected, Clear without JavaScript, and counts
(progress, home, review) that include the role matrix of the events module."""

import json
import re

import pytest
from django.urls import reverse

from survey.answering.answers import answers_save, item_key, response_get_or_start, role_key
from survey.models import Answer, RoleAnswer
from tests import factories as f


@pytest.fixture
def events(db):
    """3 items in 2 categories and 2 objectives: 3 + 2 × 2 = 7 questions."""
    return f.questionnaire(
        edition=f.EditionFactory(code="2026"), kind="events", items=3, categories=2, objectives=2
    )


def url(name, zone, module):
    return reverse(name, args=[zone.code, module.edition.code, module.kind])


def checked(page):
    return re.findall(r'<input type="radio" name="([^"]+)" value="([^"]*)"[^>]* checked', page)


def test_an_unanswered_question_shows_nothing_selected(client, zone_a, chief_a, events):
    first = events.items.order_by("order").first()
    response = response_get_or_start(zone=zone_a, module=events, user=chief_a)
    f.AnswerFactory(response=response, item=first, code=2)
    client.force_login(chief_a)
    page = client.get(url("module_answer", zone_a, events)).content.decode()
    assert checked(page) == [(item_key(first.pk), "2")]
    assert "Geen antwoord" not in page and "No answer" not in page


def test_the_clear_button_takes_an_answer_back_without_javascript(client, zone_a, chief_a, events):
    first, second, _third = events.items.order_by("order")
    category = first.category
    objective = events.objectives.first()
    response = response_get_or_start(zone=zone_a, module=events, user=chief_a)
    answers_save(
        response=response,
        user=chief_a,
        changes={first: (None, 2), second: (None, 1), (category, objective): (None, 3)},
    )
    client.force_login(chief_a)
    base = json.dumps(
        {
            item_key(first.pk): "2",
            item_key(second.pk): "1",
            role_key(category.pk, objective.pk): "3",
        }
    )
    posted = {
        "base": base,
        item_key(first.pk): "2",
        item_key(second.pk): "1",
        role_key(category.pk, objective.pk): "3",
    }
    answer = client.post(
        url("module_answer", zone_a, events), {**posted, "clear": item_key(first.pk)}
    )
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"#{item_key(first.pk)}")
    assert dict(Answer.objects.values_list("item_id", "code")) == {second.pk: 1}
    client.post(
        url("module_answer", zone_a, events),
        {**posted, "clear": role_key(category.pk, objective.pk)},
    )
    assert not RoleAnswer.objects.exists()


def test_a_clear_of_something_else_changes_nothing(client, zone_a, chief_a, events):
    first = events.items.order_by("order").first()
    response = response_get_or_start(zone=zone_a, module=events, user=chief_a)
    answers_save(response=response, user=chief_a, changes={first: (None, 2)})
    client.force_login(chief_a)
    for bogus in ("base", "csrfmiddlewaretoken", "item-999999", "role-x-y"):
        client.post(url("module_answer", zone_a, events), {"clear": bogus, "save": ""})
    assert dict(Answer.objects.values_list("item_id", "code")) == {first.pk: 2}


def test_progress_home_and_review_count_the_role_questions(client, zone_a, chief_a, events):
    first = events.items.order_by("order").first()
    objective = events.objectives.first()
    response = response_get_or_start(zone=zone_a, module=events, user=chief_a)
    result = answers_save(
        response=response,
        user=chief_a,
        changes={first: (None, 2), (first.category, objective): (None, 1)},
    )
    assert (result.answered, result.total) == (2, 7)
    client.force_login(chief_a)
    page = client.get(url("module_answer", zone_a, events)).content.decode()
    assert 'max="7" value="2"' in page
    assert "2 of 7 answered" in page or "2 van de 7 beantwoord" in page
    home = client.get(reverse("home")).content.decode()
    assert "2 of 7 answered" in home or "2 van de 7 beantwoord" in home
    review = client.get(url("module_review", zone_a, events))
    assert review.context["unanswered"] == 5


def test_researchers_and_administrators_without_a_zone_start_at_their_pages(
    client, researcher, administrator
):
    for user in (researcher, administrator):
        client.force_login(user)
        answer = client.get(reverse("home"))
        assert answer.status_code == 302
        assert answer["Location"] == reverse("results:index")
