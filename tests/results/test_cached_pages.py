"""Researcher pages whose lists are computed once per data version and language and rendered once
(`{% cache %}` blocks): a fixed, small number of queries whatever the number of zones, the same
page as computed afresh, and any change behind the lists shown at once."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from results.models import ImplausibleRule
from results.reports import zone_report
from results.statistics import quality as quality_module
from results.statistics import views as statistics_views
from survey.answering.answers import ANY, answers_save
from survey.models import Response, Zone
from tests import factories as f

from .answering import respond

# The session with its user, module, the data version with the cached block in one read (the
# quality page: the module with its last save, the edition's rules; its three cached blocks in
# one cache read, which the tests' in-memory cache makes no query); the first request of a test
# also fills the caches.
QUESTIONS_QUERIES = 3
QUALITY_QUERIES = 3
# The session with its user, edition, zone, the report, its cached block (each read with the
# data version).
REPORT_QUERIES = 5


def calls(monkeypatch, owner, name) -> dict:
    """Counts the calls of `owner.name`."""
    count = {"n": 0}
    original = getattr(owner, name)

    def counting(*args, **kwargs):
        count["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return count


def page(client, url) -> str:
    """The page's HTML without its CSRF tokens (masked differently on every page)."""
    answer = client.get(url)
    assert answer.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", answer.content.decode())


# The questions page of a questions module.


@pytest.fixture
def deployment(db):
    general, module = f.deployment_questionnaire(edition=f.EditionFactory(code="2026"))
    return general, module


def questions_url():
    return reverse("results:questions", args=["2026", "deployment"])


def submit_zones(module, count, first=1000):
    for number in range(first, first + count):
        f.SubmittedResponseFactory(module=module, zone=f.ZoneFactory(code=str(number)))


@pytest.mark.parametrize("zones", [10, 100])
def test_the_questions_page_needs_a_fixed_number_of_queries(
    client, researcher, deployment, zones, django_assert_max_num_queries
):
    general, module = deployment
    submit_zones(module, zones)
    client.force_login(researcher)
    page(client, questions_url())
    with django_assert_max_num_queries(QUESTIONS_QUERIES):
        assert f"{zones} zones submitted this module" in page(client, questions_url())


def test_the_questions_page_is_computed_once_then_served_the_same(
    client, researcher, deployment, monkeypatch
):
    general, module = deployment
    submit_zones(module, 3)
    computed = calls(monkeypatch, statistics_views, "question_results")
    client.force_login(researcher)

    first = page(client, questions_url())
    second = page(client, questions_url())
    cache.clear()
    afresh = page(client, questions_url())

    assert first == second == afresh
    assert computed["n"] == 2  # the first request and the one after the cache was emptied


def test_the_questions_page_shows_a_new_submitted_response_at_once(client, researcher, deployment):
    general, module = deployment
    submit_zones(module, 3)
    client.force_login(researcher)
    assert "3 zones submitted this module" in page(client, questions_url())

    submit_zones(module, 1, first=2000)

    assert "4 zones submitted this module" in page(client, questions_url())


def test_the_questions_page_follows_the_language(client, researcher, deployment):
    general, module = deployment
    submit_zones(module, 3)
    client.force_login(researcher)
    english = client.get(questions_url(), headers={"accept-language": "en"}).content.decode()
    dutch = client.get(questions_url(), headers={"accept-language": "nl"}).content.decode()

    assert "zones submitted this module" in english
    assert "zones submitted this module" not in dutch


# The data-quality page of a grid module.


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


def quality_url():
    return reverse("results:quality", args=["2023", "general"])


def answer_zones(modules, count, first=9000):
    old, new = modules
    for number in range(first, first + count):
        zone = f.ZoneFactory(code=str(number))
        respond(old, zone, {"a": 5, "b": 0})
        respond(new, zone, {"a": 0, "b": 9, "c": 1})


