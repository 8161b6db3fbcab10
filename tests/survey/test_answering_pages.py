"""The respondent pages: home, answer sheet, autosave, review and submit, print, languages."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from survey.answering.answers import item_key, response_get_or_start, response_submit, role_key
from survey.models import Answer, Edition, Module, Response, RoleAnswer
from tests import factories as f


@pytest.fixture
def general(db):
    return f.questionnaire(edition=f.EditionFactory(code="2026"), items=4, categories=2)


@pytest.fixture
def events(general):
    return f.questionnaire(edition=general.edition, kind="events", items=3, objectives=2)


def url(name, zone, module):
    return reverse(name, args=[zone.code, module.edition.code, module.kind])


def autosave(client, zone, module, values, base=None):
    return client.post(
        url("module_autosave", zone, module),
        json.dumps({"values": values, "base": base or {}}),
        content_type="application/json",
    )


def test_home_shows_the_open_edition_with_module_status_and_deadline(
    client, zone_a, chief_a, general, events
):
    response = response_get_or_start(zone=zone_a, module=general, user=chief_a)
    f.AnswerFactory(response=response, item=general.items.first(), code=1)
    earlier = f.questionnaire(edition=f.EditionFactory(code="2019", status="closed"))
    f.SubmittedResponseFactory(zone=zone_a, module=earlier)
    client.force_login(chief_a)
    page = client.get(reverse("home")).content.decode()
    assert "1 van 4 beantwoord" in page or "1 of 4 answered" in page
    assert general.edition.name in page
    assert url("module_answer", zone_a, events) in page
    assert url("module_print", zone_a, earlier) in page


def test_the_module_page_shows_a_fieldset_with_legend_per_item_and_linked_labels(
    client, zone_a, chief_a, events
):
    client.force_login(chief_a)
    page = client.get(url("module_answer", zone_a, events)).content.decode()
    assert page.count('<fieldset class="matrix-row') == 3 + 2 * 1
    assert page.count("<legend") >= 5
    for input_id in re.findall(r'<input type="radio"[^>]*id="([^"]+)"', page):
        assert f'for="{input_id}"' in page
    assert not re.search(r'<input type="radio"[^>]*value=""', page)  # no "no answer" radio
    assert 'name="clear"' in page  # each row's Clear button takes an answer back
    assert 'name="base"' in page
    assert events.question_en in page
    assert "aria-live" in page


def test_saving_the_whole_form_without_javascript_stores_only_changed_answers(
    client, zone_a, chief_a, general
):
    first, second, *_ = general.items.order_by("order")
    client.force_login(chief_a)
    page = client.get(url("module_answer", zone_a, general))
    base = page.context["form"]["base"].value()
    data = {"base": base, item_key(first.pk): "3", item_key(second.pk): "", "save": ""}
    answer = client.post(url("module_answer", zone_a, general), data)
    assert answer.status_code == 302
    response = Response.objects.get(zone=zone_a, module=general)
    assert dict(Answer.objects.values_list("item_id", "code")) == {first.pk: 3}
    assert response.changes.count() == 1


def test_autosave_saves_changes_and_reports_progress(client, zone_a, chief_a, events):
    item = events.items.first()
    category, objective = events.role_categories().first(), events.objectives.first()
    client.force_login(chief_a)
    answer = autosave(
        client,
        zone_a,
        events,
        {item_key(item.pk): "5", role_key(category.pk, objective.pk): "2"},
    )
    assert answer.status_code == 200
    data = answer.json()
    assert sorted(data["saved"]) == sorted([item_key(item.pk), role_key(category.pk, objective.pk)])
    # 3 items and a role matrix of 1 category × 2 objectives: both answers count
    assert (data["answered"], data["total"], data["conflicts"]) == (2, 5, [])
    assert RoleAnswer.objects.get().code == 2


def test_autosave_accepts_form_encoded_posts(client, zone_a, chief_a, general):
    item = general.items.first()
    client.force_login(chief_a)
    answer = client.post(
        url("module_autosave", zone_a, general), {item_key(item.pk): "4", "base": "{}"}
    )
    assert answer.json()["saved"] == [item_key(item.pk)]


def test_the_same_item_in_two_tabs_gives_a_clear_conflict_message(client, zone_a, chief_a, general):
    item = general.items.first()
    client.force_login(chief_a)
    autosave(client, zone_a, general, {item_key(item.pk): "5"}, {item_key(item.pk): ""})
    data = autosave(
        client, zone_a, general, {item_key(item.pk): "1"}, {item_key(item.pk): ""}
    ).json()
    assert data["saved"] == []
    [conflict] = data["conflicts"]
    assert conflict["stored"] == "5"
    assert item.label_en in conflict["message"]
    assert Answer.objects.get().code == 5


def test_the_full_form_reports_a_conflict_too(client, zone_a, chief_a, general):
    item = general.items.first()
    client.force_login(chief_a)
    base = client.get(url("module_answer", zone_a, general)).context["form"]["base"].value()
    autosave(client, zone_a, general, {item_key(item.pk): "5"})
    page = client.post(
        url("module_answer", zone_a, general), {"base": base, item_key(item.pk): "1"}, follow=True
    )
    assert item.label_en in page.content.decode()
    assert Answer.objects.get().code == 5


def test_bad_codes_and_foreign_items_are_refused_with_a_message(
    client, zone_a, chief_a, general, events
):
    client.force_login(chief_a)
    for values in (
        {item_key(general.items.first().pk): "7"},
        {item_key(events.items.first().pk): "1"},
        {"item-abc": "1"},
    ):
        answer = autosave(client, zone_a, general, values)
        assert answer.status_code == 400
        assert answer.json()["errors"]
    assert not Answer.objects.exists()
    page = client.post(
        url("module_answer", zone_a, general),
        {"base": "{}", item_key(general.items.first().pk): "7"},
    )
    assert page.status_code == 200 and not Answer.objects.exists()


def test_review_highlights_unanswered_items_and_requires_confirmation(
    client, zone_a, chief_a, general, django_capture_on_commit_callbacks
):
    client.force_login(chief_a)
    autosave(client, zone_a, general, {item_key(general.items.first().pk): "2"})
    review = url("module_review", zone_a, general)
    page = client.get(review).content.decode()
    assert page.count('class="unanswered table-warning"') == 3
    refused = client.post(review, {})
    assert refused.status_code == 200
    assert Response.objects.get().status == "in_progress"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"confirm_unanswered": "on"})
        again = client.post(review, {"confirm_unanswered": "on"}, follow=True)
    assert Response.objects.get().status == "submitted"
    assert "already been submitted" in again.content.decode()
    assert len(mail.outbox) == 1


def test_a_submitted_module_is_read_only_and_printable(client, zone_a, chief_a, general):
    item = general.items.first()
    client.force_login(chief_a)
    autosave(client, zone_a, general, {item_key(item.pk): "2"})
    client.post(url("module_review", zone_a, general), {"confirm_unanswered": "on"})
    page = client.get(url("module_answer", zone_a, general)).content.decode()
    assert "disabled" in page and "data-autosave-url" not in page
    assert autosave(client, zone_a, general, {item_key(item.pk): "3"}).status_code == 400
    client.post(url("module_answer", zone_a, general), {"base": "{}", item_key(item.pk): "3"})
    assert Answer.objects.get().code == 2
    printed = client.get(url("module_print", zone_a, general))
    assert printed.status_code == 200 and item.label_en in printed.content.decode()


def test_a_closed_edition_is_read_only_for_everyone(client, zone_a, chief_a, general):
    Edition.objects.filter(pk=general.edition_id).update(status="closed")
    client.force_login(chief_a)
    page = client.get(url("module_answer", zone_a, general)).content.decode()
    assert "data-autosave-url" not in page and "disabled" in page
    item = general.items.first()
    assert autosave(client, zone_a, general, {item_key(item.pk): "3"}).status_code == 400
    assert not Answer.objects.exists()


def test_a_colleague_edits_but_cannot_submit(client, zone_a, chief_a, general):
    colleague = f.MembershipFactory(zone=zone_a, role="colleague").user
    client.force_login(colleague)
    assert (
        autosave(client, zone_a, general, {item_key(general.items.first().pk): "1"}).status_code
        == 200
    )
    review = url("module_review", zone_a, general)
    assert "confirm_unanswered" not in client.get(review).content.decode()
    client.post(review, {"confirm_unanswered": "on"})
    assert Response.objects.get().status == "in_progress"


def test_after_a_session_timeout_the_chief_signs_in_and_finds_everything_saved(
    client, zone_a, chief_a, general
):
    item = general.items.first()
    client.force_login(chief_a)
    autosave(client, zone_a, general, {item_key(item.pk): "4"})
    client.session.flush()
    client.cookies.clear()
    expired = autosave(client, zone_a, general, {item_key(item.pk): "1"})
    assert expired.status_code == 302 and reverse("login") in expired["Location"]
    client.post(
        reverse("login"), {"username": "chief.a@example.be", "password": "correct horse battery"}
    )
    page = client.get(url("module_answer", zone_a, general))
    assert page.context["form"][item_key(item.pk)].value() == "4"
    assert Answer.objects.get().code == 4


@pytest.mark.parametrize(
    ("language", "wording"),
    [
        ("nl", "Welke van onderstaande technologieën heeft uw politiezone momenteel zelf"),
        ("fr", "Parmi les technologies ci-dessous, lesquelles votre zone de police"),
        ("de", "Welche der folgenden Technologien hat Ihre Polizeizone derzeit selbst"),
        ("en", "Which of the technologies below does your police zone currently have"),
    ],
)
def test_each_language_renders_the_question_of_the_brief(
    client, reference, zone_a, chief_a, language, wording
):
    Edition.objects.filter(code="2023").update(status="open")
    module = Module.objects.get(edition__code="2023", kind="general")
    client.force_login(chief_a)
    client.cookies["django_language"] = language
    page = client.get(url("module_answer", zone_a, module))
    assert wording in page.content.decode()
    assert f'lang="{language}"' in page.content.decode()


@pytest.mark.parametrize("size", [4, 30])
def test_the_module_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, zone_a, chief_a, size
):
    module = f.questionnaire(items=size, categories=3, kind="events", objectives=3)
    response = response_get_or_start(zone=zone_a, module=module, user=chief_a)
    for item in module.items.all()[:3]:
        f.AnswerFactory(response=response, item=item, code=1)
    client.force_login(chief_a)
    with django_assert_max_num_queries(16):
        assert client.get(url("module_answer", zone_a, module)).status_code == 200


@pytest.mark.parametrize("size", [4, 30])
def test_saving_a_whole_module_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, zone_a, chief_a, size
):
    module = f.questionnaire(items=size, categories=3)
    client.force_login(chief_a)
    values = {item_key(item.pk): "2" for item in module.items.all()}
    with django_assert_max_num_queries(28):
        assert (
            client.post(url("module_answer", zone_a, module), {"base": "{}", **values}).status_code
            == 302
        )
    assert Answer.objects.count() == size


def test_another_zones_chief_can_neither_see_nor_change_its_answers(
    client, zone_a, chief_a, chief_b, general
):
    item = general.items.first()
    client.force_login(chief_a)
    autosave(client, zone_a, general, {item_key(item.pk): "4"})
    client.force_login(chief_b)
    for name in ("module_answer", "module_review", "module_print", "module_autosave"):
        assert client.get(url(name, zone_a, general)).status_code == 404
    assert autosave(client, zone_a, general, {item_key(item.pk): "1"}).status_code == 404
    assert (
        client.post(url("module_review", zone_a, general), {"confirm_unanswered": "on"}).status_code
        == 404
    )
    assert Answer.objects.get().code == 4
    assert Response.objects.get().status == "in_progress"


def test_a_zone_outside_the_editions_regions_does_not_see_it(client, chief_b):
    module = f.questionnaire(edition=f.EditionFactory(code="2027", regions=["VL", "BR"]))
    zone_b = chief_b.memberships.get().zone
    client.force_login(chief_b)
    assert client.get(url("module_answer", zone_b, module)).status_code == 404
    assert module.edition.name not in client.get(reverse("home")).content.decode()


def test_draft_editions_are_invisible_to_respondents(client, zone_a, chief_a):
    module = f.questionnaire(edition=f.EditionFactory(code="2028", status="draft"))
    client.force_login(chief_a)
    assert client.get(url("module_answer", zone_a, module)).status_code == 404


def test_without_javascript_a_save_after_the_session_expired_is_kept_through_sign_in(
    client, zone_a, chief_a, general
):
    first, second, *_ = general.items.order_by("order")
    client.force_login(chief_a)
    sheet = url("module_answer", zone_a, general)
    base = client.get(sheet).context["form"]["base"].value()
    client.logout()  # the session expired while the chief was answering
    answer = client.post(sheet, {"base": base, item_key(first.pk): "3", item_key(second.pk): "1"})
    assert reverse("login") in answer["Location"]
    assert not Answer.objects.exists()
    signed_in = client.post(
        answer["Location"],
        {"username": "chief.a@example.be", "password": "correct horse battery", "next": sheet},
    )
    assert signed_in["Location"] == sheet
    page = client.get(sheet)
    assert page.status_code == 200
    assert page.context["form"][item_key(first.pk)].value() == "3"
    assert dict(Answer.objects.values_list("item_id", "code")) == {first.pk: 3, second.pk: 1}
    assert Answer.objects.first().updated_by == chief_a


def test_answers_kept_for_sign_in_are_not_given_to_another_zone(
    client, zone_a, chief_a, chief_b, general
):
    sheet = url("module_answer", zone_a, general)
    client.post(sheet, {"base": "{}", item_key(general.items.first().pk): "3"})
    client.force_login(chief_b)
    assert client.get(sheet).status_code == 404
    assert not Answer.objects.exists()


def test_the_role_matrix_is_one_fieldset_per_category(client, zone_a, chief_a, events):
    category = events.role_categories().first()
    client.force_login(chief_a)
    page = client.get(url("module_answer", zone_a, events)).content.decode()
    assert f'<fieldset class="answer-section role-category mb-4" id="role-{category.pk}">' in page
    assert f'<legend class="h5 mt-4">{category.label_en}</legend>' in page


@pytest.mark.parametrize(
    "body", ["not json", "[1, 2]", '{"values": [1]}', '{"values": {}, "base": []}', "{}"]
)
def test_autosave_refuses_unreadable_requests(client, zone_a, chief_a, general, body):
    client.force_login(chief_a)
    answer = client.post(
        url("module_autosave", zone_a, general), body, content_type="application/json"
    )
    assert answer.status_code == 400 and answer.json()["errors"]


def test_home_shows_a_submitted_module_with_its_date(client, zone_a, chief_a, general):
    response = response_get_or_start(zone=zone_a, module=general, user=chief_a)
    response_submit(response=response, user=chief_a)
    client.force_login(chief_a)
    page = client.get(reverse("home")).content.decode()
    assert "badge text-bg-success" in page
    assert "Not started" not in page


def test_a_researcher_without_a_zone_is_sent_on_to_their_pages(client, researcher):
    client.force_login(researcher)
    assert client.get(reverse("home"))["Location"] == reverse("results:index")


def test_a_user_without_a_zone_is_told_whom_to_ask(client, db):
    client.force_login(f.UserFactory())
    page = client.get(reverse("home")).content.decode()
    assert "not linked to a police zone" in page and "Editions and results" not in page


def test_home_links_to_the_feedback_reports_once_released(client, zone_a, chief_a):
    from django.utils import timezone

    closed = f.EditionFactory(code="2019", status=Edition.Status.CLOSED)
    f.SubmittedResponseFactory(zone=zone_a, module=f.questionnaire(edition=closed))
    client.force_login(chief_a)
    reports = reverse("zone_reports", args=[zone_a.code])
    assert reports not in client.get(reverse("home")).content.decode()
    closed.reports_released_at = timezone.now()
    closed.save()
    assert reports in client.get(reverse("home")).content.decode()
