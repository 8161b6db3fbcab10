"""Tables of figures on the researcher pages, as a researcher reads them at 1280 and 390 px:
the objective roles with their distribution, and the crosstabs beside the predictors."""

import pytest
from django.urls import reverse

from survey.models import RoleAnswer
from tests import factories as f
from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 800}
OBJECTIVES = [
    "Preventie",
    "Informatiegaring en beeldvorming",
    "Beheer van mensenmassa's (crowd management)",
    "Handhaving van de openbare orde",
    "Opsporing",
    "Bewijslevering",
    "Communicatie met het publiek",
]
CATEGORIES = ["Camera's en gerelateerde technologieën", "Biometrische technologieën"]


def events_module(zones=70):
    """An events module with the seven objectives of the 2023 edition (their Dutch labels in
    every language) and two categories, every cell a distribution of two-digit counts."""
    module = f.questionnaire(kind="events", items=2, categories=2, objectives=7)
    for objective, label in zip(module.objectives.order_by("order"), OBJECTIVES, strict=True):
        objective.label_nl = objective.label_fr = objective.label_en = label
        objective.save()
    categories = list(module.role_categories())
    for category, label in zip(categories, CATEGORIES, strict=True):
        category.label_nl = category.label_fr = category.label_en = label
        category.save()
    answers = []
    for index in range(zones):
        response = f.SubmittedResponseFactory(module=module)
        for i, category in enumerate(categories):
            for j, objective in enumerate(module.objectives.all()):
                code = [0, 1, 2, 3, 4, 9][(index + i + j) % 6]
                answers.append(
                    RoleAnswer(response=response, category=category, objective=objective, code=code)
                )
    RoleAnswer.objects.bulk_create(answers)
    return module


LINES_OF_EACH_CELL = """table => [...table.querySelectorAll("tbody td")].map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
})"""


def test_the_distribution_of_each_objective_stays_on_one_line_at_1280(new_page, researcher):
    module = events_module()
    page = new_page(viewport=DESKTOP)
    sign_in(page, researcher.email)
    page.goto(reverse("results:objectives", args=[module.edition.code]))
    table = page.locator("main table").first
    assert table.get_by_role("row", name="Opsporing").first.is_visible()
    assert set(table.evaluate(LINES_OF_EACH_CELL)) == {1}  # no figure wraps
    box = table.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert box[0] <= box[1]  # the whole table in view, nothing to scroll
    headers = " | ".join(table.locator("thead th").all_inner_texts())
    assert "role 4" in headers and "role 9" in headers  # each code has its own column


def test_the_objectives_table_reads_on_a_phone(new_page, researcher):
    module = events_module(zones=12)
    page = new_page(viewport=PHONE)
    sign_in(page, researcher.email)
    page.goto(reverse("results:objectives", args=[module.edition.code]))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table = page.locator("main table").first
    assert set(table.evaluate(LINES_OF_EACH_CELL)) == {1}
    # The table scrolls in its own box; the labels of the rows and categories stay in view.
    table.evaluate("t => { t.parentElement.scrollLeft = t.parentElement.scrollWidth; }")
    for label in (OBJECTIVES[4], CATEGORIES[0]):
        cell = table.get_by_text(label, exact=True).first.bounding_box()
        assert 0 <= cell["x"] < PHONE["width"] / 2, (label, cell)


def test_each_crosstab_has_a_heading_above_it_and_header_cells(new_page, researcher):
    module = f.questionnaire(items=2)
    for staff in (50, 150, 300, 600):
        response = f.SubmittedResponseFactory(module=module, zone=f.ZoneFactory(staff=staff))
        for item in module.items.all():
            f.AnswerFactory(response=response, item=item, code=staff % 4)
    page = new_page(viewport=DESKTOP, language="en")
    sign_in(page, researcher.email)
    page.goto(reverse("results:predictors", args=[module.edition.code]))
    for title, dimension, groups in (
        ("By size class", "Size", 4),
        ("By degree of urbanisation", "Degree of urbanisation", 3),
        ("By region", "Region", 3),
    ):
        heading = page.get_by_role("heading", name=title, exact=True)
        table = page.get_by_role("table", name=title, exact=True)
        assert (
            heading.bounding_box()["y"] + heading.bounding_box()["height"]
            <= (table.bounding_box()["y"])
        )
        group = table.get_by_role("columnheader", name=dimension, exact=True)
        assert group.get_attribute("scope") == "colgroup"
        assert group.get_attribute("colspan") == str(groups)
        assert table.locator("thead th[scope=col]").count() == 1 + groups  # Technology + groups
        assert table.locator("tbody th[scope=row]").count() == 2  # one per technology
        assert table.locator("tbody td").count() == 2 * groups
