"""The dashboard's list of an edition's campaigns: newest first, with who started each and how
many of its messages are in each status."""

import pytest

from survey.fieldwork.progress import recent_campaigns
from survey.models import Campaign, OutgoingEmail
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_each_campaign_shows_its_creator_and_its_messages_by_status():
    edition = f.EditionFactory(code="2026")
    researcher = f.UserFactory(first_name="Ann", last_name="Peeters")
    invitation = f.CampaignFactory(edition=edition, created_by=researcher)
    for status in ["sent", "sent", "queued", "failed"]:
        f.OutgoingEmailFactory(campaign=invitation, status=status)
    reminder = f.CampaignFactory(edition=edition, kind="reminder", created_by=None)
    f.CampaignFactory(edition=f.EditionFactory(code="2023"))  # another edition's

    listed = recent_campaigns(edition)

    assert [c.pk for c in listed] == [reminder.pk, invitation.pk]  # newest first
    newest, oldest = listed
    assert (newest.created_by, newest.get_kind_display(), newest.sent) == (None, "Reminder", 0)
    assert str(oldest.created_by) == "Ann Peeters"
    counts = {status: getattr(oldest, status) for status in OutgoingEmail.Status.values}
    assert counts == {"queued": 1, "sent": 2, "failed": 1, "no_address": 0}
    assert counts == {
        status: getattr(Campaign.objects.with_counts().get(pk=invitation.pk), status)
        for status in OutgoingEmail.Status.values
    }


def test_only_the_latest_are_listed():
    edition = f.EditionFactory(code="2026")
    campaigns = [f.CampaignFactory(edition=edition) for _ in range(4)]

    assert [c.pk for c in recent_campaigns(edition, limit=2)] == [
        campaigns[3].pk,
        campaigns[2].pk,
    ]
