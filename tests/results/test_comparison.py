import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from statsmodels.stats.contingency_tables import mcnemar

from results.statistics.comparison import compare, mcnemar_p_value
from results.statistics.results_json import results_json
from tests import factories as f
from tests.results.answering import respond


def test_it_compares_the_panel_item_by_item(editions):
    old, new = editions
    # drone pairs (before, after): 1 both yes, 3 newly available, 1 lost, 1 neither,
    # 1 don't know in 2023 (out of the base), 1 no answer in 2020 (out of the base)
    pairs = [(3, 4), (0, 2), (0, 5), (0, 1), (1, 0), (0, 0), (2, 9), (None, 3)]
    for before, after in pairs:
        zone = f.ZoneFactory()
        respond(old, zone, {"drone": before, "bodycam": 0})
        respond(new, zone, {"drone": after, "bodycam": 0, "x": 1})
    respond(new, f.ZoneFactory(), {"drone": 5})  # only in 2023: not in the panel
    zone = f.ZoneFactory()
    respond(old, zone, {"drone": 5})
    respond(new, zone, {"drone": 5}, submitted=False)  # not submitted in 2023: not in panel

    comparison = compare(new, old)

    assert comparison.with_edition == "2020"
    assert comparison.panel_zones == 8
    assert [i.code for i in comparison.items] == ["drone", "bodycam"]
    drone, bodycam = comparison.items
    assert (drone.base, drone.before, drone.after) == (6, 2, 4)
    assert drone.before_percent == Decimal("33.3")
    assert drone.after_percent == Decimal("66.7")
    table = [[1, 1], [3, 1]]
    assert drone.p_value == pytest.approx(mcnemar(table, exact=True).pvalue)
    assert drone.p_value == pytest.approx(0.625)  # 2 × P(X ≤ 1 | n=4, p=½) = 2 × 5/16
    assert (bodycam.base, bodycam.before, bodycam.after) == (8, 0, 0)
    assert bodycam.p_value == 1.0  # no discordant pair: nothing to test


def test_an_empty_panel_gives_no_test(editions):
    old, new = editions
    comparison = compare(new, old)
    assert comparison.panel_zones == 0
    assert all(
        i.base == 0 and i.p_value is None and i.before_percent is None for i in comparison.items
    )


def test_mcnemar_matches_statsmodels():
    assert mcnemar_p_value(10, 2, 9, 30) == pytest.approx(
        mcnemar([[10, 2], [9, 30]], exact=True).pvalue
    )
    assert mcnemar_p_value(0, 0, 0, 0) is None


def test_it_needs_a_fixed_number_of_queries(editions, django_assert_max_num_queries):
    old, new = editions
    for _ in range(2):
        for _ in range(5):
            zone = f.ZoneFactory()
            respond(old, zone, {"drone": 1, "bodycam": 0})
            respond(new, zone, {"drone": 1, "bodycam": 1})
        with django_assert_max_num_queries(8):
            compare(new, old)


def test_a_one_zone_panel_shows_no_p_value_but_says_why(client, researcher, editions):
    """One zone in both editions: McNemar's p is 1 whatever happened. The page warns and shows
    no p-value; the results JSON keeps the computed value, as it always has."""
    old, new = editions
    zone = f.ZoneFactory()
    respond(old, zone, {"drone": 0, "bodycam": 1})
    respond(new, zone, {"drone": 3, "bodycam": 1})
    client.force_login(researcher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("results:compare", args=["2023", "2020"]))

    html = page.content.decode()
    assert "Too small a panel for a test" in html
    p_cells = re.findall(r'<td class="text-end p-value">(.*?)</td>', html)
    assert p_cells == ["–", "–"]
    data = results_json("2023", compare_with="2020")
    assert [item["p_value"] for item in data["comparison"]["items"]] == [1.0, 1.0]


def test_a_panel_of_two_zones_is_tested_without_a_warning(client, researcher, editions):
    old, new = editions
    for before in (0, 1):
        zone = f.ZoneFactory()
        respond(old, zone, {"drone": before, "bodycam": 1})
        respond(new, zone, {"drone": 3, "bodycam": 1})
    client.force_login(researcher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("results:compare", args=["2023", "2020"])).content.decode()

    assert "Too small a panel" not in html
    assert re.findall(r'<td class="text-end p-value">(.*?)</td>', html) == ["1.000", "1.000"]
