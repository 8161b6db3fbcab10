import datetime as dt
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import formats, translation

from results.statistics import charts
from results.statistics.availability import ItemAvailability
from results.statistics.comparison import Comparison, ItemComparison
from results.statistics.fieldwork_curve import CurvePoint
from results.statistics.objectives import ObjectiveRole
from results.statistics.predictors import ItemPredictor


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


def svg_text_sizes(figure) -> list[tuple[str, float]]:
    """Each text of an SVG chart with its font size in points. matplotlib draws text as glyph
    outlines 100 units high, scaled: `scale(0.11 -0.11)` after the text's comment is 11 pt."""
    svg = charts.render(figure, "svg").decode()
    found = re.findall(r'<!-- (.*?) -->\s*<g transform="[^"]*?scale\(([\d.]+) -[\d.]+\)"', svg)
    return [(text, float(scale) * 100) for text, scale in found]


def comparison(items=30, categories=3) -> Comparison:
    rows = [
        ItemComparison(
            code=f"t{i}",
            category=f"c{i % categories}",
            base=60,
            before=10 + i,
            after=20 + i,
            before_percent=Decimal(10 + i),
            after_percent=Decimal(20 + i),
            p_value=0.01 if i % 2 else 0.5,
            label=f"Technology {i}",
            category_label=f"Category {i % categories}",
        )
        for i in sorted(range(items), key=lambda i: i % categories)
    ]
    return Comparison("2020", 60, rows)


def predictor(code, label, ratio, significant):
    return ItemPredictor(
        code, 100, 40, True, "", 0.5, ratio, ratio / 2, ratio * 2, 0.01, significant, label
    )


def role(category, objective, value):
    return ObjectiveRole(
        category, objective, 10, value // 10, Decimal(value), {"0": 1}, category, objective
    )


SLIDE_CHARTS = {
    "distribution": (
        lambda: charts.distribution_chart(
            [item("drone", "Drone", {"0": 1, "1": 3}, 75)],
            {"0": "Not available", "1": "Available"},
            "Title",
        ),
        {"Drone", "Not available", "Available"},
    ),
    "comparison": (
        lambda: charts.comparison_chart(comparison(4, 2), "2020", "2023", "Title"),
        {"2020", "2023", "Category 0", "Technology 0"},
    ),
    "forest": (
        lambda: charts.forest_plot([predictor("drone", "Drone", 2.0, True)], "Title"),
        {"Drone"},
    ),
    "heat map": (
        lambda: charts.heat_map([role("Cameras", "Detection", 70)], "Title"),
        {"Cameras", "Detection"},
    ),
    "fieldwork": (
        lambda: charts.fieldwork_chart(
            [CurvePoint(dt.date(2026, 5, 1), 2, 2), CurvePoint(dt.date(2026, 5, 20), 3, 5)],
            10,
            "Title",
        ),
        {"population"},
    ),
}


@pytest.mark.parametrize("name", SLIDE_CHARTS)
def test_legends_and_ticks_are_legible_on_a_slide(name):
    draw, legend_and_ticks = SLIDE_CHARTS[name]
    sizes = svg_text_sizes(draw())
    assert {text for text, _size in sizes} >= legend_and_ticks
    assert all(size >= charts.TEXT_SIZE >= 11 for text, size in sizes if text in legend_and_ticks)
    assert min(size for _text, size in sizes) >= charts.NOTE_SIZE >= 10, sizes
    assert dict(sizes)["Title"] >= charts.TEXT_SIZE


def svg_boxes(svg: str) -> tuple[float, tuple[float, float], list[tuple[float, float]]]:
    """The SVG's height, the vertical extent of its plotting area and of each bar (points)."""
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own chart)
    ns = {"svg": "http://www.w3.org/2000/svg"}

    def extent(path) -> tuple[float, float]:
        ys = [float(y) for y in re.findall(r"[ML] [\d.]+ ([\d.]+)", path.get("d"))]
        return min(ys), max(ys)

    axes = root.find(".//svg:g[@id='axes_1']", ns)
    area = extent(axes.find("svg:g[@id='patch_2']/svg:path", ns))
    bars = [
        extent(path)
        for path in axes.findall("svg:g/svg:path", ns)
        if re.search(r"fill: #(9ecae1|08519c)", path.get("style", ""))
    ]
    return float(root.get("viewBox").split()[3]), area, bars


def test_the_comparison_chart_has_no_blank_band():
    """The bars fill the plotting area and the plotting area fills the picture, however many
    technologies the panel has: no band of white above, below or inside."""
    for items in (6, 45):
        height, (top, bottom), bars = svg_boxes(
            charts.render(
                charts.comparison_chart(comparison(items), "2020", "2023", "T"), "svg"
            ).decode()
        )
        row = (bottom - top) / (items + 3)  # the rows: technologies and category headings
        assert bars and min(y for y, _ in bars) - top < 2 * row  # a heading row, then bars
        assert bottom - max(y for _, y in bars) < row / 2
        assert top < 60  # the title above
        assert height - bottom < 80  # ticks, axis label and the note on the test below


def test_the_fieldwork_chart_writes_its_days_as_the_pages_do():
    day = dt.date(2026, 5, 1)
    points = [CurvePoint(day, 2, 2), CurvePoint(day + dt.timedelta(days=30), 3, 5)]
    with translation.override("nl"):
        texts = svg_texts(charts.fieldwork_chart(points, 10))
        days = {formats.date_format(day + dt.timedelta(days=n)) for n in range(31)}
    assert len(days & set(texts)) >= 3  # "1 mei 2026", as on the page beside the chart
    assert not [text for text in texts if re.fullmatch(r"\d{4}-\d\d(-\d\d)?", text)]
