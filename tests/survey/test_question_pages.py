"""The pages of a questions module: answering without and with JavaScript (autosave), review,
print and read-only views, for every question type and the conditions."""

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from survey.answering.answers import ANY, answers_save, response_submit
from survey.answering.conditions import slot_key
from survey.models import Item, QuestionAnswer, Response
from tests import factories as f


@pytest.fixture
def modules(db):
    return f.deployment_questionnaire(edition=f.EditionFactory(code="2026"))


@pytest.fixture
def has_drone(modules, zone_a, chief_a):
    general, module = modules
    response = Response.objects.create(zone=zone_a, module=general)
    items = {i.technology.code: i for i in Item.objects.filter(module=general)}
    answers_save(
        response=response,
        user=chief_a,
        changes={
            items["drone"]: (ANY, 4),
            items["bodycam"]: (ANY, 0),
            items["x_account"]: (ANY, 0),
        },
    )
    return module


def url(name, zone, module):
    return reverse(name, args=[zone.code, module.edition.code, module.kind])


def key(module, code, technology=None):
    question = module.questions.get(code=code)
    return slot_key(question.pk, f.TechnologyFactory(code=technology).pk if technology else None)


def stored(module, zone):
    return {
        (a.question.code, a.technology.code if a.technology else None): a.value
        for a in QuestionAnswer.objects.filter(response__zone=zone, response__module=module)
    }


def test_the_page_shows_a_section_per_technology_the_zone_has_and_hides_conditional_ones(
    client, zone_a, chief_a, has_drone
):
    client.force_login(chief_a)
    page = client.get(url("module_answer", zone_a, has_drone)).content.decode()
    headings = re.findall(r'<h2 class="h5 mt-4"[^>]*>([^<]+)</h2>', page)
    assert headings == ["drone (en)", "Your zone"]
    other = key(has_drone, "purpose_other", "drone")
    fieldset = re.search(rf'<fieldset[^>]*data-field="{other}"[^>]*>', page).group(0)
    assert " hidden" in fieldset and 'data-op="includes"' in fieldset
    # considering offers what the zone does not have, with the exclusive "none"
    considering = key(has_drone, "considering")
    assert re.search(rf'name="{considering}" value="bodycam"', page)
    assert re.search(rf'name="{considering}" value="none"[^>]*data-exclusive', page)
    assert f'name="{considering}" value="drone"' not in page
    assert "0 of 5 answered" in page  # 3 drone questions (no purpose_other yet) + 2 zone ones


def test_a_full_post_without_javascript_saves_every_type_and_shows_the_condition(
    client, zone_a, chief_a, has_drone
):
    client.force_login(chief_a)
    page = client.get(url("module_answer", zone_a, has_drone)).content.decode()
    base = re.search(r'name="base" value="([^"]*)"', page).group(1).replace("&quot;", '"')
    data = {
        "base": base,
        key(has_drone, "purpose", "drone"): ["prevention", "other"],
        key(has_drone, "purpose", "drone") + "-shown": "1",
        key(has_drone, "purpose_other", "drone"): "",
        key(has_drone, "legal_basis", "drone"): "3",
        key(has_drone, "retention_days", "drone"): ["", "9999"],
        key(has_drone, "considering"): ["bodycam"],
        key(has_drone, "comment"): "Nothing to add",
        "save": "",
    }
    response = client.post(url("module_answer", zone_a, has_drone), data)
    assert response.status_code == 302
    assert stored(has_drone, zone_a) == {
        ("purpose", "drone"): "prevention,other",
        ("legal_basis", "drone"): "3",
        ("retention_days", "drone"): "9999",
        ("considering", None): "bodycam",
        ("comment", None): "Nothing to add",
    }
    page = client.get(url("module_answer", zone_a, has_drone)).content.decode()
    other = key(has_drone, "purpose_other", "drone")
    fieldset = re.search(rf'<fieldset[^>]*data-field="{other}"[^>]*>', page).group(0)
    assert " hidden" not in fieldset


