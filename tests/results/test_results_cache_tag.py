"""`{% results_cache %}`: the blocks of a page are read from the cache in one round trip, and
each still shows what it would show rendered afresh."""

import pytest
from django.core.cache import cache
from django.template import Context, Template

from survey.data_version import data_changed

pytestmark = pytest.mark.django_db

PAGE = Template(
    "{% load results_tags %}"
    "{% results_cache first x %}first {{ x }}{% endresults_cache %} | "
    "{% for y in ys %}{% results_cache looped y %}[{{ y }}]{% endresults_cache %}{% endfor %} | "
    "{% results_cache second x %}second {{ word }}{% endresults_cache %}"
)


@pytest.fixture
def reads(monkeypatch):
    calls = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or get_many(keys))
    return calls


def render(**values):
    return PAGE.render(Context({"x": 1, "ys": [1, 2], "word": "a", **values}))


def test_the_blocks_of_a_page_come_in_one_read_once_cached(reads):
    assert render() == "first 1 | [1][2] | second a"
    reads.clear()

    assert render(word="b") == "first 1 | [1][2] | second a"  # cached: the word is not a key

    # The blocks outside the loop in one read; each of the loop's blocks on its own.
    assert len(reads) == 3


def test_a_data_change_renders_every_block_afresh(reads):
    render()
    data_changed()

    assert render(word="b") == "first 1 | [1][2] | second b"
    assert render(x=2, word="c") == "first 2 | [1][2] | second c"
