"""The edition's management page: each module's count of items or questions, read with the
modules in one query, so the page needs the same number of queries however many modules."""

import re

import pytest
from django.urls import reverse

from tests import factories as f


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


def counts(html) -> list[str]:
    return re.findall(r"\((\d+ (?:items|questions))\)", html)


@pytest.mark.parametrize("modules", [1, 4])
def test_the_module_counts_are_shown_with_a_fixed_number_of_queries(
    signed_in, django_assert_max_num_queries, modules
):
    edition = f.EditionFactory(code="2026", status="draft")
    f.EditionFactory(code="2025", status="open")
    f.deployment_questionnaire(edition=edition)
    for kind in ("events", "extra", "other")[: modules - 1]:
        f.questionnaire(edition=edition, kind=kind, items=2, categories=2)
    url = reverse("results:edition_manage", args=["2026"])
    signed_in.get(url)  # the session's refresh, once
    with django_assert_max_num_queries(7):
        html = signed_in.get(url).content.decode()
    assert counts(html) == ["3 items", "6 questions"] + ["2 items"] * (modules - 1)
    assert "Also open: " in html  # the other open edition, read for a draft