def test_a_bad_number_gets_a_message_and_other_answers_are_not_lost(
    client, zone_a, chief_a, has_drone
):
    client.force_login(chief_a)
    legal = key(has_drone, "legal_basis", "drone")
    client.post(url("module_answer", zone_a, has_drone), {"base": "{}", legal: "1"})
    response = client.post(
        url("module_answer", zone_a, has_drone),
        {"base": json.dumps({legal: "1"}), key(has_drone, "retention_days", "drone"): "5000"},
        follow=True,
    )
    assert "enter a number from 0 to 3650" in response.content.decode()
    assert stored(has_drone, zone_a) == {("legal_basis", "drone"): "1"}


def test_the_french_chief_reads_the_message_in_french(client, zone_b, chief_b, modules):
    _general, module = modules
    client.force_login(chief_b)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.post(
        url("module_autosave", zone_b, module),
        json.dumps({"values": {key(module, "comment"): "x" * 101}, "base": {}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Comment (fr)" in response.json()["errors"][0]


def test_autosave_takes_lists_numbers_and_text_and_reports_progress(
    client, zone_a, chief_a, has_drone
):
    client.force_login(chief_a)
    purpose = key(has_drone, "purpose", "drone")
    response = client.post(
        url("module_autosave", zone_a, has_drone),
        json.dumps({"values": {purpose: "other,evidence"}, "base": {}}),
        content_type="application/json",
    )
    data = response.json()
    assert data["saved"] == [purpose]
    assert (data["answered"], data["total"]) == (1, 6)  # purpose_other now applies
    response = client.post(
        url("module_autosave", zone_a, has_drone),
        json.dumps({"values": {key(has_drone, "considering"): "none,bodycam"}, "base": {}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "cannot be combined" in response.json()["errors"][0]
    conflict = client.post(
        url("module_autosave", zone_a, has_drone),
        json.dumps({"values": {purpose: "prevention"}, "base": {purpose: ""}}),
        content_type="application/json",
    ).json()["conflicts"]
    assert conflict[0]["key"] == purpose and conflict[0]["stored"] == "evidence,other"


def test_review_lists_unanswered_questions_and_kept_answers(client, zone_a, chief_a, has_drone):
    client.force_login(chief_a)
    purpose, other = key(has_drone, "purpose", "drone"), key(has_drone, "purpose_other", "drone")
    client.post(
        url("module_answer", zone_a, has_drone),
        {"base": "{}", purpose: ["other"], other: "patrols"},
    )
    response = Response.objects.get(zone=zone_a, module=has_drone)
    answers_save(response=response, user=chief_a, changes={purpose: (ANY, "evidence")})
    page = client.get(url("module_review", zone_a, has_drone)).content.decode()
    assert "3 questions are unanswered" in page  # legal_basis, retention, considering
    assert "Legal basis" in page and "Answers kept but not applicable" in page
    assert "patrols" in page


def test_submitted_module_is_read_only_and_printable(client, zone_a, chief_a, has_drone):
    client.force_login(chief_a)
    legal = key(has_drone, "legal_basis", "drone")
    client.post(url("module_answer", zone_a, has_drone), {"base": "{}", legal: "9"})
    response_submit(response=Response.objects.get(zone=zone_a, module=has_drone), user=chief_a)
    page = client.get(url("module_answer", zone_a, has_drone)).content.decode()
    assert re.search(rf'name="{legal}" value="9"[^>]*checked[^>]*disabled', page)
    printed = client.get(url("module_print", zone_a, has_drone)).content.decode()
    assert "answer 9" in printed and "Legal basis" in printed
    refused = client.post(url("module_answer", zone_a, has_drone), {"base": "{}", legal: "1"})
    assert refused.status_code == 302
    assert stored(has_drone, zone_a)[("legal_basis", "drone")] == "9"


def test_another_zones_module_is_a_404(client, zone_a, chief_b, has_drone):
    client.force_login(chief_b)
    assert client.get(url("module_answer", zone_a, has_drone)).status_code == 404
    assert client.get(url("module_review", zone_a, has_drone)).status_code == 404
