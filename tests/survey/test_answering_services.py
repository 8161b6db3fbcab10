"""answers_save and response_submit: conflicts, refusals, atomicity, audit, query counts."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from survey.answering.answers import (
    ANY,
    AnswersRefused,
    answers_save,
    item_key,
    response_get_or_start,
    response_submit,
    role_key,
)
from survey.models import Answer, AnswerChange, Edition, Response, ResponseEvent, RoleAnswer
from tests import factories as f


@pytest.fixture
def module(db):
    return f.questionnaire(items=4, categories=2)


@pytest.fixture
def events(module):
    return f.questionnaire(edition=module.edition, kind="events", items=3, objectives=2)


@pytest.fixture
def response(module, zone_a, chief_a):
    return response_get_or_start(zone=zone_a, module=module, user=chief_a)


def items(module):
    return list(module.items.order_by("order"))


def stored(response):
    return dict(Answer.objects.filter(response=response).values_list("item_id", "code"))


def test_it_saves_answers_and_records_each_change(response, module, chief_a):
    first, second, *_ = items(module)
    result = answers_save(
        response=response, user=chief_a, changes={first: (None, 3), second: ("", "0")}
    )
    assert sorted(result.saved) == sorted([item_key(first.pk), item_key(second.pk)])
    assert result.conflicts == []
    assert (result.answered, result.total) == (2, 4)
    assert stored(response) == {first.pk: 3, second.pk: 0}
    change = AnswerChange.objects.get(item=first)
    assert (change.old_code, change.new_code, change.changed_by) == (None, 3, chief_a)


def test_it_changes_and_clears_an_answer_recording_old_and_new(response, module, chief_a):
    first = items(module)[0]
    answers_save(response=response, user=chief_a, changes={first: (None, 3)})
    answers_save(response=response, user=chief_a, changes={first: (3, 5)})
    answers_save(response=response, user=chief_a, changes={first: (5, None)})
    assert stored(response) == {}
    history = list(AnswerChange.objects.filter(item=first).values_list("old_code", "new_code"))
    assert history == [(None, 3), (3, 5), (5, None)]


def test_two_tabs_changing_different_items_both_persist(response, module, chief_a):
    first, second, *_ = items(module)
    # Both tabs were rendered with no answers.
    answers_save(response=response, user=chief_a, changes={first: (None, 2)})
    result = answers_save(response=response, user=chief_a, changes={second: (None, 4)})
    assert result.conflicts == []
    assert stored(response) == {first.pk: 2, second.pk: 4}


def test_the_same_item_changed_in_two_tabs_gives_the_later_save_a_conflict(
    response, module, chief_a
):
    first = items(module)[0]
    answers_save(response=response, user=chief_a, changes={first: (None, 2)})
    result = answers_save(response=response, user=chief_a, changes={first: (None, 5)})
    assert result.saved == []
    [conflict] = result.conflicts
    assert conflict.stored == 2
    assert first.label in conflict.message
    assert "use 2" in conflict.message  # the stored value, by its label
    assert stored(response) == {first.pk: 2}
    assert AnswerChange.objects.count() == 1


def test_a_change_to_what_is_already_stored_is_no_conflict(response, module, chief_a):
    first = items(module)[0]
    answers_save(response=response, user=chief_a, changes={first: (None, 2)})
    result = answers_save(response=response, user=chief_a, changes={first: (None, 2)})
    assert result.conflicts == [] and result.saved == [item_key(first.pk)]
    assert AnswerChange.objects.count() == 1


def test_an_import_may_overwrite_whatever_is_stored(response, module, chief_a):
    first = items(module)[0]
    answers_save(response=response, user=chief_a, changes={first: (None, 2)})
    answers_save(response=response, user=None, changes={first: (ANY, 4)}, source="import")
    assert stored(response) == {first.pk: 4}
    assert AnswerChange.objects.last().source == "import"


@pytest.mark.parametrize("code", [6, 7, 99, "x", -1, True])
def test_a_code_outside_the_scale_is_refused_and_nothing_is_written(
    response, module, chief_a, code
):
    first, second, *_ = items(module)
    with pytest.raises(ValidationError) as refused:
        answers_save(
            response=response, user=chief_a, changes={first: (None, 1), second: (None, code)}
        )
    assert refused.value.messages
    assert stored(response) == {}
    assert not AnswerChange.objects.exists()


def test_an_item_of_another_module_or_edition_is_refused(response, chief_a, events):
    other_edition_item = f.ItemFactory(module=f.questionnaire(items=1))
    for foreign in (events.items.first(), other_edition_item):
        with pytest.raises(AnswersRefused, match="not part of this module"):
            answers_save(response=response, user=chief_a, changes={foreign: (None, 1)})
    assert not Answer.objects.exists()


def test_a_submitted_module_is_refused(response, module, chief_a):
    response_submit(response=response, user=chief_a)
    with pytest.raises(AnswersRefused, match="submitted"):
        answers_save(response=response, user=chief_a, changes={items(module)[0]: (None, 1)})
    assert not Answer.objects.exists()


@pytest.mark.parametrize("status", ["closed", "archived", "draft"])
def test_a_module_of_an_edition_that_is_not_open_is_refused(response, module, chief_a, status):
    Edition.objects.filter(pk=module.edition_id).update(status=status)
    with pytest.raises(AnswersRefused, match="not open"):
        answers_save(response=response, user=chief_a, changes={items(module)[0]: (None, 1)})
    module.edition.refresh_from_db()
    with pytest.raises(AnswersRefused):
        response_get_or_start(zone=response.zone, module=module, user=chief_a)


def test_a_failure_half_way_leaves_nothing_half_written(response, module, chief_a):
    first, second, *_ = items(module)
    answers_save(response=response, user=chief_a, changes={first: (None, 1)})
    with (
        mock.patch.object(
            AnswerChange.objects, "bulk_create", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        answers_save(response=response, user=chief_a, changes={first: (1, 5), second: (None, 2)})
    assert stored(response) == {first.pk: 1}
    assert AnswerChange.objects.count() == 1


def test_role_cells_are_saved_validated_and_recorded(events, zone_a, chief_a):
    response = response_get_or_start(zone=zone_a, module=events, user=chief_a)
    category = events.role_categories().first()
    objective = events.objectives.first()
    answers_save(response=response, user=chief_a, changes={(category, objective): (None, 4)})
    assert RoleAnswer.objects.get(response=response).code == 4
    assert AnswerChange.objects.get(objective=objective).new_code == 4
    with pytest.raises(AnswersRefused):
        answers_save(response=response, user=chief_a, changes={(category, objective): (4, 5)})
    foreign = f.CategoryFactory(edition=events.edition)  # no item of the module
    with pytest.raises(AnswersRefused):
        answers_save(response=response, user=chief_a, changes={(foreign, objective): (None, 1)})
    result = answers_save(
        response=response, user=chief_a, changes={role_key(category.pk, objective.pk): (None, 1)}
    )
    assert result.conflicts and "4 " in result.conflicts[0].message


def test_only_a_chief_submits_and_a_double_submit_submits_once(response, module, chief_a, zone_a):
    colleague = f.MembershipFactory(zone=zone_a, role="colleague").user
    with pytest.raises(AnswersRefused):
        response_submit(response=response, user=colleague)
    first = response_submit(response=response, user=chief_a)
    second = response_submit(response=response, user=chief_a)
    assert (first.already_submitted, second.already_submitted) == (False, True)
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED and response.submitted_by == chief_a
    assert ResponseEvent.objects.filter(response=response).count() == 1


@pytest.mark.django_db(transaction=True)
def test_submitting_mails_the_chief_in_the_zone_language(zone_b, chief_b):
    module = f.questionnaire(items=2)
    response = response_get_or_start(zone=zone_b, module=module, user=chief_b)
    mail.outbox.clear()
    response_submit(response=response, user=chief_b)
    response_submit(response=response, user=chief_b)
    [message] = mail.outbox
    assert message.to == ["chief.b@example.be"]
    assert "Général" in message.subject
    assert f"/zone/{zone_b.code}/{module.edition.code}/general/print/" in message.body


@pytest.mark.parametrize("size", [5, 40])
def test_a_whole_module_saves_in_a_fixed_number_of_queries(
    django_assert_max_num_queries, zone_a, chief_a, size, settings
):
    # The confirmation e-mail is the worker's job: count the request's queries, not the task's
    # (the test settings' immediate backend would run it inline).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    module = f.questionnaire(items=size, categories=3, kind="events", objectives=3)
    response = response_get_or_start(zone=zone_a, module=module, user=chief_a)
    changes = dict.fromkeys(module.items.all(), (None, 2))
    changes.update(
        {(c, o): (None, 1) for c in module.role_categories() for o in module.objectives.all()}
    )
    with django_assert_max_num_queries(22):
        answers_save(response=response, user=chief_a, changes=changes)
    changes = dict.fromkeys(module.items.all(), (2, 3))
    with django_assert_max_num_queries(22):
        answers_save(response=response, user=chief_a, changes=changes)
    with django_assert_max_num_queries(10):
        response_submit(response=response, user=chief_a)
