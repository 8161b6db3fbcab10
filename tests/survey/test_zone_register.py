import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from survey.models import Zone
from survey.zones.register import parse_register, register_save
from tests.factories import EditionFactory, ZoneFactory

HEADER = "code,name_nl,name_fr,region,degurba,staff,language,valid_from,valid_to,successor\n"


def write(tmp_path, text, name="zones.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_it_imports_a_comma_separated_register(db, tmp_path):
    path = write(tmp_path, HEADER + "5999,Fictiefzone Noord,,VL,2,180,nl,2001-01-01,,\n")
    call_command("import_zones", str(path))
    zone = Zone.objects.get(code="5999")
    assert (zone.region, zone.degurba, zone.staff, zone.valid_to) == ("VL", 2, 180, None)


def test_it_reads_belgian_excels_semicolons_and_bom(db, tmp_path):
    text = (
        HEADER.replace(",", ";")
        + "5998;Fictiefzone Zuid;Zone fictive Sud;BR;1;950;fr;2001-01-01;;\n"
    )
    call_command("import_zones", str(write(tmp_path, text, encoding="utf-8-sig")))
    assert Zone.objects.get(code="5998").name_fr == "Zone fictive Sud"


def test_reimporting_updates_zones_by_code(db, tmp_path):
    call_command(
        "import_zones", str(write(tmp_path, HEADER + "5999,Noord,,VL,2,180,nl,2001-01-01,,\n"))
    )
    call_command(
        "import_zones", str(write(tmp_path, HEADER + "5999,Noord,,VL,2,210,nl,2001-01-01,,\n"))
    )
    assert Zone.objects.get(code="5999").staff == 210
    assert Zone.objects.count() == 1


def test_it_links_a_merged_zone_to_its_successor(db, tmp_path):
    text = HEADER + (
        "5901,Oud A,,VL,3,60,nl,2001-01-01,2021-12-31,5903\n"
        "5902,Oud B,,VL,3,70,nl,2001-01-01,2021-12-31,5903\n"
        "5903,Nieuw AB,,VL,3,130,nl,2022-01-01,,\n"
    )
    call_command("import_zones", str(write(tmp_path, text)))
    assert set(Zone.objects.get(code="5903").predecessors.values_list("code", flat=True)) == {
        "5901",
        "5902",
    }


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("5999,X,,XX,2,180,nl,2001-01-01,,", "region"),
        ("5999,X,,VL,4,180,nl,2001-01-01,,", "degurba"),
        ("5999,X,,VL,0,180,nl,2001-01-01,,", "degurba"),
        ("5999,X,,VL,2,180,nl,01/01/2001,,", "valid_from"),
        ("5999,X,,VL,2,180,nl,2001-01-01,2000-01-01,", "valid_to"),
        ("5999,X,,VL,2,180,nl,2001-01-01,2022-13-01,", "valid_to"),
        ("5999,X,,VL,2,180,nl,2001-01-01,2021-12-31,1234", "successor"),
        ("599,X,,VL,2,180,nl,2001-01-01,,", "code"),
        ("5999,X,,VL,2,many,nl,2001-01-01,,", "staff"),
        ("5999,X,,VL,2,180,es,2001-01-01,,", "language"),
    ],
)
def test_each_bad_row_is_reported_with_row_and_column_and_nothing_is_written(
    db, tmp_path, row, column
):
    path = write(tmp_path, HEADER + "5000,Goed,,VL,1,500,nl,2001-01-01,,\n" + row + "\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_zones", str(path))
    parsed = parse_register(path.read_bytes())
    assert [(e.row, e.column) for e in parsed.errors] == [(3, column)]
    assert Zone.objects.count() == 0


def test_duplicate_codes_are_reported_on_the_second_row(db):
    raw = (HEADER + "5999,A,,VL,2,1,nl,2001-01-01,,\n5999,B,,VL,2,1,nl,2001-01-01,,\n").encode()
    errors = parse_register(raw).errors
    assert [(e.row, e.column) for e in errors] == [(3, "code")]
    assert "row 2" in errors[0].message


def test_all_errors_of_a_file_are_reported_together(db):
    raw = (HEADER + "5999,A,,XX,7,1,nl,2001-01-01,,\n5998,B,,VL,2,1,nl,yesterday,,\n").encode()
    assert {(e.row, e.column) for e in parse_register(raw).errors} == {
        (2, "region"),
        (2, "degurba"),
        (3, "valid_from"),
    }


def test_a_missing_column_is_reported(db):
    errors = parse_register(b"code,name_nl,region\n5999,A,VL\n").errors
    assert {e.column for e in errors} >= {"degurba", "staff", "language", "valid_from"}


def test_a_successor_may_be_an_existing_zone(db):
    ZoneFactory(code="5903")
    parsed = parse_register((HEADER + "5901,Oud,,VL,3,60,nl,2001-01-01,2021-12-31,5903\n").encode())
    assert parsed.errors == []
    register_save(parsed=parsed)
    assert Zone.objects.get(code="5901").successor.code == "5903"


