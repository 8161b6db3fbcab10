"""The zone report: own answers beside comparable zones, with disclosure control (no HTTP)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results.reports.zone_report import MIN_OTHER_ZONES, has_report, zone_report, zones_with_report
from results.statistics.availability import availability
from results.statistics.objectives import objective_roles
from survey.models import Edition
from tests import factories as f
from tests.results.answering import respond

REGION, SIZE, DEGURBA = 0, 1, 2


def general_module(edition=None, codes=("drone", "bodycam")):
    """A general module with one technology per category, in the order given."""
    module = f.questionnaire(edition=edition or f.EditionFactory(code="2023"), items=0)
    for order, code in enumerate(codes):
        f.ItemFactory(
            module=module,
            technology=f.TechnologyFactory(code=code),
            category=f.CategoryFactory(edition=module.edition, code=f"cat_{code}", order=order),
            order=order,
        )
    return module


def zones(count, **attributes):
    return [f.ZoneFactory(**attributes) for _ in range(count)]


def rows(report, module_index=0):
    """item code → ItemRow of a report's module."""
    return {
        item.code: item
        for category in report.modules[module_index].categories
        for item in category.items
    }


@pytest.fixture
def compared(db):
    """A Flemish city zone of 150 staff beside 6 rural Flemish giants and 5 Walloon peers."""
    module = general_module()
    reader = f.ZoneFactory(code="1001", region="VL", degurba=1, staff=150)
    respond(module, reader, {"drone": 3, "bodycam": 0})
    for code in (1, 2, 0, 0, 0, 9):
        respond(module, f.ZoneFactory(region="VL", degurba=3, staff=600), {"drone": code})
    for zone in zones(5, region="WA", degurba=1, staff=150):
        respond(module, zone, {"drone": 0})
    return module, reader


def test_it_shows_the_zones_answer_beside_its_region_size_class_and_degurba(compared):
    module, reader = compared
    report = zone_report(reader, module.edition, language="nl")

    (section,) = report.modules
    assert [group.key for group in section.groups] == ["region", "size_class", "degurba"]
    assert [category.code for category in section.categories] == ["cat_drone", "cat_bodycam"]
    drone = rows(report)["drone"]
    assert (drone.answer, drone.answer_label, drone.has_it) == (3, "use 3 nl", True)
    region, size, degurba = drone.shares
    assert (region.available, region.base, region.text) == (3, 6, "3/6 (50,0%)")
    assert (size.available, size.base, size.percent) == (1, 6, Decimal("16.7"))
    assert degurba.text == "1/6 (16,7%)"
    bodycam = rows(report)["bodycam"]
    assert (bodycam.answer_label, bodycam.has_it) == ("use 0 nl", False)


def test_its_figures_are_the_researchers_availability(compared):
    module, reader = compared
    report = zone_report(reader, module.edition, language="nl")

    published = {row.code: row for row in availability(module, region="VL")}
    for code, row in rows(report).items():
        region = row.shares[REGION]
        if region.shown:
            assert (region.available, region.base, region.percent) == (
                published[code].available,
                published[code].base,
                published[code].percent,
            )


def test_it_writes_in_the_readers_language(compared):
    module, reader = compared
    report = zone_report(reader, module.edition, language="en")

    drone = rows(report)["drone"]
    assert drone.answer_label == "use 3 en"
    assert drone.shares[REGION].text == "3/6 (50.0%)"
    assert report.language == "en"


def brussels(others_codes, reader_code=2):
    """Brussels' 6 zones: the reader and 5 others answering `drone` with the codes given."""
    module = general_module(codes=("drone",))
    reader = f.ZoneFactory(code="2101", region="BR", degurba=1, staff=700)
    respond(module, reader, {"drone": reader_code})
    for code in others_codes:
        respond(module, f.ZoneFactory(region="BR", degurba=1, staff=700), {"drone": code})
    return zone_report(reader, module.edition, language="en")


def test_brussels_with_only_4_other_valid_answers_is_not_shown(db):
    report = brussels([1, 0, 0, 1, 9])  # the fifth other zone does not know

    share = rows(report)["drone"].shares[REGION]
    assert not share.shown
    assert share.text == "Not shown: fewer than 5 other zones answered"
    assert (share.available, share.base, share.percent) == (None, None, None)


def test_brussels_with_5_other_valid_answers_is_shown(db):
    report = brussels([1, 0, 0, 1, 0])

    share = rows(report)["drone"].shares[REGION]
    assert share.shown
    assert share.text == "3/6 (50.0%)"


def test_the_readers_own_dont_know_does_not_count_as_another_zone(db):
    shown = brussels([1, 0, 0, 1, 0], reader_code=9)
    assert rows(shown)["drone"].shares[REGION].text == "2/5 (40.0%)"


def test_the_smallest_size_class_is_withheld_below_5_other_zones(db):
    module = general_module(codes=("drone",))
    reader = f.ZoneFactory(region="VL", degurba=3, staff=40)
    respond(module, reader, {"drone": 1})
    for zone in zones(4, region="WA", degurba=2, staff=99):
        respond(module, zone, {"drone": 0})
    for zone in zones(10, region="VL", degurba=3, staff=100):  # the next class up
        respond(module, zone, {"drone": 4})

    withheld = rows(zone_report(reader, module.edition, language="en"))["drone"].shares
    assert not withheld[SIZE].shown
    assert withheld[REGION].shown and withheld[DEGURBA].shown

    respond(module, f.ZoneFactory(region="WA", degurba=2, staff=60), {"drone": 2})
    shown = rows(zone_report(reader, module.edition, language="en"))["drone"].shares
    assert shown[SIZE].text == "2/6 (33.3%)"