@pytest.mark.parametrize("zones", [10, 100])
def test_the_quality_page_needs_a_fixed_number_of_queries(
    client, researcher, modules, zones, django_assert_max_num_queries
):
    answer_zones(modules, zones)
    client.force_login(researcher)
    page(client, quality_url())
    with django_assert_max_num_queries(QUALITY_QUERIES):
        assert "9000" in page(client, quality_url())


def test_the_quality_page_is_computed_once_then_served_the_same(
    client, researcher, modules, monkeypatch
):
    answer_zones(modules, 3)
    computed = calls(monkeypatch, quality_module, "quality")
    client.force_login(researcher)

    first = page(client, quality_url())
    second = page(client, quality_url())
    csv = client.get(reverse("results:quality_csv", args=["2023", "general", "zones"]))
    cache.clear()
    afresh = page(client, quality_url())

    assert csv.status_code == 200
    assert first == second == afresh
    assert computed["n"] == 2  # the first request and the one after the cache was emptied


def test_an_answer_being_typed_shows_in_the_timing_at_once(client, researcher, modules, zone_a):
    old, new = modules
    answer_zones(modules, 2)
    chief = f.UserFactory()
    f.MembershipFactory(zone=zone_a, user=chief)
    response = Response.objects.create(zone=zone_a, module=new)
    client.force_login(researcher)
    assert f'<th scope="row">{zone_a.code}</th>' not in page(client, quality_url())

    item = new.items.first()
    answers_save(response=response, user=chief, changes={item: (ANY, 1)})

    assert f'<th scope="row">{zone_a.code}</th>' in page(client, quality_url())


def test_a_new_rule_shows_in_the_implausible_changes_at_once(client, researcher, modules):
    old, new = modules
    answer_zones(modules, 1)
    client.force_login(researcher)
    assert "<td><code>b</code></td>" not in page(client, quality_url())  # b: 0 then, 9 now

    ImplausibleRule.objects.create(
        edition=new.edition, before=[0], after=[9], created_by=researcher
    )

    assert "<td><code>b</code></td>" in page(client, quality_url())


# A zone's feedback report: the researcher's preview and the zone's own page.


@pytest.fixture
def report_module(db):
    module = f.questionnaire(edition=f.EditionFactory(code="2023", status="closed"), items=0)
    for order, code in enumerate(("drone", "bodycam")):
        f.ItemFactory(module=module, technology=f.TechnologyFactory(code=code), order=order)
    return module


def report_zones(module, count, first=3000):
    for number in range(first, first + count):
        zone = f.ZoneFactory(code=str(number), region="VL")
        respond(module, zone, {"drone": number % 6, "bodycam": 0})


def preview_url(zone="3000"):
    return reverse("results:report_preview", args=["2023", zone])


@pytest.mark.parametrize("zones", [10, 100])
def test_the_report_preview_needs_a_fixed_number_of_queries(
    client, researcher, report_module, zones, django_assert_max_num_queries
):
    report_zones(report_module, zones)
    client.force_login(researcher)
    page(client, preview_url())
    with django_assert_max_num_queries(REPORT_QUERIES):
        assert "3000" in page(client, preview_url())


def test_the_report_is_computed_once_per_language_then_served_the_same(
    client, researcher, report_module, monkeypatch
):
    report_zones(report_module, 6)
    computed = calls(monkeypatch, zone_report, "_zone_report")
    client.force_login(researcher)

    first = page(client, preview_url() + "?language=nl")
    second = page(client, preview_url() + "?language=nl")
    french = page(client, preview_url() + "?language=fr")
    cache.clear()
    afresh = page(client, preview_url() + "?language=nl")

    assert first == second == afresh != french
    assert computed["n"] == 3  # Dutch, French, and Dutch again after the cache was emptied


def test_the_report_shows_a_change_to_the_zone_at_once(client, researcher, report_module):
    report_zones(report_module, 6)
    client.force_login(researcher)
    assert "Zones in Flanders" in page(client, preview_url() + "?language=en")

    zone = Zone.objects.get(code="3000")
    zone.region = "WA"
    zone.save()

    assert "Zones in Wallonia" in page(client, preview_url() + "?language=en")


