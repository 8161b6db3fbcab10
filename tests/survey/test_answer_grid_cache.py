"""The answer grid is built once per module, definition version, language and read-only state
and kept in memory; a change to the questionnaire is on the next page at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from survey.answering import sheet_definition
from survey.answering.answers import item_key
from survey.definition_version import definitions_changed
from survey.models import Edition, Response
from survey.questionnaire.drafting import ordered_move
from survey.questionnaire.editions import edition_copy
from tests import factories as f


@pytest.fixture
def general(db):
    return f.questionnaire(edition=f.EditionFactory(code="2026"), items=3, categories=2)


def page(client, zone, module, name="module_answer"):
    return client.get(reverse(name, args=[zone.code, module.edition.code, module.kind]))


def version(edition):
    return Edition.objects.values_list("definition_version", flat=True).get(pk=edition.pk)


@pytest.mark.parametrize(
    "change",
    [
        lambda m: f.ItemFactory(module=m, category=m.items.first().category),
        lambda m: m.items.first().save(),
        lambda m: m.items.first().delete(),
        lambda m: f.CategoryFactory(edition=m.edition),
        lambda m: m.scale.points.first().save(),
        lambda m: f.ObjectiveFactory(module=m),
        lambda m: m.save(),
        lambda m: f.TechnologyFactory(code="new_technology"),
        lambda m: definitions_changed(m.edition),
    ],
    ids=[
        "item added",
        "item saved",
        "item deleted",
        "category",
        "scale point",
        "objective",
        "module",
        "technology",
        "bulk write",
    ],
)
def test_every_change_to_the_questionnaire_draws_a_new_definition_version(general, change):
    before = version(general.edition)
    change(general)
    assert version(general.edition) != before


def test_a_change_to_one_edition_leaves_the_others_version_alone(general):
    other = f.questionnaire(edition=f.EditionFactory(code="2029"), items=1)
    technology = f.TechnologyFactory(code="new_technology")  # shared: every edition moves on
    before = version(other.edition)
    f.ItemFactory(module=general, category=general.items.first().category, technology=technology)
    assert version(other.edition) == before


def test_copying_an_edition_and_moving_an_item_draw_new_versions(general, researcher):
    copy = edition_copy(
        source=general.edition,
        code="2031",
        name_nl="Kopie",
        fieldwork_start=general.edition.fieldwork_start,
        fieldwork_end=general.edition.fieldwork_end,
    )
    before = version(copy)
    item = copy.modules.get(kind="general").items.order_by("order").last()
    ordered_move(obj=item, by=researcher, up=True)
    assert version(copy) != before


def test_a_changed_label_is_on_the_next_page_and_the_grid_is_kept_until_then(
    client, zone_a, chief_a, general
):
    client.force_login(chief_a)
    item = general.items.order_by("order").first()
    assert item.label_en in page(client, zone_a, general).content.decode()
    with CaptureQueriesContext(connection) as kept:
        page(client, zone_a, general)
    assert not any("survey_item" in q["sql"] for q in kept.captured_queries)

    item.label_en = "Licence plate cameras <ANPR>"
    item.save()
    shown = page(client, zone_a, general).content.decode()
    assert "Licence plate cameras &lt;ANPR&gt;" in shown
    assert f'id="id_{item_key(item.pk)}_0"' in shown


def test_another_process_loads_the_new_definition_when_it_sees_the_new_version(
    client, zone_a, chief_a, general
):
    client.force_login(chief_a)
    page(client, zone_a, general)
    item = general.items.order_by("order").first()
    # A bulk write in another process: no signal here, only the version on the edition moves.
    general.items.filter(pk=item.pk).update(label_en="Renamed elsewhere")
    definitions_changed(general.edition)
    assert "Renamed elsewhere" in page(client, zone_a, general).content.decode()


def test_each_language_and_the_read_only_grid_are_built_apart(client, zone_a, chief_a, general):
    client.force_login(chief_a)
    item = general.items.order_by("order").first()
    assert item.label_en in page(client, zone_a, general).content.decode()
    client.cookies["django_language"] = "fr"
    french = page(client, zone_a, general).content.decode()
    assert item.label_fr in french and item.label_en not in french

    f.SubmittedResponseFactory(zone=zone_a, module=general)
    read_only = page(client, zone_a, general).content.decode()
    assert item.label_fr in read_only
    assert 'name="clear"' not in read_only and " disabled>" in read_only


def test_the_checked_answers_are_the_zones_own(client, zone_a, chief_a, zone_b, chief_b, general):
    first, second, _third = general.items.order_by("order")
    for zone, item in ((zone_a, first), (zone_b, second)):
        response = Response.objects.create(zone=zone, module=general)
        f.AnswerFactory(response=response, item=item, code=4)
    checked = '_4" checked>'
    client.force_login(chief_a)
    shown_a = page(client, zone_a, general).content.decode()
    client.force_login(chief_b)
    shown_b = page(client, zone_b, general).content.decode()
    assert f"id_{item_key(first.pk)}{checked}" in shown_a
    assert f"id_{item_key(second.pk)}{checked}" not in shown_a
    assert f"id_{item_key(second.pk)}{checked}" in shown_b
    assert shown_a.count(" checked>") == shown_b.count(" checked>") == 1


def test_a_process_keeps_a_bounded_number_of_modules(general, monkeypatch):
    monkeypatch.setattr(sheet_definition, "KEPT", 2)
    sheet_definition.forget_all()
    events = f.questionnaire(edition=general.edition, kind="events", items=1)
    later = f.questionnaire(edition=f.EditionFactory(), items=1)
    for module in (general, events, later):
        module.refresh_from_db()
        sheet_definition.module_definition(module)
    kept = [key[1] for key in sheet_definition._kept]
    assert kept == [events.pk, later.pk]  # the least recently used one went
