"""Real concurrency (PostgreSQL only: SQLite serialises whole transactions anyway).

Two requests at the same moment: the response row lock makes one wait for the other, so a
double submit submits once and two saves of the same item give one of them a conflict.
"""

import threading

import pytest
from django.db import connection, connections

from survey.answering.answers import answers_save, response_get_or_start, response_submit
from survey.models import Answer, AnswerChange, ResponseEvent
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks between connections"
    ),
]


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_a_double_submit_at_the_same_moment_submits_once(zone_a, chief_a):
    module = f.questionnaire(items=2)
    response = response_get_or_start(zone=zone_a, module=module, user=chief_a)
    results = at_once(
        lambda: response_submit(response=response, user=chief_a),
        lambda: response_submit(response=response, user=chief_a),
    )
    assert sorted(r.already_submitted for r in results) == [False, True]
    assert ResponseEvent.objects.filter(response=response).count() == 1


def test_two_saves_of_the_same_item_at_the_same_moment_never_overwrite_silently(zone_a, chief_a):
    module = f.questionnaire(items=2)
    item = module.items.first()
    response = response_get_or_start(zone=zone_a, module=module, user=chief_a)
    results = at_once(
        lambda: answers_save(response=response, user=chief_a, changes={item: (None, 1)}),
        lambda: answers_save(response=response, user=chief_a, changes={item: (None, 5)}),
    )
    assert sorted(len(r.conflicts) for r in results) == [0, 1]
    assert Answer.objects.count() == 1 and AnswerChange.objects.count() == 1
