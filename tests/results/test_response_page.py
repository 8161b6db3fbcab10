"""A response's page for researchers: its origins, queries, query form and history are rendered
once, then follow every change of what they show (answers, queries, events, the people named),
never hold a CSRF token, and the page needs a fixed number of queries however long the history."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from results.manage import responses as view
from survey.answering import history, queries
from survey.answering.answers import answers_save, item_key
from survey.data_version import data_version
from survey.models import AnswerChange, AnswerQuery, ResponseEvent
from tests import factories as f


@pytest.fixture
def response(zone_a, chief_a):
    module = f.questionnaire(edition=f.EditionFactory(code="2026", status="open"), items=3)
    return f.ResponseFactory(zone=zone_a, module=module)


@pytest.fixture
def items(response):
    return list(response.module.items.order_by("order"))


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


def page(client, response) -> str:
    """The page, its CSRF tokens (masked anew for each request) left out."""
    html = client.get(reverse("results:response_detail", args=[response.pk])).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


def history_rows(html) -> list[str]:
    table = html[html.index('<h2 class="h4">') :]
    return re.findall(r"<tr>\s*<td>.*?</tr>", table, re.S)


def option_of(html, item) -> str:
    return re.search(rf'<option value="{item.pk}">([^<]*)</option>', html).group(1)


def test_each_part_is_read_once_then_follows_answers_events_and_people(
    signed_in, response, items, chief_a, researcher, monkeypatch
):
    reads = {"history": 0, "origins": 0, "form": 0}

    def counting(name, function):
        def counted(*args, **kwargs):
            reads[name] += 1
            return function(*args, **kwargs)

        return counted

    monkeypatch.setattr(history, "response_history", counting("history", history.response_history))
    monkeypatch.setattr(view, "answer_origins", counting("origins", view.answer_origins))
    monkeypatch.setattr(view, "raise_form", counting("form", view.raise_form))
    first = page(signed_in, response)
    assert "Nothing recorded yet." in first and option_of(first, items[0]).endswith("(–)")
    assert page(signed_in, response) == first
    assert reads == {"history": 1, "origins": 1, "form": 1}

    # Answering moves no data version: the stamp of the response's changes does.
    version = data_version()
    answers_save(response=response, user=chief_a, changes={item_key(items[0].pk): (None, 3)})
    assert data_version() == version
    html = page(signed_in, response)
    assert option_of(html, items[0]).endswith("(3)")
    assert 'id="origins-fresh">1<' in html
    assert len(history_rows(html)) == 1 and str(chief_a) in history_rows(html)[0]
    assert reads == {"history": 2, "origins": 2, "form": 2}

    answers_save(response=response, user=chief_a, changes={item_key(items[0].pk): (3, 1)})
    assert option_of(page(signed_in, response), items[0]).endswith("(1)")

    # A person named in the history changes their name.
    chief_a.first_name, chief_a.last_name = "Anna", "Peeters"
    chief_a.save()
    assert "Anna Peeters" in history_rows(page(signed_in, response))[0]

    # An event written directly, and changes unlinked from their author by the retention.
    ResponseEvent.objects.create(response=response, kind="reopened", by=researcher, reason="Typo")
    assert "Typo" in page(signed_in, response)
    AnswerChange.objects.filter(response=response).update(changed_by=None)
    ResponseEvent.objects.filter(response=response).update(by=None)
    rows = history_rows(page(signed_in, response))
    assert len(rows) == 3 and all("<td>–</td>" in row for row in rows)
    assert "Anna Peeters" not in "".join(rows)


def test_the_cached_parts_never_hold_a_csrf_token_and_each_form_has_its_own(
    client, response, items, researcher, monkeypatch
):
    from results.statistics import cache

    shown = []

    def keeping(*args, **kwargs):
        fragments = cache.rendered(*args, **kwargs)
        shown.append(fragments)
        return fragments

    monkeypatch.setattr(view, "rendered", keeping)
    other = f.ResearcherFactory(email="other@example.be")
    for user in (researcher, other, researcher):
        client.force_login(user)
        html = page(client, response)
        assert html.count('name="csrfmiddlewaretoken"') == html.count('method="post"')
    assert shown and not any("csrfmiddlewaretoken" in html for f in shown for html in f.values())


@pytest.mark.parametrize("answers", [1, 3])
def test_the_page_needs_a_fixed_number_of_queries_however_long_the_history(
    signed_in, response, items, chief_a, django_assert_max_num_queries, answers
):
    stored = {}
    for step in range(answers * 5):
        item, code = items[step % answers], [1, 2, 3, 4, 5][step // answers]
        change = {item_key(item.pk): (stored.get(item.pk), code)}
        answers_save(response=response, user=chief_a, changes=change)
        stored[item.pk] = code
    page(signed_in, response)
    with django_assert_max_num_queries(8):
        html = page(signed_in, response)
    assert len(history_rows(html)) == answers * 5


def test_a_change_of_the_data_version_renders_the_parts_again(signed_in, response, items):
    """What the parts show beyond the history (an item's wording, for one) moves the data
    version, not the history stamp: the parts follow it."""
    before = option_of(page(signed_in, response), items[0])
    items[0].label_nl = items[0].label_en = "Renamed technology"
    items[0].save()  # moves the data version, as every write of a definition
    after = option_of(page(signed_in, response), items[0])
    assert "Renamed technology" not in before
    assert "Renamed technology" in after


def reads_of_queries(client, response) -> tuple[str, int]:
    """The page, and how many of its SQL statements read the queries' table."""
    with CaptureQueriesContext(connection) as captured:
        html = page(client, response)
    return html, sum('FROM "survey_answerquery"' in q["sql"] for q in captured.captured_queries)


def test_the_queries_are_read_once_then_follow_each_raise_reply_and_resolution(
    signed_in, response, items, researcher, chief_a
):
    assert reads_of_queries(signed_in, response)[1] == 1
    html, reads = reads_of_queries(signed_in, response)
    assert "No queries yet." in html and reads == 0

    query = queries.query_raise(response=response, item=items[0], text="Two drones?", by=researcher)
    html, reads = reads_of_queries(signed_in, response)
    assert "Two drones?" in html and f'id="query-{query.pk}"' in html and reads == 1
    assert reads_of_queries(signed_in, response)[1] == 0

    queries.query_reply(query=query, by=chief_a, text="Three, since May.")
    assert "Three, since May." in page(signed_in, response)

    queries.query_resolve(query=query, by=researcher, resolution="answer", note="Noted.")
    html = page(signed_in, response)
    assert "Noted." in html and f'id="resolution-{query.pk}"' not in html


def test_a_cached_resolve_form_carries_the_token_of_whoever_opens_the_page(
    response, items, researcher
):
    raised = [
        queries.query_raise(response=response, item=item, text="Sure?", by=researcher)
        for item in items[:2]
    ]
    pages = []
    for user in (researcher, f.ResearcherFactory(email="other@example.be")):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(reverse("results:response_detail", args=[response.pk])).content.decode()
        pages.append((client, html))  # the second is served from the cache
    for (client, html), query in zip(reversed(pages), raised, strict=True):
        url = reverse("results:query_resolve", args=[response.pk, query.pk])
        form = html[html.index(f'action="{url}"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = {"resolution": "answer", "note": "Fine."}
        assert client.post(url, data).status_code == 403
        assert client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302
        assert AnswerQuery.objects.get(pk=query.pk).status == "resolved"
