"""The edition's management page: each module's count of items or questions, read with the
modules in one query, so the page needs the same number of queries however many modules. The
definition history: rendered once, then following every entry, transition and name it shows."""

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


def test_the_definition_history_lists_what_belongs_to_the_edition_in_one_query(
    signed_in, researcher, django_assert_max_num_queries
):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    edition = f.EditionFactory(code="2026", status="draft")
    module = f.questionnaire(edition=edition, items=2, objectives=1)
    other = f.questionnaire(edition=f.EditionFactory(code="2025"), items=1, objectives=1)
    logged = [edition, module, module.items.first(), edition.categories.first()]
    logged += [module.objectives.first()]
    for name, obj in [("mine", o) for o in logged] + [
        ("other", o) for o in (other, other.items.first(), other.objectives.first(), other.edition)
    ]:
        LogEntry.objects.create(
            user=researcher,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=f"{name} {obj._meta.model_name}",
            action_flag=CHANGE,
        )
    url = reverse("results:definition_history", args=["2026"])
    signed_in.get(url)  # the session's refresh, once
    with django_assert_max_num_queries(6):
        html = signed_in.get(url).content.decode()
    shown = sorted(re.findall(r": (\w+ \w+)</td>", html))
    assert shown == ["mine category", "mine edition", "mine item", "mine module", "mine objective"]


def test_the_definition_history_is_rendered_once_then_follows_entries_transitions_and_names(
    signed_in,
):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from survey.questionnaire.lifecycle import edition_transition

    edition = f.EditionFactory(code="2026", status="draft")
    module = f.questionnaire(edition=edition, items=1)
    url = reverse("results:definition_history", args=["2026"])

    def shown() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            html = signed_in.get(url).content.decode()
        reads = sum('"django_admin_log"."id"' in q["sql"] for q in captured.captured_queries)
        return html[html.index("<tbody>") : html.index("</tbody>")], reads

    assert shown()[1] == 1
    table, reads = shown()
    assert "No changes recorded." in table and reads == 0

    author = f.ResearcherFactory(email="author@example.be", first_name="Jan", last_name="Claes")
    LogEntry.objects.create(  # as the admin writes it: no definition saved beside it
        user=author,
        content_type=ContentType.objects.get_for_model(module),
        object_id=str(module.pk),
        object_repr="Drones module",
        action_flag=CHANGE,
    )
    table, reads = shown()
    assert "Drones module" in table and "Jan Claes" in table and reads == 1

    other = f.ResearcherFactory(email="other@example.be", first_name="Els", last_name="Maes")
    edition_transition(edition=edition, to_status="open", by=other)
    assert "Els Maes" in shown()[0]

    other.first_name = "Elise"
    other.save()
    assert "Elise Maes" in shown()[0]

    author.delete()  # their log entries go with them
    assert "Drones module" not in shown()[0]


def test_a_closed_editions_item_table_is_cached_and_follows_the_definitions(signed_in):
    edition = f.EditionFactory(code="2023", status="closed")
    module = f.questionnaire(edition=edition, items=2, objectives=1)
    url = reverse("results:module_edit", args=["2023", module.kind])
    item = module.items.order_by("order").first()
    assert item.label_en in signed_in.get(url).content.decode()
    item.label_en = "Unmanned aerial vehicle"
    item.save()
    objective = module.objectives.first()
    objective.label_nl = "Openbare orde"
    objective.save()
    html = signed_in.get(url).content.decode()
    assert "Unmanned aerial vehicle" in html and "Openbare orde" in html
    assert html.count('name="csrfmiddlewaretoken"') == html.count('method="post"')


def test_a_drafts_item_rows_each_carry_the_requests_own_csrf_token(client, researcher):
    module = f.questionnaire(edition=f.EditionFactory(code="2026", status="draft"), items=3)
    url = reverse("results:module_edit", args=["2026", module.kind])
    tokens = []
    for user in (researcher, f.ResearcherFactory(email="other@example.be")):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert html.count('name="csrfmiddlewaretoken"') == html.count('method="post"') >= 4
        tokens.append(set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)))
    assert not tokens[0] & tokens[1]


def test_the_cached_status_form_follows_the_editions_status(signed_in, researcher):
    from survey.questionnaire import lifecycle

    edition = f.EditionFactory(code="2026", status="draft")
    f.questionnaire(edition=edition, items=1)
    url = reverse("results:edition_manage", args=["2026"])

    def choices():
        html = signed_in.get(url).content.decode()
        start = html.index('name="to_status"')
        form = html[start : html.index("</select>", start)]
        return re.findall(r'<option value="(\w+)"', form)

    assert choices() == lifecycle.next_statuses(edition)
    lifecycle.edition_transition(edition=edition, to_status="open", by=researcher)
    edition.refresh_from_db()
    assert choices() == lifecycle.next_statuses(edition) != ["open"]
