"""Data quality of a module: each rule on data small enough to work out by hand."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from results.models import ImplausibleRule
from results.statistics.quality import quality, quality_json, sessions_of
from survey.models import AnswerChange, Response
from tests import factories as f

from .answering import respond


@pytest.fixture
def modules(db):
    """2020 (closed) and 2023 (open, previous 2020) general modules asking a, b, c."""
    old = f.questionnaire(edition=f.EditionFactory(code="2020", status="closed"), items=0)
    new = f.questionnaire(edition=f.EditionFactory(code="2023", previous=old.edition), items=0)
    for order, code in enumerate("abc"):
        tech = f.TechnologyFactory(code=code)
        f.ItemFactory(module=old, technology=tech, order=order)
        f.ItemFactory(module=new, technology=tech, order=order)
    return old, new


@pytest.fixture
def answered(modules):
    old, new = modules
    zones = {code: f.ZoneFactory(code=code) for code in ("9001", "9002", "9003", "9004", "9005")}
    respond(new, zones["9001"], {"a": 0, "b": 0, "c": 0})  # straight-lining
    respond(new, zones["9002"], {"a": 1, "b": 2})  # c unanswered
    respond(new, zones["9003"], {"a": 9, "b": 9, "c": 9})  # only "don't know"
    respond(new, zones["9004"], {"a": 3, "b": 9, "c": 1})
    respond(new, zones["9005"], {"a": 2, "b": 3, "c": 4})
    late = f.ZoneFactory(code="9006")
    respond(new, late, {"a": 0}, submitted=False)  # in progress: not in the figures
    respond(old, zones["9001"], {"a": 5, "b": 0})  # a: 5 → 0 implausible; b: 0 → 0 fine
    respond(old, zones["9002"], {"a": 0, "b": 4})  # 0 → 1 and 4 → 2: plausible
    respond(old, zones["9005"], {"c": 0})  # c: 0 → 4 implausible
    respond(old, late, {"a": 5})
    return old, new, zones


def test_the_json_has_exactly_the_documented_keys_and_hand_worked_figures(answered):
    old, new, zones = answered
    data = quality_json(quality(new))
    assert data == {
        "item_nonresponse": [
            {"code": "a", "asked": 5, "unanswered": 0},
            {"code": "b", "asked": 5, "unanswered": 0},
            {"code": "c", "asked": 5, "unanswered": 1},
        ],
        "zone_nonresponse": [
            {"zone": "9001", "asked": 3, "unanswered": 0},
            {"zone": "9002", "asked": 3, "unanswered": 1},
            {"zone": "9003", "asked": 3, "unanswered": 0},
            {"zone": "9004", "asked": 3, "unanswered": 0},
            {"zone": "9005", "asked": 3, "unanswered": 0},
        ],
        "straightlining": ["9001"],
        "implausible_changes": [
            {"zone": "9001", "code": "a", "before": 5, "after": 0},
            {"zone": "9005", "code": "c", "before": 0, "after": 4},
        ],
        "dont_know_outliers": ["9003"],
    }


def test_the_command_prints_the_same_json(answered, capsys):
    call_command("quality", "--edition", "2023", "--module", "general", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "item_nonresponse",
        "zone_nonresponse",
        "straightlining",
        "implausible_changes",
        "dont_know_outliers",
    ]
    assert data["straightlining"] == ["9001"]


def test_one_valid_answer_or_only_dont_know_is_not_straight_lining(modules):
    old, new = modules
    respond(new, f.ZoneFactory(code="9101"), {"a": 2})
    respond(new, f.ZoneFactory(code="9102"), {"a": 2, "b": 9, "c": 2})
    respond(new, f.ZoneFactory(code="9103"), {"a": 9, "b": 9})
    assert quality(new).straightlining == ["9102"]


def test_researchers_rules_replace_the_defaults(answered):
    old, new, zones = answered
    ImplausibleRule.objects.create(edition=new.edition, before=[4], after=[2])
    changes = quality(new).implausible_changes
    assert [(c.zone, c.code, c.before, c.after) for c in changes] == [("9002", "b", 4, 2)]


def test_without_previous_edition_there_are_no_implausible_changes(modules):
    old, new = modules
    new.edition.previous = None
    new.edition.save()
    respond(new, f.ZoneFactory(code="9001"), {"a": 0})
    assert quality(new).implausible_changes == []


def test_dont_know_outliers_need_a_share_far_above_the_rest(modules):
    old, new = modules
    for code in ("9201", "9202", "9203"):
        respond(new, f.ZoneFactory(code=code), {"a": 1, "b": 2, "c": 9})  # 1/3 each
    respond(new, f.ZoneFactory(code="9204"), {"a": 9, "b": 9, "c": 1})  # 2/3
    # quartiles of (1/3, 1/3, 1/3, 2/3): Q1 = Q3 = 1/3 (inclusive), IQR 0 → 2/3 is an outlier
    assert quality(new).dont_know_outliers == ["9204"]
    respond(new, f.ZoneFactory(code="9205"), {"a": 9, "b": 9, "c": 9})
    # (1/3, 1/3, 1/3, 2/3, 1): Q3 = 2/3, IQR 1/3 → threshold 7/6: nobody
    assert quality(new).dont_know_outliers == []


def test_sessions_are_runs_of_saves_with_gaps_under_thirty_minutes():
    t = timezone.now()
    minutes = [0, 10, 50, 55]
    assert sessions_of([t + timedelta(minutes=m) for m in minutes]) == (2, 15 * 60)
    assert sessions_of([t]) == (1, 0)
    assert sessions_of([]) == (0, 0)
    assert sessions_of([t, t + timedelta(minutes=30)]) == (2, 0)


def test_timing_comes_from_the_saved_changes_and_leaves_imports_out(modules, zone_a, chief_a):
    old, new = modules
    response = f.ResponseFactory(module=new, zone=zone_a)
    item = new.items.first()
    start = timezone.now() - timedelta(days=1)
    for minute, source in [(0, "web"), (10, "confirmed"), (50, "web"), (55, "web"), (90, "import")]:
        change = AnswerChange.objects.create(
            response=response, item=item, new_code=1, changed_by=chief_a, source=source
        )
        AnswerChange.objects.filter(pk=change.pk).update(
            changed_at=start + timedelta(minutes=minute)
        )
    (timing,) = quality(new).timing
    assert (timing.zone, timing.status, timing.sessions) == (zone_a.code, "in_progress", 2)
    assert timing.seconds == 55 * 60
    assert timing.seconds_active == 15 * 60


def test_the_page_and_its_csv_lists(client, researcher, answered):
    old, new, zones = answered
    client.force_login(researcher)
    page = client.get(reverse("results:quality", args=["2023", "general"])).content.decode()
    assert 'id="straightlining">9001<' in page
    assert 'id="dont-know-outliers">9003<' in page
    download = client.get(reverse("results:quality_csv", args=["2023", "general", "implausible"]))
    assert download["Cache-Control"].startswith("no-store")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows == [
        ["zone", "code", "before", "after"],
        ["9001", "a", "5", "0"],
        ["9005", "c", "0", "4"],
    ]
    for table in ("items", "zones", "straightlining", "dont-know", "timing"):
        url = reverse("results:quality_csv", args=["2023", "general", table])
        assert client.get(url).status_code == 200
    assert (
        client.get(reverse("results:quality_csv", args=["2023", "general", "x"])).status_code == 404
    )


def test_researchers_add_and_remove_rules(client, researcher, answered):
    old, new, zones = answered
    client.force_login(researcher)
    add = reverse("results:quality_rule_add", args=["2023", "general"])
    client.post(add, {"before": "4", "after": "2, 1"})
    assert ImplausibleRule.objects.filter(edition=new.edition).count() == 3  # defaults written out
    client.post(add, {"before": "four", "after": "1"})
    assert ImplausibleRule.objects.filter(edition=new.edition).count() == 3
    rule = ImplausibleRule.objects.get(before=[4], after=[1, 2])
    client.post(reverse("results:quality_rule_delete", args=["2023", "general", rule.pk]))
    assert not ImplausibleRule.objects.filter(pk=rule.pk).exists()


def test_chiefs_cannot_see_the_quality_page(client, chief_a, answered):
    client.force_login(chief_a)
    assert client.get(reverse("results:quality", args=["2023", "general"])).status_code == 404


def test_the_page_needs_the_same_number_of_queries_for_more_zones(client, researcher, modules):
    old, new = modules

    def add_zones(first, count):
        for number in range(first, first + count):
            zone = f.ZoneFactory(code=str(number))
            respond(old, zone, {"a": 5, "b": 0})
            respond(new, zone, {"a": 0, "b": 9, "c": 1})
            AnswerChange.objects.create(
                response=Response.objects.get(zone=zone, module=new), item=new.items.first()
            )

    client.force_login(researcher)
    url = reverse("results:quality", args=["2023", "general"])
    client.get(url)  # the first request also fills the session

    def counted() -> tuple[int, int]:
        """Queries of the page computed afresh, then served from the cache."""
        cache.clear()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return tuple(counts)

    add_zones(9300, 2)
    few = counted()
    add_zones(9400, 8)
    assert counted() == few