def test_an_unreadable_file_gets_a_clear_message(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_zones", str(tmp_path / "missing.csv"))


class TestPopulation:
    def test_it_counts_zones_existing_during_fieldwork_in_the_editions_regions(self, db):
        edition = EditionFactory(
            fieldwork_start=dt.date(2023, 5, 1),
            fieldwork_end=dt.date(2023, 6, 30),
            regions=["VL", "BR"],
        )
        ZoneFactory(code="1111", region="VL")
        ZoneFactory(code="1112", region="BR")
        ZoneFactory(code="1113", region="WA")  # outside the edition's regions
        ZoneFactory(code="1114", region="VL", valid_to=dt.date(2021, 12, 31))  # merged away before
        ZoneFactory(code="1115", region="VL", valid_from=dt.date(2024, 1, 1))  # created after
        ZoneFactory(
            code="1116", region="VL", valid_to=dt.date(2023, 5, 15)
        )  # merged during fieldwork
        assert set(Zone.objects.population(edition).values_list("code", flat=True)) == {
            "1111",
            "1112",
            "1116",
        }

    def test_a_merger_between_editions_swaps_old_zones_for_the_new_one(self, db):
        e2020 = EditionFactory(
            code="2020", fieldwork_start=dt.date(2020, 11, 1), fieldwork_end=dt.date(2020, 12, 31)
        )
        e2023 = EditionFactory(code="2023")
        new = ZoneFactory(code="5903", valid_from=dt.date(2022, 1, 1))
        ZoneFactory(code="5901", valid_to=dt.date(2021, 12, 31), successor=new)
        ZoneFactory(code="5902", valid_to=dt.date(2021, 12, 31), successor=new)
        assert set(Zone.objects.population(e2020).values_list("code", flat=True)) == {
            "5901",
            "5902",
        }
        assert set(Zone.objects.population(e2023).values_list("code", flat=True)) == {"5903"}


GOOD_ROW = "5000,Goed,,VL,1,500,nl,2001-01-01,,\n"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("5999,X,,VL,2,²,nl,2001-01-01,,", "staff"),
        ("5999,X,,VL,2,٣٣,nl,2001-01-01,,", "staff"),
        ("5999,X,,VL,2,99999999999,nl,2001-01-01,,", "staff"),
        ("5999,X,,VL,2,-5,nl,2001-01-01,,", "staff"),
        ("5999," + "N" * 250 + ",,VL,2,180,nl,2001-01-01,,", "name_nl"),
        ("5999,,,VL,2,180,nl,2001-01-01,,", "name_nl"),
        ("٥٩٩٩,X,,VL,2,180,nl,2001-01-01,,", "code"),
        ("５９９９,X,,VL,2,180,nl,2001-01-01,,", "code"),
        ("5999,X,,VL,²,180,nl,2001-01-01,,", "degurba"),
        ("5999,X,,VL,2,180,nl,0001-01-01,,", "valid_from"),
        ("5999,X,,VL,2,180,nl,2001-01-01,2999-12-31,", "valid_to"),
    ],
)
def test_hostile_values_are_row_and_column_errors_not_crashes(db, tmp_path, row, column):
    path = write(tmp_path, HEADER + GOOD_ROW + row + "\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_zones", str(path))
    errors = parse_register(path.read_bytes()).errors
    assert [(e.row, e.column) for e in errors] == [(3, column)]
    assert Zone.objects.count() == 0


def test_a_duplicated_header_is_refused_instead_of_the_last_column_winning(db):
    raw = (HEADER.strip() + ",staff\n" + GOOD_ROW.strip() + ",9\n").encode()
    errors = parse_register(raw).errors
    assert [(e.row, e.column, e.message) for e in errors] == [(1, "staff", "column appears twice")]


def test_successors_in_a_cycle_are_refused(db):
    raw = (
        HEADER
        + "5901,A,,VL,3,60,nl,2001-01-01,2021-12-31,5902\n"
        + "5902,B,,VL,3,60,nl,2001-01-01,2021-12-31,5903\n"
        + "5903,C,,VL,3,60,nl,2001-01-01,2021-12-31,5901\n"
        + "5904,D,,VL,3,60,nl,2001-01-01,2021-12-31,5901\n"
    ).encode()
    errors = parse_register(raw).errors
    assert [(e.row, e.column) for e in errors] == [
        (2, "successor"),
        (3, "successor"),
        (4, "successor"),
    ]
    assert "cycle" in errors[0].message


def test_a_cycle_through_a_zone_already_in_the_register_is_refused(db):
    ZoneFactory(code="5902", successor=ZoneFactory(code="5901"), valid_to=dt.date(2021, 12, 31))
    raw = (HEADER + "5901,A,,VL,3,60,nl,2001-01-01,2021-12-31,5902\n").encode()
    assert [(e.row, e.column) for e in parse_register(raw).errors] == [(2, "successor")]


def test_the_register_page_reports_hostile_rows_and_writes_nothing(client, researcher):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(researcher)
    text = HEADER + GOOD_ROW + "5999,X,,VL,2,99999999999,nl,0001-01-01,,\n"
    page = client.post(
        reverse("results:zone_import"),
        {"file": SimpleUploadedFile("zones.csv", text.encode(), "text/csv")},
    )
    assert page.status_code == 200
    assert "row 3, column staff" in page.text
    assert "row 3, column valid_from" in page.text
    assert Zone.objects.count() == 0


def test_the_zone_page_refuses_a_successor_cycle(client, researcher):
    from django.urls import reverse

    a = ZoneFactory(code="5901")
    ZoneFactory(code="5902", successor=a, valid_to=dt.date(2021, 12, 31))
    client.force_login(researcher)
    page = client.post(
        reverse("results:zone_edit", args=["5901"]),
        {"language": "nl", "valid_to": "2021-12-31", "successor": Zone.objects.get(code="5902").pk},
    )
    assert page.status_code == 200
    assert "cycle" in page.text
    assert Zone.objects.get(code="5901").successor is None
