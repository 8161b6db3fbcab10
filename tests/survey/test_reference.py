from django.core.management import call_command

from survey.models import Category, Edition, Item, Module, Objective, ScalePoint, Technology, Zone


def items_of(edition, kind):
    return Item.objects.filter(module__edition__code=edition, module__kind=kind)


def test_it_loads_both_editions_with_the_briefs_item_counts(reference):
    assert items_of("2020", "general").count() == 43
    assert items_of("2023", "general").count() == 64
    assert items_of("2023", "events").count() == 32


def test_it_loads_the_objectives_and_a_role_matrix_over_the_event_categories(reference):
    events = Module.objects.get(edition__code="2023", kind="events")
    assert events.has_role_matrix
    assert list(events.objectives.values_list("code", flat=True)) == [
        "prevention",
        "information_gathering",
        "crowd_management",
        "public_order",
        "detection",
        "evidence",
        "public_communication",
    ]
    rows = list(events.role_categories().values_list("code", flat=True))
    assert rows[0] == "cameras" and "biometrics" in rows and "forensics" not in rows


def test_every_item_has_dutch_french_and_english_labels(reference):
    assert not Item.objects.filter(label_nl="").exists()
    assert not Item.objects.filter(label_fr="").exists()
    assert not Item.objects.filter(label_en="").exists()


def test_every_label_of_both_editions_is_written_in_german(reference):
    """The two German-speaking zones answer in German: no label may fall back to French."""
    labelled = {
        Item: "module__edition__code",
        Category: "edition__code",
        Objective: "module__edition__code",
        ScalePoint: "scale__edition__code",
    }
    for model, edition_path in labelled.items():
        for edition in ("2020", "2023"):
            rows = model.objects.filter(**{edition_path: edition})
            if model is Objective and edition == "2020":
                assert not rows.exists()  # 2020 had no objective matrix
                continue
            assert rows.exists(), (model, edition)
            assert not rows.filter(label_de="").exists(), (model, edition)
    assert not Technology.objects.filter(label_de="").exists()


def test_german_labels_are_the_reference_wording(reference):
    from django.utils import translation

    drone = Item.objects.get(
        module__edition__code="2023", module__kind="general", technology__code="drone"
    )
    assert drone.label_de == "Drohne"
    with translation.override("de"):
        assert drone.label == "Drohne"
    assert Category.objects.get(edition__code="2023", code="cameras").label_in("de") == (
        "Kameras und verwandte Technologien"
    )
    evidence = Objective.objects.get(module__edition__code="2023", code="evidence")
    assert evidence.label_in("de") == "Beweisführung"
    use = ScalePoint.objects.filter(scale__edition__code="2020", scale__code="use")
    assert use.get(code=1).label_de == "Verfügbar, nicht genutzt"
    assert use.get(code=9).label_de == "Weiß nicht"
    role = ScalePoint.objects.filter(scale__edition__code="2023", scale__code="role")
    assert role.get(code=0).label_de == "Keine Rolle"
    assert role.get(code=4).label_de == "Sehr große Rolle"


def test_german_falls_back_to_french_until_written(reference):
    from django.utils import translation

    item = Item.objects.get(
        module__edition__code="2023", module__kind="general", technology__code="drone"
    )
    item.label_de = ""
    with translation.override("de"):
        assert item.label == item.label_fr


def test_one_technology_is_shared_by_both_editions(reference):
    drone = Technology.objects.get(code="drone")
    assert set(drone.items.values_list("module__edition__code", flat=True)) == {"2020", "2023"}


def test_the_use_scale_says_which_codes_count_as_available_and_are_valid(reference):
    points = ScalePoint.objects.filter(scale__edition__code="2023", scale__code="use")
    assert set(points.filter(counts_as_available=True).values_list("code", flat=True)) == {
        1,
        2,
        3,
        4,
        5,
    }
    assert set(points.filter(is_valid=False).values_list("code", flat=True)) == {9}


def test_populations_regions_and_items_in_questionnaire_order(reference):
    general = Module.objects.get(edition__code="2023", kind="general")
    first = general.items.order_by("order").first()
    assert first.technology.code == "anpr_fixed"
    assert Edition.objects.get(code="2020").regions == ["VL", "BR"]


def test_a_second_run_changes_nothing_and_loads_no_zones(reference, capsys):
    counts = [
        model.objects.count() for model in (Edition, Module, Item, Category, Objective, ScalePoint)
    ]
    call_command("load_reference")
    assert "nothing changed" in capsys.readouterr().out
    assert [
        model.objects.count() for model in (Edition, Module, Item, Category, Objective, ScalePoint)
    ] == counts
    assert Zone.objects.count() == 0
    assert not Item.objects.filter(label_de="").exists()


def test_a_researchers_edit_to_a_closed_edition_is_kept(reference):
    item = Item.objects.get(module__edition__code="2020", technology__code="drone")
    item.label_en = "Unmanned aerial vehicle"
    item.save()
    call_command("load_reference")
    item.refresh_from_db()
    assert item.label_en == "Unmanned aerial vehicle"


def test_an_editions_name_is_shown_in_the_readers_language(reference):
    from django.utils import translation

    edition = Edition.objects.get(code="2023")
    with translation.override("de"):
        assert edition.name == "Technologie bei der belgischen lokalen Polizei 2023"
    with translation.override("fr"):
        assert edition.name == "La technologie dans la police locale belge 2023"
