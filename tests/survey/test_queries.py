"""Queries: a researcher asks a zone about one answer, the zone replies, the researcher resolves."""

import pytest
from django.urls import reverse

from survey.answering import queries
from survey.models import Answer, AnswerChange, AnswerQuery, Response, ResponseEvent
from tests import factories as f


@pytest.fixture
def submitted(zone_a, chief_a):
    module = f.questionnaire(edition=f.EditionFactory(code="2023"), items=2)
    response = f.SubmittedResponseFactory(zone=zone_a, module=module, submitted_by=chief_a)
    drone = module.items.order_by("order").first()
    f.AnswerFactory(response=response, item=drone, code=0)
    return response, drone


def events(response):
    return list(ResponseEvent.objects.filter(response=response).values_list("kind", flat=True))


def raise_query(client, researcher, response, item, reopen=True, text="In 2020 you used one?"):
    client.force_login(researcher)
    return client.post(
        reverse("results:query_new", args=[response.pk]),
        {"item": str(item.pk), "text": text, "reopen": "on" if reopen else ""},
    )


def test_the_whole_workflow_from_both_sides(client, researcher, chief_a, zone_a, submitted):
    response, drone = submitted
    raise_query(client, researcher, response, drone)
    query = AnswerQuery.objects.get()
    response.refresh_from_db()
    assert (query.status, response.status) == ("open", "in_progress")

    client.force_login(chief_a)
    home = client.get(reverse("home")).content.decode()
    assert "Questions from the research team about your answers" in home
    assert "In 2020 you used one?" in home
    module = response.module
    page = client.get(
        reverse("module_answer", args=[zone_a.code, module.edition.code, module.kind])
    ).content.decode()
    assert f'id="query-{query.pk}"' in page and "In 2020 you used one?" in page
    query_url = reverse("zone_query", args=[zone_a.code, query.pk])
    assert "Send the reply" in client.get(query_url).content.decode()
    answer = client.post(query_url, {"reply": "Yes, we sold it in 2024."})
    assert answer.status_code == 302
    query.refresh_from_db()
    assert (query.status, query.reply, query.replied_by) == (
        "answered",
        "Yes, we sold it in 2024.",
        chief_a,
    )

    client.force_login(researcher)
    client.post(
        reverse("results:query_resolve", args=[response.pk, query.pk]),
        {"resolution": "answer", "note": "Thank you, plausible."},
    )
    query.refresh_from_db()
    assert (query.status, query.resolution) == ("resolved", "answer")
    assert events(response) == ["reopened", "query_raised", "query_answered", "query_resolved"]
    history = client.get(reverse("results:response_detail", args=[response.pk])).content.decode()
    assert "Query answered by the zone: Yes, we sold it in 2024." in history
    client.force_login(chief_a)
    assert "In 2020 you used one?" not in client.get(reverse("home")).content.decode()


def test_a_correction_goes_through_the_answer_service_and_the_history(
    researcher, chief_a, submitted
):
    response, drone = submitted
    query = queries.query_raise(response=response, item=drone, text="Really none?", by=researcher)
    queries.query_resolve(query=query, by=researcher, resolution="corrected", code=4)
    assert Answer.objects.get(response=response, item=drone).code == 4
    change = AnswerChange.objects.get(response=response)
    assert (change.old_code, change.new_code, change.changed_by) == (0, 4, researcher)
    response.refresh_from_db()
    assert response.is_submitted  # reopened for the correction and locked again
    assert events(response) == ["query_raised", "reopened", "locked", "query_resolved"]


def test_the_zone_cannot_reply_to_a_submitted_response_until_it_is_reopened(
    client, researcher, chief_a, zone_a, submitted
):
    response, drone = submitted
    raise_query(client, researcher, response, drone, reopen=False)
    query = AnswerQuery.objects.get()
    client.force_login(chief_a)
    url = reverse("zone_query", args=[zone_a.code, query.pk])
    assert "Send the reply" not in client.get(url).content.decode()
    client.post(url, {"reply": "Yes"})
    query.refresh_from_db()
    assert query.status == "open" and query.reply == ""
    Response.objects.filter(pk=response.pk).update(status="in_progress")
    client.post(url, {"reply": "Yes"})
    query.refresh_from_db()
    assert query.status == "answered"


def test_closing_needs_a_reason_and_a_closed_query_stays_closed(researcher, submitted):
    response, drone = submitted
    query = queries.query_raise(response=response, item=drone, text="Sure?", by=researcher)
    with pytest.raises(queries.QueryRefused):
        queries.query_resolve(query=query, by=researcher, resolution="closed")
    queries.query_resolve(query=query, by=researcher, resolution="closed", note="Duplicate")
    query.refresh_from_db()
    assert query.status == "closed"
    with pytest.raises(queries.QueryRefused):
        queries.query_resolve(query=query, by=researcher, resolution="answer", note="x")


def test_a_query_needs_text_and_an_item_of_the_module(researcher, submitted):
    response, drone = submitted
    with pytest.raises(queries.QueryRefused):
        queries.query_raise(response=response, item=drone, text="  ", by=researcher)
    other = f.ItemFactory()
    with pytest.raises(queries.QueryRefused):
        queries.query_raise(response=response, item=other, text="?", by=researcher)


def test_another_zones_chief_gets_404_for_the_query(
    client, researcher, chief_b, zone_a, zone_b, submitted
):
    response, drone = submitted
    query = queries.query_raise(
        response=response, item=drone, text="Sure?", by=researcher, reopen=True
    )
    client.force_login(chief_b)
    for zone in (zone_a, zone_b):
        url = reverse("zone_query", args=[zone.code, query.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reply": "hacked"}).status_code == 404
    assert "Sure?" not in client.get(reverse("home")).content.decode()
    query.refresh_from_db()
    assert query.reply == ""


def test_chiefs_cannot_raise_or_resolve_queries(client, chief_a, researcher, submitted):
    response, drone = submitted
    query = queries.query_raise(response=response, item=drone, text="Sure?", by=researcher)
    client.force_login(chief_a)
    assert (
        client.post(
            reverse("results:query_new", args=[response.pk]),
            {"item": str(drone.pk), "text": "x"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("results:query_resolve", args=[response.pk, query.pk]),
            {"resolution": "closed", "note": "x"},
        ).status_code
        == 404
    )
    assert AnswerQuery.objects.get().status == "open"
