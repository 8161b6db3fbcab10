import datetime as dt
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from results.statistics import charts
from results.statistics.availability import ItemAvailability
from results.statistics.comparison import Comparison
from results.statistics.fieldwork_curve import CurvePoint


@pytest.mark.parametrize(
    "figure",
    [
        lambda: charts.fieldwork_chart([], 10),
        lambda: charts.distribution_chart([], {}),
        lambda: charts.comparison_chart(Comparison("2020", 0, []), "2020", "2023"),
        lambda: charts.forest_plot([]),
        lambda: charts.heat_map([]),
    ],
)
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_empty_results_draw_a_message_instead_of_failing(figure, fmt):
    assert charts.render(figure(), fmt)


def svg_texts(figure) -> list[str]:
    """The texts an SVG chart shows (matplotlib writes each beside its glyphs as a comment)."""
    svg = charts.render(figure, "svg").decode()
    ElementTree.fromstring(svg)  # noqa: S314 (our own chart) well-formed
    return re.findall(r"<!-- (.*?) -->", svg)


def item(code, label, distribution, percent):
    available = distribution.get("1", 0)
    base = sum(distribution.values())
    return ItemAvailability(code, "c", label, available, base, Decimal(percent), distribution)


def test_the_distribution_chart_draws_one_bar_per_item_and_answer_with_its_count():
    rows = [
        item("drone", "Drone", {"0": 1, "1": 3}, 75),
        item("cam", "Bodycam", {"0": 3, "1": 1}, 25),
    ]
    figure = charts.distribution_chart(rows, {"0": "Not available", "1": "Available"})
    bars = figure.axes[0].patches
    # Drawn bottom-up: Bodycam then Drone, first the "0" answers, then the "1" answers stacked on.
    assert [(bar.get_x(), bar.get_width()) for bar in bars] == [(0, 3), (0, 1), (3, 1), (1, 3)]
    texts = svg_texts(figure)
    assert {"Drone", "Bodycam", "75.0%", "25.0%", "Not available", "Available"} <= set(texts)


def test_the_fieldwork_chart_climbs_to_the_submitted_count_under_the_population():
    day = dt.date(2026, 5, 1)
    points = [CurvePoint(day, 2, 2), CurvePoint(day + dt.timedelta(days=3), 3, 5)]
    figure = charts.fieldwork_chart(points, 10, "General")
    step, population = figure.axes[0].lines
    assert list(step.get_ydata()) == [2, 5] and list(population.get_ydata()) == [10, 10]
    assert {"General", "population"} <= set(svg_texts(figure))


def test_an_empty_chart_says_why():
    assert svg_texts(charts.distribution_chart([], {})) == ["No items."]
