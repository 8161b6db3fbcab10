import datetime as dt
from decimal import Decimal

from django.utils import timezone

from results.statistics.crosstabs import crosstabs
from results.statistics.fieldwork_curve import fieldwork_curve
from tests import factories as f


def test_crosstabs_count_available_over_base_per_group(db):
    module = f.questionnaire(items=1)
    item = module.items.get()
    for region, degurba, staff, code in [
        ("VL", 1, 600, 5), ("VL", 1, 80, 0), ("WA", 3, 80, 2), ("WA", 3, 90, 9), ("BR", 2, 300, 1),
    ]:  # fmt: skip
        response = f.SubmittedResponseFactory(
            module=module, zone=f.ZoneFactory(region=region, degurba=degurba, staff=staff)
        )
        f.AnswerFactory(response=response, item=item, code=code)

    by_size, by_degurba, by_region = crosstabs(module)

    assert [value for value, _ in by_size.groups] == ["<100", "100-249", "250-499", ">=500"]
    cells = [(c.available, c.base) for c in by_size.rows[0].cells]
    assert cells == [(1, 2), (0, 0), (1, 1), (1, 1)]  # don't know left out
    assert by_size.rows[0].cells[0].percent == Decimal("50.0")
    assert by_size.rows[0].cells[1].percent is None
    assert [(c.available, c.base) for c in by_degurba.rows[0].cells] == [(1, 2), (1, 1), (1, 1)]
    assert [v for v, _ in by_region.groups] == ["VL", "BR", "WA"]
    assert [(c.available, c.base) for c in by_region.rows[0].cells] == [(1, 2), (1, 1), (1, 1)]


def test_the_fieldwork_curve_is_cumulative_per_day(db):
    module = f.questionnaire(items=1)
    day = timezone.make_aware(dt.datetime(2023, 5, 2, 10))
    for offset in (0, 0, 2, 5, 5, 5):
        f.SubmittedResponseFactory(
            module=module, zone=f.ZoneFactory(), submitted_at=day + dt.timedelta(days=offset)
        )
    f.ResponseFactory(module=module, zone=f.ZoneFactory())  # in progress: not on the curve

    curve = fieldwork_curve(module)

    assert [(p.day, p.submitted, p.cumulative) for p in curve] == [
        (dt.date(2023, 5, 2), 2, 2),
        (dt.date(2023, 5, 4), 1, 3),
        (dt.date(2023, 5, 7), 3, 6),
    ]
    assert fieldwork_curve(f.questionnaire(items=1, edition=f.EditionFactory())) == []