# The statistics pages of an edition: their tables are rendered once per data version, language
# and parameters.


@pytest.fixture
def editions(db):
    """2020 (closed) and 2023 (its successor) with a general module, 2023 with an events module
    with a role matrix."""
    earlier = f.EditionFactory(code="2020", status="closed")
    later = f.EditionFactory(code="2023", previous=earlier)
    return {
        "2020": f.questionnaire(edition=earlier, items=2),
        "2023": f.questionnaire(edition=later, items=2),
        "events": f.questionnaire(edition=later, kind="events", items=2, objectives=2),
    }


def statistics_zones(editions, count, first=5000):
    for number in range(first, first + count):
        zone = f.ZoneFactory(code=str(number))
        for module in editions.values():
            respond(module, zone, {item.technology.code: number % 6 for item in module.items.all()})


STATISTICS_PAGES = {
    # page: (URL name, arguments, most queries once cached)
    # The session with its user, (edition or module), the page's one cached body read with the
    # data version.
    "index": ("results:index", [], 2),
    "overview": ("results:overview", ["2023"], 3),
    "availability": ("results:availability", ["2023", "general"], 3),
    "compare": ("results:compare", ["2023", "2020"], 4),
    "predictors": ("results:predictors", ["2023"], 3),
    "objectives": ("results:objectives", ["2023"], 3),
}


@pytest.mark.parametrize("zones", [10, 100])
@pytest.mark.parametrize("name", STATISTICS_PAGES)
def test_each_statistics_page_needs_a_fixed_number_of_queries(
    client, researcher, editions, name, zones, django_assert_max_num_queries
):
    url_name, args, most = STATISTICS_PAGES[name]
    statistics_zones(editions, zones)
    client.force_login(researcher)
    url = reverse(url_name, args=args)
    first = page(client, url)
    with django_assert_max_num_queries(most):
        assert page(client, url) == first


def test_the_availability_table_is_computed_once_per_filter(
    client, researcher, editions, monkeypatch
):
    statistics_zones(editions, 4)
    f.ZoneFactory(code="4999", region="WA")
    respond(editions["2023"], Zone.objects.get(code="4999"), {})
    computed = calls(monkeypatch, statistics_views, "availability")
    client.force_login(researcher)
    url = reverse("results:availability", args=["2023", "general"])

    everyone = page(client, url)
    assert page(client, url) == everyone
    in_wallonia = page(client, url + "?region=WA")
    assert page(client, url + "?region=WA") == in_wallonia

    assert computed["n"] == 2
    assert in_wallonia != everyone


@pytest.mark.parametrize(
    "name, query",
    [("availability", ""), ("availability", "?region=VL"), ("predictors", "?include_brussels=on")],
)
def test_a_statistics_page_shows_a_new_response_at_once_whatever_its_query(
    client, researcher, editions, name, query
):
    url_name, args, _ = STATISTICS_PAGES[name]
    statistics_zones(editions, 12)
    client.force_login(researcher)
    url = reverse(url_name, args=args) + query
    before = page(client, url)

    statistics_zones(editions, 3, first=6000)
    now = page(client, url)
    cache.clear()

    assert now != before
    assert now == page(client, url)  # the same page as computed afresh


def test_the_availability_form_keeps_each_query_s_choices(client, researcher, editions):
    statistics_zones(editions, 4)
    client.force_login(researcher)
    url = reverse("results:availability", args=["2023", "general"])

    assert '<option value="VL" selected>' not in page(client, url)
    flanders = page(client, url + "?region=VL")
    wallonia = page(client, url + "?region=WA")
    assert '<option value="VL" selected>' in flanders
    assert '<option value="WA" selected>' in wallonia
    assert "distribution.svg?region=WA" in page(client, url + "?region=WA")


