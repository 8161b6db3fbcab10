"""Every respondent page costs a few SQL queries, the same for a questionnaire of 64 items as
for one of 640 (issue 17: at most six).

Each page is requested once before it is counted, as a zone's second look at it: the session's
idle-timeout refresh (a write at most once a minute, config/session_refresh.py) and the
process's copy of the module's definitions (survey/answering/sheet_definition.py, loaded on the
first page that needs it) are then where they are on every later request. Everything else is
counted: the session with its user (one read), the access checks, the page's own rows.
Not counted, because Django neither logs nor (under the test client) makes it: the `SELECT 1`
with which a persistent connection is checked once per request in production
(CONN_HEALTH_CHECKS).
"""

import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from survey.answering.answers import item_key, role_key
from survey.models import Answer, AnswerQuery, Module, Response, RoleAnswer, ZoneMembership
from survey.questionnaire.module_specs import questions_module_create
from tests import factories as f

MAX_QUERIES = 6
SIZES = [64, 640]


def answered_half(module, zone, *, status=Response.Status.IN_PROGRESS):
    response = Response.objects.create(zone=zone, module=module, status=status)
    items = list(module.items.order_by("order"))
    Answer.objects.bulk_create(
        Answer(response=response, item=item, code=index % 6) for index, item in enumerate(items)
        if index % 2 == 0
    )  # fmt: skip
    return response


def build(items: int, zone, chief):
    """2023 (closed, reports released) and 2026 (open, showing the 2023 answers) of a general
    module of `items` items, an events module of `items` items with a role matrix, and a
    questions module following up two technologies; zone A answered half of each grid, the
    research team asked it two questions; its chief is a colleague in a second zone too."""
    earlier_edition = f.EditionFactory(
        code="2023", status="closed", reports_released_at=timezone.now()
    )
    edition = f.EditionFactory(code="2026", previous=earlier_edition, preload=True)
    earlier = f.questionnaire(edition=earlier_edition, items=items, categories=8)
    general = f.questionnaire(edition=edition, items=0)
    categories = [f.CategoryFactory(edition=edition) for _ in range(8)]
    for index, item in enumerate(earlier.items.order_by("order")):
        f.ItemFactory(
            module=general,
            technology=item.technology,
            category=categories[index % 8],
            order=item.order,
        )
    events = f.questionnaire(
        edition=edition, kind="events", items=items, categories=4, objectives=6
    )
    technologies = list(general.items.order_by("order").values_list("technology__code", flat=True))
    deployment = questions_module_create(edition=edition, spec=f.deployment_spec(technologies[:2]))
    answered_half(earlier, zone, status=Response.Status.SUBMITTED)
    response = answered_half(general, zone)
    for item in general.items.order_by("order")[:2]:
        AnswerQuery.objects.create(response=response, item=item, text="Why?", raised_by=chief)
    events_response = answered_half(events, zone)
    category = events.items.first().category
    RoleAnswer.objects.bulk_create(
        RoleAnswer(response=events_response, category=category, objective=objective, code=2)
        for objective in events.objectives.all()
    )
    Response.objects.create(zone=zone, module=deployment)
    second = f.ZoneFactory(code="3003")
    ZoneMembership.objects.create(user=chief, zone=second, role=ZoneMembership.Role.COLLEAGUE)
    return {"general": general, "events": events, "deployment": deployment, "query": response}


def module_url(name, zone, module: Module):
    return reverse(name, args=[zone.code, module.edition.code, module.kind])


def pages(zone, built):
    general, events, deployment = built["general"], built["events"], built["deployment"]
    query = built["query"].queries.first()
    urls = {
        "home": reverse("home"),
        "colleagues": reverse("zone_colleagues", args=[zone.code]),
        "query": reverse("zone_query", args=[zone.code, query.pk]),
        "reports": reverse("zone_reports", args=[zone.code]),
        "report": reverse("zone_report", args=[zone.code, "2023"]),
    }
    for name, module in (("general", general), ("events", events), ("deployment", deployment)):
        urls[f"{name} page"] = module_url("module_answer", zone, module)
        urls[f"{name} review"] = module_url("module_review", zone, module)
        urls[f"{name} print"] = module_url("module_print", zone, module)
    return [(name, "get", url, {}) for name, url in urls.items()]


