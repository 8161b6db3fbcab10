"""One questionnaire order: by category (its place, then its code), then by the item's place in
it, wherever items are listed for people (answer sheet, figures, the query form)."""

from results.manage.queries import raise_form
from results.statistics.availability import availability
from survey.answering.forms import Sheet
from survey.models import Item
from tests import factories as f


def test_items_are_listed_by_category_then_by_their_place(db):
    module = f.ModuleFactory()
    cameras = f.CategoryFactory(edition=module.edition, code="cameras", order=1)
    apps = f.CategoryFactory(edition=module.edition, code="apps", order=1)  # same place: by code
    tools = f.CategoryFactory(edition=module.edition, code="tools", order=0)
    anpr = f.ItemFactory(module=module, category=cameras, order=1, technology__code="anpr")
    bodycam = f.ItemFactory(module=module, category=cameras, order=0, technology__code="bodycam")
    app = f.ItemFactory(module=module, category=apps, order=9, technology__code="app")
    drone = f.ItemFactory(module=module, category=tools, order=5, technology__code="drone")
    expected = [drone.pk, app.pk, bodycam.pk, anpr.pk]

    assert list(Item.objects.in_questionnaire_order().values_list("pk", flat=True)) == expected
    response = f.ResponseFactory(module=module)
    assert [item.pk for item in raise_form(response).items.values()] == expected
    assert [item.pk for item in Sheet.load(module, response).items] == expected
    assert [row.code for row in availability(module)] == ["drone", "app", "bodycam", "anpr"]
