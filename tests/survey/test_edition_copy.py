import datetime as dt

from survey.models import Edition, Item
from survey.questionnaire.editions import edition_copy


def test_a_copy_is_a_draft_with_the_same_questionnaire_and_technologies(reference):
    source = Edition.objects.get(code="2023")
    copy = edition_copy(
        source=source,
        code="2026",
        name_nl="Technologie 2026",
        fieldwork_start=dt.date(2026, 5, 1),
        fieldwork_end=dt.date(2026, 6, 30),
    )
    assert copy.status == Edition.Status.DRAFT
    assert copy.previous == source
    assert copy.regions == ["VL", "BR", "WA"]
    for kind, count in (("general", 64), ("events", 32)):
        items = Item.objects.filter(module__edition=copy, module__kind=kind)
        assert items.count() == count
        assert set(items.values_list("technology__code", flat=True)) == set(
            Item.objects.filter(module__edition=source, module__kind=kind).values_list(
                "technology__code", flat=True
            )
        )
    events = copy.modules.get(kind="events")
    assert events.objectives.count() == 7
    assert events.role_scale.edition == copy
    assert not Item.objects.filter(module__edition=copy).exclude(category__edition=copy).exists()


def test_changing_the_copy_leaves_the_source_untouched(reference):
    source = Edition.objects.get(code="2023")
    copy = edition_copy(
        source=source,
        code="2026",
        name_nl="2026",
        fieldwork_start=dt.date(2026, 5, 1),
        fieldwork_end=dt.date(2026, 6, 1),
    )
    Item.objects.filter(module__edition=copy, technology__code="drone").update(label_en="UAV")
    assert (
        Item.objects.get(
            module__edition=source, module__kind="general", technology__code="drone"
        ).label_en
        == "Drone"
    )
