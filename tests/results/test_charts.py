import pytest

from results.statistics import charts
from results.statistics.comparison import Comparison


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
