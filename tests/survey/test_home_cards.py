"""The home page's zone cards: read for all of a user's zones at once."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from survey.answering.answers import ANY, answers_save
from survey.combined_query import Part, rows_in_one_query
from survey.models import AnswerQuery, Item, Response, Zone, ZoneMembership
from tests import factories as f


@pytest.fixture
def deployment(db, zone_a, chief_a):
    general, module = f.deployment_questionnaire(edition=f.EditionFactory(code="2026"))
    response = Response.objects.create(zone=zone_a, module=general)
    items = {i.technology.code: i for i in Item.objects.filter(module=general)}
    answers_save(
        response=response,
        user=chief_a,
        changes={items["drone"]: (ANY, 4), items["bodycam"]: (ANY, 0)},
    )
    return general, module


def progress(page, module_title):
    """The "x of y answered" badge after the module's link on the home page, or the status."""
    start = page.index(f">{module_title}</a>")
    badge = page[start : page.index("</li>", start)]
    return " ".join(badge.split("badge")[1].split(">")[1].split("<")[0].split())


def test_a_questions_module_counts_the_questions_that_apply_to_the_zone_as_its_page_does(
    client, zone_a, chief_a, deployment
):
    general, module = deployment
    client.force_login(chief_a)
    page = reverse("module_answer", args=[zone_a.code, "2026", module.kind])
    technology = Item.objects.get(module=general, technology__code="drone").technology_id
    purpose = f"q-{module.questions.get(code='purpose').pk}-{technology}"
    saved = client.post(
        reverse("module_autosave", args=[zone_a.code, "2026", module.kind]),
        json.dumps({"values": {purpose: "evidence"}, "base": {}}),
        content_type="application/json",
    ).json()
    shown = client.get(page)
    assert (shown.context["answered"], shown.context["total"]) == (
        saved["answered"],
        saved["total"],
    )
    home = client.get(reverse("home")).content.decode()
    assert progress(home, module.title) == (
        f"In progress: {saved['answered']} of {saved['total']} answered"
    )


def test_each_zone_lists_its_own_open_queries_with_the_edition_and_the_item(
    client, zone_a, chief_a, zone_b
):
    ZoneMembership.objects.create(user=chief_a, zone=zone_b, role=ZoneMembership.Role.COLLEAGUE)
    module = f.questionnaire(edition=f.EditionFactory(code="2026"), items=2)
    first, second = module.items.order_by("order")
    for zone, item, text in ((zone_a, first, "Really A?"), (zone_b, second, "Really B?")):
        response = Response.objects.create(zone=zone, module=module)
        AnswerQuery.objects.create(response=response, item=item, text=text)
    AnswerQuery.objects.create(
        response=Response.objects.get(zone=zone_a),
        item=second,
        text="Answered already",
        status=AnswerQuery.Status.ANSWERED,
    )
    client.force_login(chief_a)
    page = client.get(reverse("home")).content.decode()
    card_a = page[page.index('id="zone-1001"') : page.index('id="zone-2002"')]
    card_b = page[page.index('id="zone-2002"') :]
    assert "Really A?" in card_a and first.label in card_a and module.edition.name in card_a
    assert "Really B?" in card_b and second.label in card_b
    assert "Really B?" not in card_a and "Answered already" not in page


def test_more_zones_cost_no_more_queries(client, chief_a, zone_a):
    earlier = f.questionnaire(edition=f.EditionFactory(code="2023", status="closed"), items=2)
    module = f.questionnaire(edition=f.EditionFactory(code="2026"), items=2)
    client.force_login(chief_a)

    def counted():
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("home"))
        return len(queries)

    one = counted()
    for code in ("3001", "3002", "3003"):
        zone = f.ZoneFactory(code=code)
        ZoneMembership.objects.create(user=chief_a, zone=zone)
        f.SubmittedResponseFactory(zone=zone, module=earlier)
        response = Response.objects.create(zone=zone, module=module)
        AnswerQuery.objects.create(response=response, item=module.items.first(), text="?")
    assert counted() == one + 1  # the open queries, read once for every zone


def test_several_row_sets_come_back_by_part_from_one_query(zone_a, zone_b):
    parts = {
        "first": Part(Zone.objects.filter(pk=zone_a.pk), {"code": "code", "staff": "staff"}),
        "both": Part(Zone.objects.all(), {"code": "code"}),
        "nothing": None,
        "none": Part(Zone.objects.none(), {"code": "code"}),
    }
    with CaptureQueriesContext(connection) as queries:
        rows = rows_in_one_query(parts)
    assert len(queries) == 1
    assert rows["first"] == [{"code": "1001", "staff": zone_a.staff}]
    assert sorted(r["code"] for r in rows["both"]) == ["1001", "2002"]
    assert rows["nothing"] == rows["none"] == []


def test_a_response_records_its_last_activity_at_most_once_a_minute(zone_a, chief_a):
    module = f.questionnaire(edition=f.EditionFactory(code="2026"), items=2)
    first, second = module.items.order_by("order")
    response = Response.objects.create(zone=zone_a, module=module)
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Response.objects.filter(pk=response.pk).update(updated_at=an_hour_ago)
    answers_save(response=response, user=chief_a, changes={first: (None, 1)})
    moved = Response.objects.get(pk=response.pk).updated_at
    assert moved > an_hour_ago
    answers_save(response=response, user=chief_a, changes={second: (None, 1)})
    assert Response.objects.get(pk=response.pk).updated_at == moved
    assert response.changes.count() == 2
