from decimal import Decimal

import pytest

from results.statistics.availability import availability
from tests import factories as f


def answer_all(module, zones_codes):
    """zones_codes: list of (zone, [code or None per item]); submitted responses."""
    items = list(module.items.order_by("order"))
    for zone, codes in zones_codes:
        response = f.SubmittedResponseFactory(module=module, zone=zone)
        for item, code in zip(items, codes, strict=True):
            if code is not None:
                f.AnswerFactory(response=response, item=item, code=code)


def test_it_counts_available_over_the_valid_base_with_the_distribution(db):
    module = f.questionnaire(items=2)
    zones = [f.ZoneFactory() for _ in range(6)]
    answer_all(
        module,
        [
            (zones[0], [0, 5]),
            (zones[1], [1, 5]),
            (zones[2], [3, 0]),
            (zones[3], [9, 0]),  # don't know: not in the base
            (zones[4], [None, 2]),  # no answer: not in the base
            (zones[5], [0, 9]),
        ],
    )
    f.ResponseFactory(module=module, zone=f.ZoneFactory())  # in progress: ignored

    first, second = availability(module)

    assert (first.available, first.base, first.percent) == (2, 4, Decimal("50.0"))
    assert first.distribution == {
        "0": 2, "1": 1, "2": 0, "3": 1, "4": 0, "5": 0, "9": 1, "no_answer": 1,
    }  # fmt: skip
    assert (second.available, second.base, second.percent) == (3, 5, Decimal("60.0"))
    assert second.distribution["no_answer"] == 0
    assert first.code == module.items.order_by("order")[0].technology.code


def test_it_filters_by_region_degurba_and_size_class(db):
    module = f.questionnaire(items=1)
    big_city = f.ZoneFactory(region="VL", degurba=1, staff=600)
    small_rural = f.ZoneFactory(region="WA", degurba=3, staff=50)
    mid_town = f.ZoneFactory(region="VL", degurba=2, staff=150)
    answer_all(module, [(big_city, [5]), (small_rural, [0]), (mid_town, [2])])

    assert availability(module, region="VL")[0].available == 2
    assert availability(module, region="WA")[0].base == 1
    assert availability(module, degurba=1)[0].base == 1
    assert availability(module, degurba="3")[0].available == 0
    assert availability(module, size_class=">=500")[0].available == 1
    assert availability(module, size_class="<100")[0].percent == Decimal("0.0")
    assert availability(module, size_class="100-249")[0].base == 1
    assert availability(module, zones=[big_city, mid_town])[0].base == 2


def test_it_reports_not_available_for_an_empty_base(db):
    module = f.questionnaire(items=1)
    answer_all(module, [(f.ZoneFactory(), [9])])
    (item,) = availability(module)
    assert (item.available, item.base, item.percent) == (0, 0, None)
    assert item.distribution["9"] == 1


def test_a_module_without_responses_has_empty_rows(db):
    module = f.questionnaire(items=2)
    rows = availability(module)
    assert [r.base for r in rows] == [0, 0]
    assert rows[0].distribution["no_answer"] == 0


def test_rows_follow_the_questionnaire_grouped_by_category(db):
    module = f.questionnaire(items=4, categories=2)
    rows = availability(module)
    categories = [r.category for r in rows]
    assert categories == sorted(categories, key=categories.index)
    assert len(set(categories)) == 2


def test_it_needs_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    for size in (2, 12):
        module = f.questionnaire(items=size, edition=f.EditionFactory())
        answer_all(module, [(f.ZoneFactory(), [1] * size) for _ in range(size)])
        with django_assert_max_num_queries(4):
            availability(module, region="VL", size_class="100-249")


def test_counts_read_for_every_response_are_refused_for_a_narrowed_selection(db):
    """results_json hands availability the counts it read for the predictors; those are of
    every submitted response, so a region's table must count its own."""
    module = f.questionnaire(items=1)
    with pytest.raises(ValueError):
        availability(module, region="VL", counts={})
