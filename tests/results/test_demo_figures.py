"""The demo reproduces every published figure of the domain brief, computed by the results code."""

from decimal import Decimal

import pytest

from results.statistics.availability import availability
from results.statistics.comparison import compare
from results.statistics.objectives import objective_roles
from results.statistics.predictors import predictors
from results.statistics.response_rates import response_rate
from survey.models import Module


@pytest.fixture(scope="module")
def demo(seeded_demo):
    return seeded_demo


def module(edition, kind):
    return Module.objects.get(edition__code=edition, kind=kind)


def by_code(rows):
    return {row.code: row for row in rows}


def code_of(value):
    return getattr(value, "code", value)


@pytest.mark.parametrize(
    ("edition", "kind", "responded", "population", "percent"),
    [
        ("2023", "general", 146, 183, "79.8"),
        ("2023", "events", 142, 183, "77.6"),
        ("2020", "general", 86, 113, "76.1"),
    ],
)
def test_response_rates(demo, db, edition, kind, responded, population, percent):
    rate = response_rate(module(edition, kind))
    assert (rate.responded, rate.population, rate.percent) == (
        responded,
        population,
        Decimal(percent),
    )


def test_availability_2023_general(demo, db):
    items = by_code(availability(module("2023", "general")))
    assert (items["drone"].available, items["drone"].base) == (40, 146)
    cameras = items["camera_image_analysis"]
    assert (cameras.available, cameras.base) == (33, 145)
    assert cameras.percent == Decimal("22.8")


def test_availability_2023_events(demo, db):
    items = by_code(availability(module("2023", "events")))
    drone, cameras = items["drone"], items["camera_image_analysis"]
    assert (drone.available, drone.base, drone.percent) == (69, 142, Decimal("48.6"))
    assert (cameras.available, cameras.base, cameras.percent) == (27, 140, Decimal("19.3"))


def test_panel_comparison_of_drones(demo, db):
    comparison = compare(module("2023", "general"), module("2020", "general"))
    assert comparison.panel_zones == 67
    drone = by_code(comparison.items)["drone"]
    assert (drone.base, drone.before, drone.after) == (62, 14, 21)
    assert (drone.before_percent, drone.after_percent) == (Decimal("22.6"), Decimal("33.9"))


def test_exactly_four_technologies_have_size_as_significant_predictor(demo, db):
    rows = predictors(module("2023", "general"))
    assert len(rows) == 64
    significant = {row.code for row in rows if row.significant}
    assert significant == {"drone", "x_account", "forensic_centre", "camera_image_analysis"}
    for row in rows:
        if row.code in significant:
            assert row.estimable and row.coef > 0 and row.p_value < 0.05


def test_cameras_play_the_largest_role_above_all_for_detection_and_evidence(demo, db):
    roles = objective_roles(module("2023", "events"))
    major, base = {}, {}
    for role in roles:
        category = code_of(role.category)
        major[category] = major.get(category, 0) + role.major
        base[category] = base.get(category, 0) + role.base
    shares = {category: major[category] / base[category] for category in base}
    assert max(shares, key=shares.get) == "cameras"
    cameras = sorted(
        (r for r in roles if code_of(r.category) == "cameras"),
        key=lambda r: r.percent,
        reverse=True,
    )
    assert {code_of(cameras[0].objective), code_of(cameras[1].objective)} == {
        "detection",
        "evidence",
    }
    top = max(roles, key=lambda r: r.percent)
    assert code_of(top.category) == "cameras"