def test_no_figure_is_shown_for_an_item_nobody_else_answered(db):
    module = general_module(codes=("drone",))
    reader = f.ZoneFactory(region="VL")
    respond(module, reader, {})
    share = rows(zone_report(reader, module.edition, language="en"))["drone"]
    assert share.answer_label == "No answer"
    assert share.has_it is None
    assert not any(s.shown for s in share.shares)


def events_module(edition):
    module = f.questionnaire(edition=edition, kind="events", items=1, categories=1, objectives=2)
    return module, module.role_categories().get(), list(module.objectives.order_by("order"))


def test_it_sets_the_zones_objective_roles_beside_the_share_of_major_roles(db):
    module, category, (detection, evidence) = events_module(f.EditionFactory(code="2023"))
    reader = f.SubmittedResponseFactory(module=module, zone=f.ZoneFactory(code="1001"))
    f.RoleAnswerFactory(response=reader, category=category, objective=detection, code=3)
    for code in (4, 3, 0, 2, 1):
        other = f.SubmittedResponseFactory(module=module, zone=f.ZoneFactory())
        f.RoleAnswerFactory(response=other, category=category, objective=detection, code=code)
        if code != 1:  # only 4 other zones answer the evidence cell
            f.RoleAnswerFactory(response=other, category=category, objective=evidence, code=code)

    report = zone_report(reader.zone, module.edition, language="en")

    (roles,) = report.modules[0].roles
    assert roles.label == category.label_en
    detection_row, evidence_row = roles.rows
    assert (detection_row.answer, detection_row.answer_label) == (3, "role 3 en")
    assert detection_row.average.text == "3/6 (50.0%)"
    published = {(r.category, r.objective): r for r in objective_roles(module)}
    assert detection_row.average.percent == published[(category.code, detection.code)].percent
    assert evidence_row.answer_label == "No answer"
    assert not evidence_row.average.shown


def test_it_shows_the_zones_change_since_the_previous_edition(db):
    before = general_module(f.EditionFactory(code="2020"), codes=("drone", "bodycam", "fax"))
    after = general_module(f.EditionFactory(code="2023"), codes=("drone", "bodycam", "x", "fax"))
    Edition.objects.filter(pk=after.edition.pk).update(previous=before.edition)
    after.edition.refresh_from_db()
    reader = f.ZoneFactory(code="1001")
    respond(before, reader, {"drone": 0, "bodycam": 4, "fax": 2})
    respond(after, reader, {"drone": 3, "bodycam": 0, "x": 1, "fax": 9})

    change = zone_report(reader, after.edition, language="en").modules[0].change

    assert (change.edition_code, change.answered) == ("2020", True)
    by_code = {row.code: row for row in change.rows}
    assert list(by_code) == ["drone", "bodycam", "fax"]  # x was not asked in 2020
    drone, bodycam, fax = by_code.values()
    assert (drone.before_label, drone.after_label, drone.change) == (
        "use 0 en",
        "use 3 en",
        "gained",
    )
    assert (bodycam.before_has, bodycam.after_has, bodycam.change) == (True, False, "lost")
    assert (fax.after_has, fax.change) == (None, "unknown")


def test_it_says_so_when_the_zone_did_not_answer_the_previous_edition(db):
    before = general_module(f.EditionFactory(code="2020"))
    after = general_module(f.EditionFactory(code="2023", previous=before.edition))
    reader = f.ZoneFactory()
    respond(before, reader, {"drone": 1}, submitted=False)
    respond(after, reader, {"drone": 1})

    change = zone_report(reader, after.edition, language="en").modules[0].change
    assert (change.answered, change.rows, change.surveyed) == (False, (), True)


def test_it_tells_a_zone_outside_the_previous_editions_regions_that_it_was_not_surveyed(db):
    before = general_module(f.EditionFactory(code="2020", regions=["VL", "BR"]))
    after = general_module(f.EditionFactory(code="2023", previous=before.edition))
    reader = f.ZoneFactory(region="WA")
    respond(after, reader, {"drone": 1})

    change = zone_report(reader, after.edition, language="en").modules[0].change
    assert (change.answered, change.surveyed) == (False, False)


def test_a_first_edition_has_no_change_section(db):
    module = general_module()
    reader = f.ZoneFactory()
    respond(module, reader, {"drone": 1})
    assert zone_report(reader, module.edition, language="en").modules[0].change is None


def test_reports_exist_only_for_zones_that_submitted_and_only_for_submitted_parts(db):
    general = general_module()
    events, _category, _objectives = events_module(general.edition)
    reader, started, absent = f.ZoneFactory(), f.ZoneFactory(), f.ZoneFactory()
    respond(general, reader, {"drone": 1})
    respond(events, reader, {}, submitted=False)
    respond(general, started, {"drone": 1}, submitted=False)

    assert has_report(reader, general.edition)
    assert not has_report(started, general.edition)
    assert not has_report(absent, general.edition)
    assert list(zones_with_report(general.edition)) == [reader]
    report = zone_report(reader, general.edition, language="en")
    assert [module.kind for module in report.modules] == ["general"]
    assert report.min_other_zones == MIN_OTHER_ZONES == 5


def test_it_needs_a_number_of_queries_independent_of_the_questionnaires_size(db):
    counts = []
    for size in (1, 6):
        edition = f.EditionFactory()
        general = f.questionnaire(edition=edition, items=size, categories=size)
        events = f.questionnaire(
            edition=edition, kind="events", items=size, categories=size, objectives=size
        )
        reader = f.ZoneFactory()
        for module in (general, events):
            codes = module.items.values_list("technology__code", flat=True)
            respond(module, reader, dict.fromkeys(codes, 1))
        with CaptureQueriesContext(connection) as queries:
            zone_report(reader, edition, language="en")
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 45
