"""The fieldwork dashboard's numbers: each zone's status and the response rates."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results.statistics.response_rates import edition_response_rates
from survey.fieldwork.campaigns import campaign_create
from survey.fieldwork.progress import zone_progress
from tests import factories as f


@pytest.fixture
def edition(db):
    edition = f.EditionFactory(code="2026", regions=["VL", "WA"])
    f.questionnaire(edition=edition, items=1)
    f.questionnaire(edition=edition, kind="events", items=1)
    return edition


def test_each_zone_gets_its_status(edition, researcher):
    general, events = edition.modules.get(kind="general"), edition.modules.get(kind="events")
    f.ZoneFactory(code="1001", contact_email="")
    invited = f.ZoneFactory(code="1002", contact_email="x@pz.be")
    campaign_create(edition=edition, kind="invitation", by=researcher, zones=[invited])
    activated = f.ZoneFactory(code="1003")
    f.MembershipFactory(zone=activated)
    started = f.ZoneFactory(code="1004")
    f.ResponseFactory(zone=started, module=general)
    half = f.ZoneFactory(code="2005", region="WA")
    f.SubmittedResponseFactory(zone=half, module=general)
    done = f.ZoneFactory(code="2006", region="WA")
    f.SubmittedResponseFactory(zone=done, module=general)
    f.SubmittedResponseFactory(zone=done, module=events)
    f.ZoneFactory(code="3007", region="BR")  # not in the population

    statuses = {p.zone.code: p.status for p in zone_progress(edition)}
    assert statuses == {
        "1001": "not_invited",
        "1002": "invited",
        "1003": "activated",
        "1004": "in_progress",
        "2005": "in_progress",
        "2006": "submitted",
    }
    only_general = {p.zone.code: p.status for p in zone_progress(edition, module=general)}
    assert only_general["2005"] == "submitted"
    progress = {p.zone.code: p for p in zone_progress(edition)}
    assert progress["1001"].last_activity is None
    assert progress["1002"].last_activity is not None
    assert progress["2006"].submitted_modules == 2


def test_response_rates_per_region_and_module(edition):
    general = edition.modules.get(kind="general")
    flemish = [f.ZoneFactory(region="VL") for _ in range(3)]
    walloon = [f.ZoneFactory(region="WA") for _ in range(2)]
    f.SubmittedResponseFactory(zone=flemish[0], module=general)
    f.SubmittedResponseFactory(zone=walloon[0], module=general)
    f.SubmittedResponseFactory(zone=walloon[1], module=general)
    f.ResponseFactory(zone=flemish[1], module=general)  # in progress: not counted
    rates = {r.module.kind: r.rate for r in edition_response_rates(edition)}
    assert (rates["general"].responded, rates["general"].population) == (3, 5)
    assert rates["general"].percent == Decimal("60.0")
    assert rates["general"].by_region["VL"].percent == Decimal("33.3")
    assert rates["general"].by_region["WA"].percent == Decimal("100.0")
    assert rates["events"].responded == 0


def count_queries(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_the_dashboard_needs_the_same_number_of_queries_for_any_number_of_zones(edition):
    general = edition.modules.get(kind="general")
    f.SubmittedResponseFactory(zone=f.ZoneFactory(), module=general)
    few = count_queries(lambda: zone_progress(edition))
    for _ in range(10):
        zone = f.ZoneFactory()
        f.MembershipFactory(zone=zone)
        f.SubmittedResponseFactory(zone=zone, module=general)
    assert count_queries(lambda: zone_progress(edition)) == few
    assert count_queries(lambda: edition_response_rates(edition)) <= 3
