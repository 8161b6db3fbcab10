import json

import pytest
from django.core.management import CommandError, call_command

from results.statistics.results_json import results_json
from tests import factories as f
from tests.results.answering import respond


@pytest.fixture
def answered(editions):
    old, new = editions
    for i in range(30):
        zone = f.ZoneFactory(region="VL" if i % 2 else "WA", staff=40 + 30 * i, degurba=1 + i % 3)
        respond(old, zone, {"drone": i % 2, "bodycam": 1})
        respond(new, zone, {"drone": int(i % 3 == 0) * 2, "bodycam": 9, "x": 1 if i > 15 else 0})
    return old, new


def test_it_has_exactly_the_contract_keys(answered):
    data = results_json("2023", compare_with="2020", with_predictors=True)
    assert set(data) == {"edition", "module", "response_rate", "items", "comparison", "predictors"}
    assert (data["edition"], data["module"]) == ("2023", "general")
    assert set(data["response_rate"]) == {"responded", "population", "percent", "by_region"}
    assert data["response_rate"]["responded"] == 30
    assert data["response_rate"]["percent"] == 100.0
    assert set(data["response_rate"]["by_region"]["VL"]) == {"responded", "population", "percent"}
    item = data["items"][0]
    assert set(item) == {"code", "category", "available", "base", "percent", "distribution"}
    assert (item["code"], item["available"], item["base"], item["percent"]) == (
        "drone",
        10,
        30,
        33.3,
    )
    assert data["items"][1]["percent"] is None  # bodycam: all don't know
    comparison = data["comparison"]
    assert set(comparison) == {"with", "panel_zones", "items"}
    assert (comparison["with"], comparison["panel_zones"]) == ("2020", 30)
    assert set(comparison["items"][0]) == {
        "code", "base", "before", "after", "before_percent", "after_percent", "p_value",
    }  # fmt: skip
    assert isinstance(comparison["items"][0]["p_value"], float)
    assert set(data["predictors"]) == {"items"}
    assert set(data["predictors"]["items"][0]) == {
        "code", "n", "events", "estimable", "coef", "odds_ratio_per_doubling",
        "ci_low", "ci_high", "p_value", "significant",
    }  # fmt: skip
    json.dumps(data)  # serialisable as is


def test_events_module_has_objectives(db):
    module = f.questionnaire(kind="events", items=1, objectives=2)
    data = results_json(module.edition, "events")
    assert len(data["objectives"]) == 2
    assert set(data["objectives"][0]) == {
        "category", "objective", "base", "major", "percent", "distribution",
    }  # fmt: skip
    assert "comparison" not in data and "predictors" not in data


def test_the_command_prints_the_json(answered, capsys):
    call_command(
        "results", "--edition", "2023", "--compare", "2020", "--predictors", "--format", "json"
    )
    data = json.loads(capsys.readouterr().out)
    assert data == results_json("2023", compare_with="2020", with_predictors=True)


def test_the_command_prints_a_table(answered, capsys):
    call_command(
        "results", "--edition", "2023", "--compare", "2020", "--predictors", "--format", "table"
    )
    out = capsys.readouterr().out
    assert "30/30 (100.0%)" in out and "drone" in out and "panel of 30" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--edition", "1999"], "Unknown edition '1999'"),
        (["--edition", "2023", "--module", "events"], "no module 'events'"),
        (["--edition", "2023", "--compare", "1999"], "Unknown edition '1999'"),
    ],
)
def test_the_command_rejects_unknown_editions_and_modules(answered, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("results", *args)


def test_the_reference_editions_without_responses_give_empty_results(reference):
    data = results_json("2023", "events", with_predictors=True)
    assert data["response_rate"]["percent"] is None
    assert all(item["percent"] is None for item in data["items"])
    assert all(not item["estimable"] for item in data["predictors"]["items"])
    assert data["objectives"] and all(role["percent"] is None for role in data["objectives"])
    comparison = results_json("2023", compare_with="2020")["comparison"]
    assert comparison["panel_zones"] == 0 and comparison["items"]
    assert all(item["p_value"] is None for item in comparison["items"])
