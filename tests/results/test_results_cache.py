"""Figures and charts are computed once per data change and language, then served from the
cache; any change to the data behind them shows at once."""

import re

import pytest
from django.urls import reverse

from results.statistics import charts
from survey.answering import answers, history
from survey.data_version import data_version
from survey.models import Response
from tests import factories as f
from tests.results.answering import respond


@pytest.fixture
def module(db):
    module = f.questionnaire(edition=f.EditionFactory(code="2023"), items=2)
    for i in range(3):
        respond(module, f.ZoneFactory(), {item.technology.code: i for item in module.items.all()})
    return module


@pytest.fixture
def drawings(monkeypatch):
    """How many charts were rendered."""
    count = {"n": 0}
    render = charts.render

    def counting(figure, fmt):
        count["n"] += 1
        return render(figure, fmt)

    monkeypatch.setattr(charts, "render", counting)
    return count


def chart_url(fmt="svg"):
    return reverse("results:availability_chart", args=["2023", "general", fmt])


def test_a_chart_is_drawn_once_then_served_from_the_cache(client, researcher, module, drawings):
    client.force_login(researcher)
    first = client.get(chart_url()).content
    second = client.get(chart_url()).content

    assert first == second
    assert drawings["n"] == 1


def test_each_language_and_format_is_drawn_once(client, researcher, module, drawings):
    client.force_login(researcher)
    for language in ("en", "nl", "en", "nl"):
        client.get(chart_url(), headers={"accept-language": language})
    client.get(chart_url("png"))

    assert drawings["n"] == 3


def test_a_new_submitted_response_redraws_the_chart(client, researcher, module, drawings):
    client.force_login(researcher)
    client.get(chart_url())

    respond(module, f.ZoneFactory(), {item.technology.code: 5 for item in module.items.all()})
    client.get(chart_url())

    assert drawings["n"] == 2


def test_the_page_shows_a_reopened_response_at_once(client, researcher, module):
    client.force_login(researcher)
    url = reverse("results:availability", args=["2023", "general"])
    assert client.get(url).context["rows"][0].base == 3

    response = Response.objects.filter(module=module).first()
    history.response_reopen(response=response, by=researcher, reason="wrong zone")

    assert client.get(url).context["rows"][0].base == 2


def test_a_chiefs_autosave_on_a_draft_leaves_the_cache_alone(module, chief_a, zone_a):
    draft = f.ResponseFactory(module=module, zone=zone_a)
    version = data_version()
    item = module.items.first()

    answers.answers_save(response=draft, user=chief_a, changes={item: (None, 1)})

    assert data_version() == version


def test_a_zone_register_change_moves_the_version_on(module):
    version = data_version()
    zone = f.ZoneFactory()
    zone.staff += 10
    zone.save()

    assert data_version() != version


def test_a_release_that_changes_the_drawing_code_draws_again(
    client, researcher, module, drawings, monkeypatch
):
    """Charts are cached for days: a new look must not wait for the next data change."""
    from results.statistics import cache

    client.force_login(researcher)
    client.get(chart_url())
    monkeypatch.setattr(cache, "code_version", lambda: "next-release")
    client.get(chart_url())

    assert drawings["n"] == 2


def test_a_figure_is_read_with_the_data_version_in_one_cache_read_and_never_served_stale(
    db, monkeypatch
):
    """An entry is stored with the data version it was computed at, so one read (one query on
    the database cache) fetches both; after a change it is computed again, under the same key."""
    from results.statistics import cache
    from survey.data_version import data_changed

    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert cache.cached("figure", 1, compute=compute) == 1
    reads = _Counting(cache.cache)
    monkeypatch.setattr(cache, "cache", reads)
    assert cache.cached("figure", 1, compute=compute) == 1
    assert reads.calls == ["get_many"]
    data_changed()
    assert cache.cached("figure", 1, compute=compute) == 2
    assert cache.cached("figure", 1, compute=compute) == 2
    assert cache.cached("figure", 2, compute=compute) == 3


def test_a_template_change_renders_a_cached_block_again(client, researcher, module, monkeypatch):
    from results.statistics import cache

    client.force_login(researcher)
    url = reverse("results:availability", args=["2023", "general"])
    first = _without_csrf(client.get(url))
    monkeypatch.setattr(cache, "template_version", lambda: "next-release")
    writes = _Counting(cache.cache)
    monkeypatch.setattr(cache, "cache", writes)

    assert _without_csrf(client.get(url)) == first
    assert "set" in writes.calls  # rendered again and stored under the new templates' key


def _without_csrf(answer) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", answer.content.decode())


class _Counting:
    """The cache, noting which of its methods are called."""

    def __init__(self, cache):
        self._cache, self.calls = cache, []

    def __getattr__(self, name):
        method = getattr(self._cache, name)

        def call(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return call
