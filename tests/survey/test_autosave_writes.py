"""An autosave writes the answer and its history record together (one statement on
PostgreSQL), whatever the change: a first answer, a changed one, a cleared one, a role."""

import json

import pytest
from django.urls import reverse

from survey.answering.answers import item_key, role_key
from survey.models import Answer, AnswerChange, Response, RoleAnswer
from tests import factories as f


@pytest.fixture
def events(db):
    return f.questionnaire(
        edition=f.EditionFactory(code="2026"), kind="events", items=3, objectives=2
    )


def autosave(client, zone, module, key, value, base):
    answer = client.post(
        reverse("module_autosave", args=[zone.code, module.edition.code, module.kind]),
        json.dumps({"values": {key: value}, "base": {key: base}}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def history(response):
    return list(
        response.changes.order_by("id").values_list(
            "item_id", "category_id", "objective_id", "old_code", "new_code", "changed_by_id"
        )
    )


def test_a_first_a_changed_and_a_cleared_answer_each_leave_one_record(
    client, zone_a, chief_a, events
):
    item = events.items.first()
    key = item_key(item.pk)
    client.force_login(chief_a)

    assert autosave(client, zone_a, events, key, "2", "")["answered"] == 1
    assert autosave(client, zone_a, events, key, "4", "2")["saved"] == [key]
    assert Answer.objects.get(item=item).code == 4
    assert autosave(client, zone_a, events, key, "", "4")["answered"] == 0

    response = Response.objects.get(zone=zone_a, module=events)
    assert not Answer.objects.filter(response=response).exists()
    assert history(response) == [
        (item.pk, None, None, None, 2, chief_a.pk),
        (item.pk, None, None, 2, 4, chief_a.pk),
        (item.pk, None, None, 4, None, chief_a.pk),
    ]
    assert Answer.objects.count() == 0 and AnswerChange.objects.count() == 3


def test_a_role_answer_is_written_with_its_record_and_the_stamp_of_who_changed_it(
    client, zone_a, chief_a, events
):
    category, objective = events.role_categories().first(), events.objectives.first()
    key = role_key(category.pk, objective.pk)
    client.force_login(chief_a)

    autosave(client, zone_a, events, key, "1", "")
    autosave(client, zone_a, events, key, "0", "1")

    role = RoleAnswer.objects.get()
    assert (role.code, role.updated_by) == (0, chief_a)
    response = Response.objects.get(zone=zone_a, module=events)
    assert history(response) == [
        (None, category.pk, objective.pk, None, 1, chief_a.pk),
        (None, category.pk, objective.pk, 1, 0, chief_a.pk),
    ]


def test_a_save_from_a_stale_page_changes_nothing_and_records_nothing(
    client, zone_a, chief_a, events
):
    item = events.items.first()
    key = item_key(item.pk)
    client.force_login(chief_a)
    autosave(client, zone_a, events, key, "2", "")

    stale = autosave(client, zone_a, events, key, "3", "")  # the page still showed no answer

    assert [c["key"] for c in stale["conflicts"]] == [key] and stale["saved"] == []
    assert Answer.objects.get(item=item).code == 2
    assert AnswerChange.objects.count() == 1
