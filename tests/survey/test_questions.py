"""Questions beyond the grid: definitions, conditions and saving answers through the service."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from survey.answering.answers import ANY, AnswersRefused, answers_save, module_progress
from survey.answering.conditions import ModuleQuestions, slot_key
from survey.models import Item, Module, Question, QuestionAnswer, Response
from survey.questionnaire.editions import edition_copy
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(zone_a, chief_a):
    general, module = f.deployment_questionnaire()
    return general, module, zone_a, chief_a


def general_answers(general, zone, user, **codes):
    response, _ = Response.objects.get_or_create(zone=zone, module=general)
    items = {i.technology.code: i for i in Item.objects.filter(module=general)}
    answers_save(
        response=response,
        user=user,
        changes={items[code]: (ANY, value) for code, value in codes.items()},
    )
    return response


def key(module, code, technology=None):
    question = module.questions.get(code=code)
    technology_id = None
    if technology:
        technology_id = Item.objects.get(
            module__edition=module.edition, module__kind="general", technology__code=technology
        ).technology_id
    return slot_key(question.pk, technology_id)


def evaluation(module, response):
    return ModuleQuestions.load(module).for_response(response)


def test_it_asks_per_technology_questions_only_for_technologies_the_zone_has(setup):
    general, module, zone, chief = setup
    general_answers(general, zone, chief, drone=3, bodycam=0, x_account=0)
    response = Response.objects.create(zone=zone, module=module)
    applicable = {s.column for s in evaluation(module, response).applicable()}
    assert {"purpose__drone", "legal_basis__drone", "retention_days__drone"} <= applicable
    assert not any(column.endswith("__bodycam") for column in applicable)
    assert "purpose_other__drone" not in applicable  # its condition does not hold yet
    assert {"considering", "comment"} <= applicable


def test_considering_offers_the_technologies_reported_as_not_available_and_none(setup):
    general, module, zone, chief = setup
    general_answers(general, zone, chief, drone=3, bodycam=0, x_account=9)
    response = Response.objects.create(zone=zone, module=module)
    result = evaluation(module, response)
    slot = next(s for s in result.applicable() if s.column == "considering")
    assert [o.code for o in result.options[slot.ident]] == ["bodycam", "none"]


def test_the_condition_follows_the_answer_and_kept_answers_come_back(setup):
    general, module, zone, chief = setup
    general_answers(general, zone, chief, drone=3)
    response = Response.objects.create(zone=zone, module=module)
    purpose, other = key(module, "purpose", "drone"), key(module, "purpose_other", "drone")
    answers_save(
        response=response,
        user=chief,
        changes={purpose: ("", ["prevention", "other"]), other: ("", "school patrols")},
    )
    columns = {s.column: s for s in evaluation(module, response).applicable()}
    assert evaluation(module, response).value(columns["purpose_other__drone"]) == "school patrols"

    answers_save(response=response, user=chief, changes={purpose: (ANY, "prevention")})
    result = evaluation(module, response)
    assert "purpose_other__drone" not in {s.column for s in result.applicable()}
    assert [s.column for s in result.not_applicable_kept()] == ["purpose_other__drone"]
    assert QuestionAnswer.objects.filter(response=response, value="school patrols").exists()

    answers_save(response=response, user=chief, changes={purpose: (ANY, "other,prevention")})
    result = evaluation(module, response)
    slot = next(s for s in result.applicable() if s.column == "purpose_other__drone")
    assert result.value(slot) == "school patrols"


def test_a_technology_no_longer_available_keeps_its_answers_out_of_the_count(setup):
    general, module, zone, chief = setup
    general_answers(general, zone, chief, drone=3)
    response = Response.objects.create(zone=zone, module=module)
    answers_save(
        response=response, user=chief, changes={key(module, "legal_basis", "drone"): ("", "1")}
    )
    assert module_progress(response)[0] == 1
    general_answers(general, zone, chief, drone=0)
    assert module_progress(response)[0] == 0
    assert QuestionAnswer.objects.filter(response=response).count() == 1
    general_answers(general, zone, chief, drone=4)
    assert module_progress(response)[0] == 1


@pytest.mark.parametrize(
    ("code", "technology", "value", "message"),
    [
        ("retention_days", "drone", "4000", "from 0 to 3650"),
        ("retention_days", "drone", "-1", "from 0 to 3650"),
        ("retention_days", "drone", "ten", "whole number"),
        ("legal_basis", "drone", "2", "is not one of its answers"),
        ("purpose", "drone", ["prevention", "surveillance"], "is not one of its answers"),
        ("considering", None, ["bodycam", "none"], "cannot be combined"),
        ("considering", None, ["drone"], "is not one of its answers"),
        ("comment", None, "x" * 101, "at most 100 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved_is_lost(
    setup, code, technology, value, message
):
    general, module, zone, chief = setup
    general_answers(general, zone, chief, drone=3, bodycam=0)
    response = Response.objects.create(zone=zone, module=module)
    kept = key(module, "comment") if code != "comment" else key(module, "legal_basis", "drone")
    answers_save(response=response, user=chief, changes={kept: ("", "1")})
    with pytest.raises(AnswersRefused) as refused:
        answers_save(
            response=response,
            user=chief,
            changes={key(module, code, technology): ("", value), kept: ("1", "3")},
        )
    assert message in " ".join(refused.value.messages)
    assert QuestionAnswer.objects.get(response=response).value == "1"


def test_dont_know_code_and_bounds_are_accepted(setup):
    general, module, zone, chief = setup
    general_answers(general, zone, chief, drone=3)
    response = Response.objects.create(zone=zone, module=module)
    retention = key(module, "retention_days", "drone")
    answers_save(response=response, user=chief, changes={retention: ("", " 9999 ")})
    assert QuestionAnswer.objects.get(response=response).value == "9999"
    answers_save(response=response, user=chief, changes={retention: ("9999", "3650")})
    assert QuestionAnswer.objects.get(response=response).value == "3650"


def test_a_change_made_elsewhere_is_reported_as_a_conflict(setup):
    general, module, zone, chief = setup
    general_answers(general, zone, chief, drone=3)
    response = Response.objects.create(zone=zone, module=module)
    purpose = key(module, "purpose", "drone")
    answers_save(response=response, user=chief, changes={purpose: ("", "evidence")})
    result = answers_save(response=response, user=chief, changes={purpose: ("", "prevention")})
    assert result.conflicts and result.conflicts[0].key == purpose
    assert "answer evidence" in result.conflicts[0].message
    assert QuestionAnswer.objects.get(response=response).value == "evidence"


def test_several_choices_are_stored_in_list_order_and_each_change_is_recorded(setup):
    general, module, zone, chief = setup
    general_answers(general, zone, chief, drone=3)
    response = Response.objects.create(zone=zone, module=module)
    purpose = key(module, "purpose", "drone")
    answers_save(response=response, user=chief, changes={purpose: ("", "other,prevention")})
    answers_save(response=response, user=chief, changes={purpose: ("prevention,other", "")})
    assert not QuestionAnswer.objects.filter(response=response).exists()
    values = list(response.changes.values_list("old_value", "new_value"))
    assert values == [(None, "prevention,other"), ("prevention,other", None)]


def test_questions_of_another_module_are_refused(setup):
    general, module, zone, chief = setup
    response = Response.objects.create(zone=zone, module=general)
    with pytest.raises(AnswersRefused):
        answers_save(response=response, user=chief, changes={key(module, "comment"): ("", "hello")})


def condition(question, target, operator, value):
    question.condition_question = target
    question.condition_operator = operator
    question.condition_value = value
    question.full_clean()


def test_conditions_are_validated_when_saved(setup):
    _general, module, _zone, _chief = setup
    questions = {q.code: q for q in module.questions.all()}
    with pytest.raises(ValidationError, match="not another question"):
        condition(questions["comment"], "nothing_like_it", "equals", "1")
    with pytest.raises(ValidationError, match="needs a several-choices question"):
        condition(questions["retention_days"], "legal_basis", "includes", "1")
    with pytest.raises(ValidationError, match="needs a one-choice or number question"):
        condition(questions["comment"], "purpose_other", "equals", "x")
    with pytest.raises(ValidationError, match="is not an answer of"):
        condition(questions["retention_days"], "legal_basis", "equals", "7")
    with pytest.raises(ValidationError, match="asked per technology"):
        condition(questions["comment"], "legal_basis", "equals", "1")
    legal = questions["legal_basis"]
    condition(legal, "retention_days", "equals", "5")
    legal.save()
    with pytest.raises(ValidationError, match="cycle"):
        condition(questions["retention_days"], "legal_basis", "equals", "1")


def test_copying_an_edition_copies_the_questions_module(setup):
    _general, module, _zone, _chief = setup
    copy = edition_copy(
        source=module.edition,
        code="2099",
        name_nl="Kopie",
        fieldwork_start=dt.date(2099, 1, 1),
        fieldwork_end=dt.date(2099, 2, 1),
    )
    new = Module.objects.get(edition=copy, kind="deployment")
    assert new.is_questions and new.follow_up == ["drone", "bodycam"]
    other = Question.objects.get(module=new, code="purpose_other")
    assert (other.condition_question, other.condition_value) == ("purpose", "other")
    assert list(new.questions.get(code="considering").choices.values_list("code", "exclusive")) == [
        ("none", True)
    ]