def autosaves(zone, built):
    """Two saves of one answer each, the second changing what the first saved: (name, url,
    first body, second body)."""
    general, events = built["general"], built["events"]
    item = item_key(general.items.order_by("order").last().pk)  # unanswered
    role = role_key(events.items.first().category_id, events.objectives.last().pk)  # 2

    def body(key, value, base):
        return json.dumps({"values": {key: value}, "base": {key: base}})

    return [
        ("autosave", module_url("module_autosave", zone, general),
         body(item, "3", ""), body(item, "4", "3")),
        ("autosave of a role", module_url("module_autosave", zone, events),
         body(role, "1", "2"), body(role, "0", "1")),
    ]  # fmt: skip


def counted(client, assert_at_most, method, url, options) -> int:
    getattr(client, method)(url, **options)  # the zone's first look: see the module docstring
    with assert_at_most(MAX_QUERIES) as queries:
        answer = getattr(client, method)(url, **options)
    assert answer.status_code == 200, url
    return len(queries)


# Queries per page at either size; none above MAX_QUERIES.
EXPECTED = {
    "home": 5,
    "colleagues": 4,
    "query": 4,
    "reports": 3,
    "report": 3,
    "general page": 3,
    "general review": 3,
    "general print": 3,
    "events page": 3,
    "events review": 3,
    "events print": 3,
    "deployment page": 3,
    "deployment review": 3,
    "deployment print": 3,
}


@pytest.mark.parametrize("items", SIZES)
def test_every_respondent_page_costs_the_same_few_queries_at_any_size(
    client, zone_a, chief_a, items, django_assert_max_num_queries
):
    built = build(items, zone_a, chief_a)
    client.force_login(chief_a)
    found = {
        name: counted(client, django_assert_max_num_queries, *request)
        for name, *request in pages(zone_a, built)
    }
    assert found == EXPECTED
    assert max(EXPECTED.values()) <= MAX_QUERIES


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("items", SIZES)
def test_an_autosave_costs_the_same_few_queries_at_any_size(
    client, zone_a, chief_a, items, django_assert_max_num_queries
):
    """Counted as in production, outside a test's transaction, so the save's own transaction
    shows as its BEGIN and COMMIT (which Django logs) rather than a savepoint.

    Six: the session with its user, BEGIN, the zone's response locked with its module (the
    lookup), the stored answers (read after the lock, so a concurrent save is seen), the answer
    written with its history record (one statement), COMMIT. The response's last activity
    moves on at most once a minute (answers.ACTIVITY_RESOLUTION), so it is not one more write
    per save."""
    built = build(items, zone_a, chief_a)
    client.force_login(chief_a)
    found = {}
    for name, url, first, second in autosaves(zone_a, built):
        client.post(url, first, content_type="application/json")
        with django_assert_max_num_queries(MAX_QUERIES + 1) as queries:
            answer = client.post(url, second, content_type="application/json")
        assert answer.status_code == 200 and answer.json()["saved"], answer.content
        found[name] = len(queries)
    # SQLite (the embedded default) cannot write inside a WITH: the record is one more query.
    expected = 6 if connection.vendor == "postgresql" else 7
    assert found == {"autosave": expected, "autosave of a role": expected}


@pytest.mark.parametrize("items", SIZES)
def test_a_process_reads_a_modules_definitions_once(
    client, zone_a, chief_a, items, django_assert_max_num_queries
):
    from survey.answering import sheet_definition

    built = build(items, zone_a, chief_a)
    client.force_login(chief_a)
    client.get(reverse("home"))
    sheet_definition.forget_all()  # as in a new worker process
    page = module_url("module_answer", zone_a, built["general"])
    # The module's items and scale points; the earlier module's row, items and scale points.
    with django_assert_max_num_queries(EXPECTED["general page"] + 5):
        client.get(page)
    with django_assert_max_num_queries(EXPECTED["general page"]):
        client.get(page)
