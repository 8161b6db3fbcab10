"""Mail that would reveal an account by its timing is sent by the background worker: the
request only queues it, the same way for a known and an unknown address."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django_tasks import default_task_backend

from survey.answering.answers import response_get_or_start, response_submit
from tests import factories as f

QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def reset_request(client, email):
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(reverse("password_reset"), {"email": email})
    assert answer.status_code == 302
    return [q["sql"].split(" ")[0] for q in queries.captured_queries]


@override_settings(TASKS=QUEUE)
def test_a_reset_request_costs_the_same_for_known_and_unknown_addresses(client, chief_a):
    default_task_backend.clear()
    mail.outbox.clear()
    known = reset_request(client, "chief.a@example.be")
    unknown = reset_request(client, "nobody@example.be")
    assert known == unknown  # the same statements: no account is looked up in the request
    assert mail.outbox == []
    queued = default_task_backend.results
    assert [r.task.name for r in queued] == ["password_reset_mail", "password_reset_mail"]
    for result in queued:
        result.task.call(*result.args, **result.kwargs)
    [message] = mail.outbox
    assert message.to == ["chief.a@example.be"] and "/accounts/reset/" in message.body
    assert not any("/accounts/reset/" in str(r.args) for r in queued)


@override_settings(TASKS=QUEUE)
def test_the_submission_confirmation_is_queued_not_sent_in_the_request(
    zone_a, chief_a, django_capture_on_commit_callbacks
):
    module = f.questionnaire(items=1)
    response = response_get_or_start(zone=zone_a, module=module, user=chief_a)
    default_task_backend.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(response=response, user=chief_a)
    assert mail.outbox == []
    [queued] = default_task_backend.results
    queued.task.call(*queued.args, **queued.kwargs)
    [message] = mail.outbox
    assert message.to == [chief_a.email] and zone_a.code in message.subject
