"""Pages and JSON go out gzip-compressed to clients that accept it, with Django's BREACH
mitigation; files that are compressed already go out as they are."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.compression import TextGZipMiddleware
from tests import factories as f


@pytest.fixture
def page_url(db):
    module = f.questionnaire(edition=f.EditionFactory(code="2026"), items=64, categories=8)
    return reverse("module_answer", args=["1001", "2026", module.kind])


def test_the_module_page_is_sent_gzip_compressed_when_asked(client, zone_a, chief_a, page_url):
    client.force_login(chief_a)
    plain = client.get(page_url)
    compressed = client.get(page_url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    page = gzip.decompress(compressed.content)
    # The same page (its CSRF token is masked afresh on every response: compare the rest).
    assert len(page) == len(plain.content)
    assert page.count(b'<fieldset class="matrix-row') == 64
    assert len(compressed.content) < len(plain.content) / 5
    assert int(compressed["Content-Length"]) == len(compressed.content)


def test_each_compressed_answer_carries_a_random_length_header_against_breach(
    client, zone_a, chief_a, page_url
):
    client.force_login(chief_a)
    flags = {
        client.get(page_url, HTTP_ACCEPT_ENCODING="gzip").content[3] & gzip.FNAME for _ in range(3)
    }
    assert flags == {gzip.FNAME}  # Django 4.2+: a random file name of 0-99 bytes


def test_autosave_answers_are_compressed_too_and_downloads_that_are_compressed_already_not():
    middleware = TextGZipMiddleware(lambda request: None)
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    body = b'{"saved": []} ' * 100
    json = middleware.process_response(request, HttpResponse(body, "application/json"))
    assert json["Content-Encoding"] == "gzip"
    for kind in (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/pdf",
        "image/png",
    ):
        answer = middleware.process_response(request, HttpResponse(body, kind))
        assert "Content-Encoding" not in answer and answer.content == body