def test_a_filter_with_errors_or_unknown_parameters_is_shown_as_asked(client, researcher, editions):
    statistics_zones(editions, 4)
    client.force_login(researcher)
    url = reverse("results:availability", args=["2023", "general"])

    wrong = page(client, url + "?region=XX")
    assert "is-invalid" in wrong
    assert "is-invalid" not in page(client, url + "?region=VL")
    assert "distribution.svg?region=VL&amp;utm=1" in page(client, url + "?region=VL&utm=1")
    assert page(client, url + "?region=XX") == wrong


def test_the_predictors_json_link_follows_the_brussels_choice(client, researcher, editions):
    statistics_zones(editions, 4)
    client.force_login(researcher)
    url = reverse("results:predictors", args=["2023"])

    assert "include_brussels=1" not in page(client, url)
    assert "?predictors=1&amp;include_brussels=1" in page(client, url + "?include_brussels=on")
    assert "include_brussels=1" not in page(client, url)


# The zone reports of an edition and the data page: their lists are rendered once per data
# version and language.


def reports_url():
    return reverse("results:reports_edition", args=["2023"])


@pytest.mark.parametrize("zones", [10, 100])
def test_the_reports_page_needs_a_fixed_number_of_queries(
    client, researcher, report_module, zones, django_assert_max_num_queries
):
    report_zones(report_module, zones)
    client.force_login(researcher)
    first = page(client, reports_url())
    # The session with its user, edition, the cached list of zones read with the data version.
    with django_assert_max_num_queries(3):
        assert page(client, reports_url()) == first
    assert f"{zones} zones submitted at least one part" in first


def test_the_reports_page_lists_a_new_submitted_zone_at_once(client, researcher, report_module):
    report_zones(report_module, 3)
    client.force_login(researcher)
    assert "3003" not in page(client, reports_url())

    report_zones(report_module, 1, first=3003)

    answer = page(client, reports_url())
    assert "4 zones submitted at least one part" in answer
    assert reverse("results:report_preview", args=["2023", "3003"]) in answer


def test_the_reports_page_keeps_its_release_buttons_current(client, researcher, report_module):
    report_zones(report_module, 3)
    client.force_login(researcher)
    assert "Release the reports" in page(client, reports_url())

    client.post(reverse("results:reports_release", args=["2023"]))

    assert "Withdraw the reports" in page(client, reports_url())


def test_the_data_page_needs_a_fixed_number_of_queries_and_shows_a_new_module_at_once(
    client, researcher, django_assert_max_num_queries
):
    general = f.questionnaire(edition=f.EditionFactory(code="2023"), items=2)
    client.force_login(researcher)
    url = reverse("results:data")
    first = page(client, url)
    # The session with its user, the cached page body read with the data version.
    with django_assert_max_num_queries(2):
        assert page(client, url) == first
    assert reverse("results:data_export", args=["2023", "events"]) not in first

    f.questionnaire(edition=general.edition, kind="events", items=1)

    assert reverse("results:data_export", args=["2023", "events"]) in page(client, url)


@pytest.mark.parametrize("items", [2, 40])
def test_the_codebook_page_needs_a_fixed_number_of_queries(
    client, researcher, items, django_assert_max_num_queries
):
    f.questionnaire(edition=f.EditionFactory(code="2023"), items=items)
    client.force_login(researcher)
    url = reverse("results:data_codebook", args=["2023"])
    first = page(client, url)
    with django_assert_max_num_queries(4):
        assert page(client, url) == first


def test_the_codebook_page_shows_a_changed_label_at_once(client, researcher):
    module = f.questionnaire(edition=f.EditionFactory(code="2023"), items=1)
    client.force_login(researcher)
    url = reverse("results:data_codebook", args=["2023"])
    page(client, url)

    item = module.items.get()
    item.label_en = "Renamed technology"
    item.save()

    assert "Renamed technology" in page(client, url)
