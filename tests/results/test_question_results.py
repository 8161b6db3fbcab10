"""Results of a questions module, worked out by hand on four zones."""

import pytest
from django.urls import reverse

from results.statistics.question_results import question_results
from results.statistics.results_json import results_json
from survey.answering.answers import ANY, answers_save, response_submit
from survey.answering.conditions import slot_key
from survey.models import Item, Response
from tests import factories as f


def key(module, code, technology=None):
    question = module.questions.get(code=code)
    return slot_key(question.pk, f.TechnologyFactory(code=technology).pk if technology else None)


@pytest.fixture
def module(db):
    general, module = f.deployment_questionnaire(edition=f.EditionFactory(code="2026"))
    chief = f.UserFactory()
    items = {i.technology.code: i for i in Item.objects.filter(module=general)}
    zones = [
        # zone code, region, staff, drone code, deployment answers
        ("1001", "VL", 80, 3, {("purpose", "drone"): "prevention,other",
                               ("purpose_other", "drone"): "Training",
                               ("legal_basis", "drone"): "1", ("retention_days", "drone"): "30"}),
        ("1002", "VL", 300, 5, {("purpose", "drone"): "evidence",
                                ("purpose_other", "drone"): "kept, not asked",
                                ("legal_basis", "drone"): "3", ("retention_days", "drone"): "90"}),
        ("1003", "WA", 600, 1, {("purpose", "drone"): "evidence",
                                ("retention_days", "drone"): "9999"}),
        ("1004", "WA", 90, 0, {("legal_basis", "drone"): "1"}),
    ]  # fmt: skip
    for code, region, staff, drone, answers in zones:
        zone = f.ZoneFactory(code=code, region=region, staff=staff)
        f.MembershipFactory(zone=zone, user=chief)
        general_response = Response.objects.create(zone=zone, module=general)
        answers_save(
            response=general_response,
            user=chief,
            changes={items["drone"]: (ANY, 4 if code == "1004" else drone),
                     items["bodycam"]: (ANY, 0)},
        )  # fmt: skip
        response = Response.objects.create(zone=zone, module=module)
        answers_save(
            response=response,
            user=chief,
            changes={key(module, *k): (ANY, v) for k, v in answers.items()},
        )
        if code == "1004":  # had a drone when answering, then corrected the general module
            answers_save(response=general_response, user=chief, changes={items["drone"]: (ANY, 0)})
            answers_save(
                response=response, user=chief, changes={key(module, "considering"): (ANY, "drone")}
            )
        response_submit(response=response, user=chief)
    return module


def test_per_technology_the_base_is_the_zones_that_have_it(module):
    report = question_results(module)
    drone = next(t for t in report.all.technologies if t.code == "drone")
    assert report.all.responded == 4
    assert drone.base == 3  # 1004 reported no drone: its legal_basis answer is not counted
    questions = {q.code: q for q in drone.questions}
    legal = {o.code: (o.count, str(o.percent)) for o in questions["legal_basis"].options}
    assert legal == {"1": (1, "33.3"), "3": (1, "33.3"), "9": (0, "0.0"),
                     "no_answer": (1, "33.3")}  # fmt: skip
    purpose = {o.code: o.count for o in questions["purpose"].options}
    assert purpose == {"prevention": 1, "evidence": 2, "other": 1}
    assert questions["purpose_other"].base == 1 and questions["purpose_other"].texts == 1
    numbers = questions["retention_days"].numbers
    assert (numbers.n, numbers.median, numbers.minimum, numbers.maximum) == (2, 60.0, 30, 90)
    assert (numbers.q1, numbers.q3, numbers.dont_know) == (45.0, 75.0, 1)
    bodycam = next(t for t in report.all.technologies if t.code == "bodycam")
    assert bodycam.base == 0


def test_split_by_region_and_size_class(module):
    report = question_results(module)
    assert report.by_region["VL"].responded == 2 and report.by_region["WA"].responded == 2
    drone_wa = next(t for t in report.by_region["WA"].technologies if t.code == "drone")
    assert drone_wa.base == 1
    assert report.by_size_class["<100"].responded == 2
    assert report.by_size_class[">=500"].technologies[0].base == 1


def test_the_results_json_has_a_key_per_module(module):
    data = results_json(module.edition, "deployment")
    assert set(data) == {"edition", "module", "response_rate", "deployment"}
    drone = data["deployment"]["technologies"][0]
    assert (drone["code"], drone["base"]) == ("drone", 3)
    retention = next(q for q in drone["questions"] if q["code"] == "retention_days")
    assert retention["numbers"]["median"] == 60.0
    purpose = next(q for q in drone["questions"] if q["code"] == "purpose")
    assert purpose["shares"]["evidence"] == {"count": 2, "percent": 66.7}
    considering = next(q for q in data["deployment"]["questions"] if q["code"] == "considering")
    assert considering["shares"]["drone"]["count"] == 1
    assert data["deployment"]["by_region"]["WA"]["responded"] == 2


def test_the_results_page_and_links(client, researcher, module):
    client.force_login(researcher)
    page = client.get(reverse("results:questions", args=["2026", "deployment"]))
    assert page.status_code == 200
    assert "base: 3 zones" in page.content.decode()
    overview = client.get(reverse("results:overview", args=["2026"])).content.decode()
    assert reverse("results:questions", args=["2026", "deployment"]) in overview
    assert (
        client.get(reverse("results:availability", args=["2026", "deployment"])).status_code == 404
    )
    json_page = client.get(reverse("results:results_json", args=["2026", "deployment"]))
    assert json_page.status_code == 200


def test_chiefs_do_not_see_the_results_page(client, chief_a, module):
    client.force_login(chief_a)
    assert client.get(reverse("results:questions", args=["2026", "deployment"])).status_code == 404


def test_the_zone_report_shows_the_zones_answers_and_withholds_small_cells(module):
    from results.reports.zone_report import zone_report
    from survey.models import Zone

    report = zone_report(Zone.objects.get(code="1001"), module.edition, language="en")
    section = next(m for m in report.modules if m.kind == "deployment")
    drone = next(s for s in section.questions if s.heading == "drone (en)")
    rows = {row.text: row for row in drone.rows}
    assert rows["Legal basis"].answer_label == "answer 1"
    assert rows["Purpose: answer other"].answer_label == "Yes"
    assert rows["Retention"].answer_label == "30" and rows["Retention"].shares == ()
    assert all(not share.shown for share in rows["Legal basis"].shares)  # 4 zones only
    assert "fewer than 5 other zones" in rows["Legal basis"].shares[0].text


def test_the_response_history_shows_changes_of_questions(client, researcher, module):
    response = Response.objects.get(zone__code="1001", module=module)
    client.force_login(researcher)
    page = client.get(reverse("results:response_detail", args=[response.pk])).content.decode()
    assert "retention_days (drone)" in page and "prevention,other" in page
