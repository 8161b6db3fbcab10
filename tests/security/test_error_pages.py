"""Errors show a generic page and reports carry no submitted answers or passwords."""

import logging

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.log import AdminEmailHandler

SECRET_PASSWORD = "Tr0ub4dor-unique-8841"
SECRET_ANSWER = "answer-value-5519"
POST = {"password": SECRET_PASSWORD, "answer": SECRET_ANSWER}


@pytest.fixture
def failing_client(db):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.security.error_urls"):
        yield client


@override_settings(DEBUG=False)
def test_a_server_error_shows_a_generic_page(failing_client):
    response = failing_client.post("/failing/", POST)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body or "<h1>" in body
    for leak in (SECRET_PASSWORD, SECRET_ANSWER, "RuntimeError", "Traceback", "boom"):
        assert leak not in body


@override_settings(DEBUG=False)
def test_the_error_log_holds_no_posted_values(failing_client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        failing_client.post("/failing/", POST)
    assert caplog.records
    formatted = "\n".join(
        logging.Formatter("%(message)s").format(record) for record in caplog.records
    )
    assert "RuntimeError" in formatted
    assert SECRET_PASSWORD not in formatted
    assert SECRET_ANSWER not in formatted


@override_settings(DEBUG=False, ADMINS=[("Ops", "ops@example.be")])
def test_the_error_mail_to_administrators_holds_no_posted_values_or_local_variables(
    failing_client,
):
    handler = AdminEmailHandler(include_html=True)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        failing_client.post("/failing/", POST)
    finally:
        logger.removeHandler(handler)
    assert mail.outbox
    everything = "".join(
        message.body + "".join(str(content) for content, _ in message.alternatives)
        for message in mail.outbox
    )
    assert "RuntimeError" in everything
    assert "password" in everything  # the parameter name is shown, its value is not
    assert SECRET_PASSWORD not in everything
    assert SECRET_ANSWER not in everything


def test_even_the_debug_page_hides_posted_values(failing_client):
    response = failing_client.post("/failing/", POST)
    assert response.status_code == 500
    body = response.content.decode()
    assert SECRET_PASSWORD not in body
    assert SECRET_ANSWER not in body


@override_settings(DEBUG=False)
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_missing_page_is_generic_and_translatable(client, chief_a, language):
    client.force_login(chief_a)
    response = client.get(f"/does-not-exist/{language}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert 'lang="' + language + '"' in response.content.decode()
    assert "URLconf" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


@override_settings(DEBUG=False)
def test_a_csrf_failure_shows_the_generic_expired_form_page(chief_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "CSRF" not in body
    assert "<h1" in body


def test_a_failed_sign_in_logs_no_password(client, chief_a, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("login"), {"username": chief_a.email, "password": SECRET_PASSWORD})
    assert caplog.records  # axes records the failure
    assert SECRET_PASSWORD not in caplog.text
