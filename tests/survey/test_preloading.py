"""Dependent interviewing: earlier answers beside each item, confirmed per category."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from survey.answering.answers import item_key
from survey.answering.preloading import answer_origins
from survey.models import Answer, AnswerChange, Edition, Response
from tests import factories as f


@pytest.fixture
def panel(db):
    """2020 (closed) asks drone and bodycam; 2023 (open, preloading on) asks them in the same
    category, plus `lidar`, new in 2023, in that category too."""
    old = f.questionnaire(edition=f.EditionFactory(code="2020", status="closed"), items=0)
    new_edition = f.EditionFactory(code="2023", previous=old.edition, preload=True)
    new = f.questionnaire(edition=new_edition, items=0)
    old_cat = f.CategoryFactory(edition=old.edition, code="cameras")
    new_cat = f.CategoryFactory(edition=new_edition, code="cameras")
    items = {}
    for order, code in enumerate(["drone", "bodycam"]):
        tech = f.TechnologyFactory(code=code)
        f.ItemFactory(module=old, technology=tech, category=old_cat, order=order)
        items[code] = f.ItemFactory(module=new, technology=tech, category=new_cat, order=order)
    items["lidar"] = f.ItemFactory(
        module=new, technology=f.TechnologyFactory(code="lidar"), category=new_cat, order=5
    )
    return old, new, new_cat, items


def answered_before(module, zone, codes):
    response = f.SubmittedResponseFactory(module=module, zone=zone)
    for item in module.items.select_related("technology"):
        if item.technology.code in codes:
            f.AnswerFactory(response=response, item=item, code=codes[item.technology.code])
    return response


def page_url(zone, module, name="module_answer"):
    return reverse(name, args=[zone.code, module.edition.code, module.kind])


def stored(zone, module):
    return {
        a.item.technology.code: a.code
        for a in Answer.objects.filter(response__zone=zone, response__module=module)
    }


def test_an_unchanged_zone_sees_its_earlier_answers_and_nothing_is_filled_in(
    client, zone_a, chief_a, panel
):
    old, new, category, items = panel
    answered_before(old, zone_a, {"drone": 4, "bodycam": 0})
    client.force_login(chief_a)
    page = client.get(page_url(zone_a, new)).content.decode()
    assert "Your answer in 2020: use 4 en" in page
    assert "Your answer in 2020: use 0 en" in page
    assert f'id="earlier-{item_key(items["lidar"].pk)}"' not in page  # new in 2023
    assert "Still correct" in page
    assert not re.search(r'value="\d+"[^>]* checked', page)  # no answer chosen for them
    assert not Response.objects.filter(zone=zone_a, module=new).exists()


def test_still_correct_copies_a_category_as_confirmed_answers_of_this_edition(
    client, zone_a, chief_a, panel
):
    old, new, category, items = panel
    answered_before(old, zone_a, {"drone": 4, "bodycam": 0})
    client.force_login(chief_a)
    answer = client.post(page_url(zone_a, new), {"base": "{}", "confirm": str(category.pk)})
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"#cat-{category.pk}-heading")
    assert stored(zone_a, new) == {"drone": 4, "bodycam": 0}  # lidar is asked as usual
    changes = AnswerChange.objects.filter(response__zone=zone_a, response__module=new)
    assert {(c.item.technology.code, c.new_code, c.source, c.changed_by) for c in changes} == {
        ("drone", 4, "confirmed", chief_a),
        ("bodycam", 0, "confirmed", chief_a),
    }
    page = client.get(page_url(zone_a, new)).content.decode()
    assert page.count(">confirmed</span>") == 2
    assert "Still correct" not in page  # nothing left to copy
    response = Response.objects.get(zone=zone_a, module=new)
    assert answer_origins(new)[response.pk].confirmed == 2


def test_a_confirmation_keeps_answers_given_by_hand_and_the_form_posted_with_it(
    client, zone_a, chief_a, panel
):
    old, new, category, items = panel
    answered_before(old, zone_a, {"drone": 4, "bodycam": 0})
    client.force_login(chief_a)
    client.post(
        page_url(zone_a, new),
        {
            "base": "{}",
            item_key(items["bodycam"].pk): "2",
            item_key(items["lidar"].pk): "1",
            "confirm": str(category.pk),
        },
    )
    assert stored(zone_a, new) == {"drone": 4, "bodycam": 2, "lidar": 1}
    response = Response.objects.get(zone=zone_a, module=new)
    assert answer_origins(new)[response.pk].__dict__ == {"confirmed": 1, "changed": 1, "fresh": 1}


def test_changing_a_confirmed_answer_by_autosave_makes_it_a_change(client, zone_a, chief_a, panel):
    old, new, category, items = panel
    answered_before(old, zone_a, {"drone": 4, "bodycam": 0})
    client.force_login(chief_a)
    client.post(page_url(zone_a, new), {"base": "{}", "confirm": str(category.pk)})
    key = item_key(items["drone"].pk)
    saved = client.post(
        page_url(zone_a, new, "module_autosave"),
        json.dumps({"values": {key: "0"}, "base": {key: "4"}}),
        content_type="application/json",
    )
    assert saved.json()["saved"] == [key]
    response = Response.objects.get(zone=zone_a, module=new)
    assert answer_origins(new)[response.pk].__dict__ == {"confirmed": 1, "changed": 1, "fresh": 0}


def test_a_zone_that_did_not_answer_before_and_preloading_off_show_nothing(
    client, zone_a, chief_a, panel
):
    old, new, category, items = panel
    client.force_login(chief_a)
    assert "Your answer in" not in client.get(page_url(zone_a, new)).content.decode()
    answered_before(old, zone_a, {"drone": 4})
    Edition.objects.filter(pk=new.edition.pk).update(preload=False)
    page = client.get(page_url(zone_a, new)).content.decode()
    assert "Your answer in" not in page and "Still correct" not in page
    client.post(page_url(zone_a, new), {"base": "{}", "confirm": str(category.pk)})
    assert stored(zone_a, new) == {}


def test_a_chief_never_sees_another_zones_earlier_answers(client, zone_a, zone_b, chief_b, panel):
    old, new, category, items = panel
    answered_before(old, zone_a, {"drone": 4})
    client.force_login(chief_b)
    page = client.get(page_url(zone_b, new)).content.decode()
    assert "in 2020" not in page
    client.post(page_url(zone_b, new), {"base": "{}", "confirm": str(category.pk)})
    assert stored(zone_b, new) == {}


def test_a_renamed_zone_sees_and_confirms_its_predecessors_answers(client, zone_a, chief_a, panel):
    old, new, category, items = panel
    predecessor = f.ZoneFactory(code="1000", name_nl="Oude zone", successor=zone_a)
    answered_before(old, predecessor, {"drone": 5, "bodycam": 1})
    client.force_login(chief_a)
    page = client.get(page_url(zone_a, new)).content.decode()
    assert "1000 Oude zone in 2020: use 5 en" in page
    client.post(page_url(zone_a, new), {"base": "{}", "confirm": str(category.pk)})
    assert stored(zone_a, new) == {"drone": 5, "bodycam": 1}


def test_a_merged_zone_sees_its_predecessors_side_by_side_and_nothing_is_copied(
    client, zone_a, chief_a, panel
):
    old, new, category, items = panel
    first = f.ZoneFactory(code="1000", name_nl="Eerste", successor=zone_a)
    second = f.ZoneFactory(code="1002", name_nl="Tweede", successor=zone_a)
    answered_before(old, first, {"drone": 5})
    answered_before(old, second, {"drone": 0})
    client.force_login(chief_a)
    page = client.get(page_url(zone_a, new)).content.decode()
    assert "1000 Eerste in 2020: use 5 en · 1002 Tweede in 2020: use 0 en" in page
    assert "Still correct" not in page
    client.post(page_url(zone_a, new), {"base": "{}", "confirm": str(category.pk)})
    assert stored(zone_a, new) == {}


def test_a_merged_zone_with_only_one_predecessor_answering_still_copies_nothing(
    client, zone_a, chief_a, panel
):
    old, new, category, items = panel
    first = f.ZoneFactory(code="1000", successor=zone_a)
    f.ZoneFactory(code="1002", successor=zone_a)
    answered_before(old, first, {"drone": 5})
    client.force_login(chief_a)
    assert "Still correct" not in client.get(page_url(zone_a, new)).content.decode()


def test_researchers_switch_preloading_and_switching_off_keeps_answers(
    client, zone_a, chief_a, researcher, panel
):
    old, new, category, items = panel
    answered_before(old, zone_a, {"drone": 4, "bodycam": 0})
    client.force_login(chief_a)
    client.post(page_url(zone_a, new), {"base": "{}", "confirm": str(category.pk)})
    client.force_login(researcher)
    switch = reverse("results:edition_preload", args=[new.edition.code])
    client.post(switch, {"preload": "off"})
    new.edition.refresh_from_db()
    assert new.edition.preload is False
    assert stored(zone_a, new) == {"drone": 4, "bodycam": 0}
    page = client.get(reverse("results:edition_manage", args=[new.edition.code])).content.decode()
    assert "Show earlier answers" in page
    response = Response.objects.get(zone=zone_a, module=new)
    detail = client.get(reverse("results:response_detail", args=[response.pk])).content.decode()
    assert 'id="origins-confirmed">2<' in detail
    assert 'id="origins-fresh">0<' in detail


def test_preloading_cannot_be_switched_for_a_closed_edition_or_without_previous_edition(
    client, researcher, panel
):
    old, new, category, items = panel
    client.force_login(researcher)
    client.post(reverse("results:edition_preload", args=[old.edition.code]), {"preload": "on"})
    old.edition.refresh_from_db()
    assert old.edition.preload is False
    lonely = f.EditionFactory(code="2040", status="draft")
    client.post(reverse("results:edition_preload", args=[lonely.code]), {"preload": "on"})
    lonely.refresh_from_db()
    assert lonely.preload is False


def test_the_module_page_with_earlier_answers_has_a_fixed_number_of_queries(
    client, zone_a, chief_a, panel
):
    old, new, category, items = panel
    answered_before(old, zone_a, {"drone": 4, "bodycam": 0})
    client.force_login(chief_a)
    client.get(page_url(zone_a, new))
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(zone_a, new))
    for code in range(10):
        tech = f.TechnologyFactory(code=f"more_{code}")
        f.ItemFactory(module=old, technology=tech, category=old.items.first().category)
        f.ItemFactory(module=new, technology=tech, category=category)
    with CaptureQueriesContext(connection) as many:
        client.get(page_url(zone_a, new))
    assert len(many) == len(few)
