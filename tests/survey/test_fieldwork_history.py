"""Reopening and locking a submitted response, and the history of a response."""

import pytest

from survey.answering.history import (
    ResponseStateError,
    response_history,
    response_lock,
    response_reopen,
)
from survey.models import AnswerChange, Edition, ResponseEvent
from tests import factories as f


@pytest.fixture
def submitted(db):
    return f.SubmittedResponseFactory(module=f.questionnaire(items=2))


def test_reopening_needs_a_reason_and_goes_back_to_in_progress(submitted, researcher):
    with pytest.raises(ResponseStateError):
        response_reopen(response=submitted, by=researcher, reason=" ")
    response = response_reopen(response=submitted, by=researcher, reason="Wrong drone answer")
    assert response.status == "in_progress"
    event = ResponseEvent.objects.get(response=submitted)
    assert (event.kind, event.by, event.reason) == ("reopened", researcher, "Wrong drone answer")


def test_locking_makes_the_reopened_response_submitted_again(submitted, researcher):
    response_reopen(response=submitted, by=researcher, reason="Correction")
    response = response_lock(response=submitted, by=researcher)
    assert response.status == "submitted"
    assert list(submitted.events.values_list("kind", flat=True)) == ["reopened", "locked"]


def test_an_in_progress_response_cannot_be_reopened_or_locked_without_reopening(researcher):
    response = f.ResponseFactory()
    with pytest.raises(ResponseStateError):
        response_reopen(response=response, by=researcher, reason="x")
    with pytest.raises(ResponseStateError):
        response_lock(response=response, by=researcher)


def test_a_response_of_a_closed_edition_is_not_reopened(submitted, researcher):
    Edition.objects.filter(pk=submitted.module.edition_id).update(status="closed")
    with pytest.raises(ResponseStateError):
        response_reopen(response=submitted, by=researcher, reason="x")


def test_the_history_lists_every_change_and_event_in_order(submitted, researcher, chief_a):
    item = submitted.module.items.first()
    AnswerChange.objects.create(
        response=submitted, item=item, old_code=None, new_code=3, changed_by=chief_a
    )
    response_reopen(response=submitted, by=researcher, reason="Check")
    AnswerChange.objects.create(
        response=submitted, item=item, old_code=3, new_code=5, changed_by=chief_a
    )
    history = response_history(submitted)
    assert [e.what for e in history] == ["change", "reopened", "change"]
    assert (history[2].change.old_code, history[2].change.new_code) == (3, 5)
    assert history[2].by == chief_a
