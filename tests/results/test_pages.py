import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories as f
from tests.results.answering import respond


@pytest.fixture
def data(editions):
    """The 2020/2023 general modules of conftest, a 2023 events module, and `n` answering zones."""
    old, new = editions
    events = f.questionnaire(edition=new.edition, kind="events", items=2, objectives=2)

    def grow(n):
        for i in range(n):
            zone = f.ZoneFactory(region="VL" if i % 2 else "WA", staff=50 + 40 * i)
            respond(old, zone, {"drone": i % 2, "bodycam": 1})
            respond(new, zone, {"drone": i % 3, "bodycam": 0, "x": 2})
            response = f.SubmittedResponseFactory(module=events, zone=zone)
            for category in events.role_categories():
                for objective in events.objectives.all():
                    f.RoleAnswerFactory(
                        response=response, category=category, objective=objective, code=i % 5
                    )

    grow(6)
    return grow


PAGES = [
    ("results:index", []),
    ("results:overview", ["2023"]),
    ("results:availability", ["2023", "general"]),
    ("results:availability", ["2023", "events"]),
    ("results:compare", ["2023", "2020"]),
    ("results:predictors", ["2023"]),
    ("results:objectives", ["2023"]),
]
CHARTS = [
    ("results:fieldwork_chart", ["2023", "general"]),
    ("results:availability_chart", ["2023", "general"]),
    ("results:compare_chart", ["2023", "2020"]),
    ("results:forest_chart", ["2023"]),
    ("results:heat_map_chart", ["2023"]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_researchers_see_every_page(client, researcher, data, name, args):
    client.force_login(researcher)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert b"style=" not in response.content and b"<script>" not in response.content


@pytest.mark.parametrize(("name", "args"), PAGES + [(n, [*a, "svg"]) for n, a in CHARTS])
def test_others_get_a_404(client, chief_a, data, name, args):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 404
    client.force_login(chief_a)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "args"), CHARTS)
@pytest.mark.parametrize(("fmt", "content_type", "magic"), [
    ("svg", "image/svg+xml", b"<?xml"), ("png", "image/png", b"\x89PNG"),
])  # fmt: skip
def test_charts_download_as_svg_and_png(
    client, researcher, data, name, args, fmt, content_type, magic
):
    client.force_login(researcher)
    response = client.get(reverse(name, args=[*args, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(magic)


def test_chart_labels_follow_the_language(client, researcher, data):
    client.force_login(researcher)
    url = reverse("results:availability_chart", args=["2023", "general", "svg"])
    english = client.get(url, headers={"accept-language": "en"}).content
    dutch = client.get(url, headers={"accept-language": "nl"}).content
    assert b"use 0 en" in english and b"use 0 nl" in dutch


def test_the_overview_shows_response_rates_with_a_decimal_comma(client, researcher, data):
    client.force_login(researcher)
    f.ZoneFactory(region="VL")  # in the population, not responding: 6 of 7
    page = client.get(reverse("results:overview", args=["2023"]), headers={"accept-language": "nl"})
    assert "6/7 (85,7%)" in page.content.decode()
    page = client.get(reverse("results:overview", args=["2023"]), headers={"accept-language": "en"})
    assert "6/7 (85.7%)" in page.content.decode()


def test_the_availability_page_filters(client, researcher, data):
    client.force_login(researcher)
    url = reverse("results:availability", args=["2023", "general"])
    page = client.get(url, {"region": "VL", "size_class": "100-249"})
    assert page.context["rows"][0].base == 1  # VL zones have 90, 170 and 250 staff
    assert client.get(url, {"region": "XX"}).status_code == 200  # bad filter: ignored


def test_unknown_editions_and_modules_are_404(client, researcher, data):
    client.force_login(researcher)
    assert client.get(reverse("results:overview", args=["1999"])).status_code == 404
    assert client.get(reverse("results:compare", args=["2023", "1999"])).status_code == 404
    assert client.get(reverse("results:objectives", args=["2020"])).status_code == 404
    assert client.get("/results/2023/other/availability/", follow=True).status_code == 404


def test_the_json_download_is_the_results_json(client, researcher, data):
    from results.statistics.results_json import results_json

    client.force_login(researcher)
    url = reverse("results:results_json", args=["2023", "general"])
    response = client.get(url, {"compare": "2020", "predictors": "1"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content) == results_json(
        "2023", compare_with="2020", with_predictors=True
    )
    assert client.get(url, {"compare": "1999"}).status_code == 404


@pytest.mark.parametrize(("name", "args"), PAGES + [(n, [*a, "svg"]) for n, a in CHARTS])
def test_pages_need_a_fixed_number_of_queries(
    client, researcher, data, name, args, django_assert_max_num_queries
):
    """Counted with the results computed afresh (tests/results/test_results_cache.py covers
    serving them from the cache)."""
    client.force_login(researcher)
    url = reverse(name, args=args)
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    data(20)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_every_statistics_view_is_for_researchers_only():
    from results.statistics.urls import urlpatterns

    assert {pattern.callback.access_rule for pattern in urlpatterns} == {"researcher"}
