import pytest
from django.urls import reverse

from survey.models import Edition, EditionTransition
from survey.questionnaire import drafting
from survey.questionnaire.lifecycle import TransitionError, edition_transition
from tests import factories as f

S = Edition.Status


def draft_with_questionnaire():
    edition = f.EditionFactory(status=S.DRAFT)
    f.questionnaire(edition=edition, items=2)
    return edition


@pytest.mark.parametrize(
    "start, end",
    [(S.DRAFT, S.OPEN), (S.OPEN, S.CLOSED), (S.CLOSED, S.ARCHIVED)],
)
def test_each_forward_move_is_allowed_and_recorded_with_who_and_when(researcher, start, end):
    edition = draft_with_questionnaire()
    Edition.objects.filter(pk=edition.pk).update(status=start)
    edition.refresh_from_db()
    edition_transition(edition=edition, to_status=end, by=researcher)
    edition.refresh_from_db()
    assert edition.status == end
    transition = EditionTransition.objects.get(edition=edition)
    assert (transition.from_status, transition.to_status, transition.by) == (start, end, researcher)
    assert transition.at is not None


@pytest.mark.parametrize(
    "start, end",
    [
        (S.DRAFT, S.CLOSED),
        (S.DRAFT, S.ARCHIVED),
        (S.OPEN, S.DRAFT),
        (S.OPEN, S.ARCHIVED),
        (S.CLOSED, S.DRAFT),
        (S.ARCHIVED, S.OPEN),
        (S.ARCHIVED, S.CLOSED),
        (S.ARCHIVED, S.DRAFT),
        (S.OPEN, S.OPEN),
    ],
)
def test_every_other_move_is_refused_and_nothing_recorded(researcher, start, end):
    edition = draft_with_questionnaire()
    Edition.objects.filter(pk=edition.pk).update(status=start)
    with pytest.raises(TransitionError):
        edition_transition(edition=edition, to_status=end, by=researcher)
    edition.refresh_from_db()
    assert edition.status == start
    assert not EditionTransition.objects.exists()


def test_reopening_a_closed_edition_needs_a_reason(researcher):
    edition = draft_with_questionnaire()
    Edition.objects.filter(pk=edition.pk).update(status=S.CLOSED)
    with pytest.raises(TransitionError):
        edition_transition(edition=edition, to_status=S.OPEN, by=researcher, note="  ")
    edition_transition(edition=edition, to_status=S.OPEN, by=researcher, note="Late zones")
    assert EditionTransition.objects.get().note == "Late zones"


def test_a_draft_without_items_cannot_open(researcher):
    edition = f.EditionFactory(status=S.DRAFT)
    f.ModuleFactory(edition=edition)
    with pytest.raises(TransitionError, match="no items"):
        edition_transition(edition=edition, to_status=S.OPEN, by=researcher)


def test_only_a_draft_questionnaire_can_be_changed_by_the_services(researcher):
    module = f.questionnaire(edition=f.EditionFactory(status=S.OPEN), items=2)
    item = module.items.first()
    with pytest.raises(drafting.QuestionnaireLocked):
        drafting.item_remove(item=item, by=researcher)
    with pytest.raises(drafting.QuestionnaireLocked):
        drafting.ordered_move(obj=item, by=researcher, up=False)
    item.label_en = "changed"
    with pytest.raises(drafting.QuestionnaireLocked):
        drafting.definition_save(obj=item, by=researcher, changed=["label_en"])
    with pytest.raises(drafting.QuestionnaireLocked):
        drafting.item_add(
            module=module, by=researcher, category=item.category, technology=f.TechnologyFactory()
        )
    assert module.items.count() == 2


@pytest.mark.parametrize("status", [S.OPEN, S.CLOSED, S.ARCHIVED])
def test_the_admin_shows_a_non_draft_questionnaire_read_only(client, administrator, status):
    module = f.questionnaire(edition=f.EditionFactory(status=status), items=1)
    item = module.items.get()
    client.force_login(administrator)
    page = client.get(reverse("admin:survey_item_change", args=[item.pk]))
    assert page.status_code == 200
    assert b'name="label_en"' not in page.content
    posted = client.post(
        reverse("admin:survey_item_change", args=[item.pk]),
        {
            "module": module.pk,
            "technology": item.technology_id,
            "category": item.category_id,
            "order": 1,
            "label_nl": "x",
            "label_fr": "x",
            "label_en": "x",
        },
    )
    assert posted.status_code == 403
    item.refresh_from_db()
    assert item.label_en != "x"
    assert (
        client.post(
            reverse("admin:survey_item_delete", args=[item.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    module_page = client.get(reverse("admin:survey_module_change", args=[module.pk]))
    assert b'name="items-0-label_en"' not in module_page.content


def test_the_admin_lets_a_draft_questionnaire_be_edited(client, administrator):
    module = f.questionnaire(edition=f.EditionFactory(status=S.DRAFT), items=1)
    client.force_login(administrator)
    page = client.get(reverse("admin:survey_item_change", args=[module.items.get().pk]))
    assert b'name="label_en"' in page.content


def test_closing_makes_every_response_read_only_and_only_an_open_edition_takes_answers(
    researcher, zone_a, chief_a
):
    # Uses the respondent side's services (survey/answers.py) as merged on main.
    from survey.answering.answers import AnswersRefused, answers_save, response_submit

    module = f.questionnaire(edition=f.EditionFactory(status=S.OPEN), items=1)
    item = module.items.get()
    response = f.ResponseFactory(zone=zone_a, module=module)
    answers_save(response=response, user=chief_a, changes={item: (None, 2)})
    edition_transition(edition=module.edition, to_status=S.CLOSED, by=researcher)
    with pytest.raises(AnswersRefused):
        answers_save(response=response, user=chief_a, changes={item: (2, 3)})
    with pytest.raises(AnswersRefused):
        response_submit(response=response, user=chief_a)
    assert response.answers.get().code == 2
