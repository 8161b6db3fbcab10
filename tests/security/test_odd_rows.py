"""One odd stored row (written around the validation: an old import, a hand edit, a bug) must not
break the pages that list it; and the boundaries refuse such values in the first place."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from survey.models import Edition, Response
from tests import factories as f

YEAR_ONE = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def fieldwork(db, zone_a, chief_a):
    edition = f.EditionFactory(code="2026", status="open")
    module = f.questionnaire(edition=edition, items=2)
    response = Response.objects.create(
        zone=zone_a, module=module, status="submitted", submitted_at=timezone.now()
    )
    return edition, module, response


def test_a_response_submitted_in_year_one_breaks_no_page(client, researcher, fieldwork):
    edition, module, response = fieldwork
    Response.objects.filter(pk=response.pk).update(submitted_at=YEAR_ONE)
    client.force_login(researcher)
    pages = [
        reverse("results:fieldwork_dashboard", args=[edition.code]),
        reverse("results:fieldwork_csv", args=[edition.code]),
        reverse("results:fieldwork_chart", args=[edition.code, module.kind, "svg"]),
        reverse("results:response_detail", args=[response.pk]),
        reverse("results:overview", args=[edition.code]),
        reverse("results:index"),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("code", ["a/b", "<b>x</b>", "a b", ""])
def test_an_edition_with_an_unusable_code_breaks_no_listing(client, researcher, fieldwork, code):
    edition, _module, _response = fieldwork
    f.EditionFactory(code="2027", status="closed")
    Edition.objects.filter(pk=edition.pk).update(code=code)
    client.force_login(researcher)
    for name in ("results:index", "results:manage_index", "results:data", "results:reports"):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        assert "2027" in page.content.decode()


def test_the_edition_copy_page_refuses_a_code_with_a_slash_or_markup(client, researcher, fieldwork):
    edition, _module, _response = fieldwork
    client.force_login(researcher)
    for code in ("a/b", "<b>", "2026 bis", "x" * 21):
        page = client.post(
            reverse("results:edition_copy", args=[edition.code]),
            {
                "code": code,
                "name_nl": "Kopie",
                "fieldwork_start": "2027-05-01",
                "fieldwork_end": "2027-06-30",
                "regions": ["VL"],
            },
        )
        assert page.status_code == 200
        assert "Use up to 20 letters, digits, hyphens or underscores" in page.content.decode()
    assert Edition.objects.count() == 1
    assert client.get(reverse("results:index")).status_code == 200


def test_the_copy_service_itself_refuses_an_unusable_code(fieldwork):
    from survey.questionnaire.editions import edition_copy

    edition, _module, _response = fieldwork
    with pytest.raises(ValidationError):
        edition_copy(
            source=edition,
            code="a/b",
            name_nl="x",
            fieldwork_start=dt.date(2027, 5, 1),
            fieldwork_end=dt.date(2027, 6, 1),
        )
    assert Edition.objects.count() == 1


@pytest.mark.parametrize("model", ["Technology", "Category", "Objective", "Scale", "Edition"])
def test_the_models_share_one_code_rule(model):
    from survey import codes, models

    cls = getattr(models, model)
    others = [field.name for field in cls._meta.fields if field.name != "code"]
    for bad in ("a/b", "<b>", "x y", "é", "2026/", ""):
        with pytest.raises(ValidationError):
            cls(code=bad).clean_fields(exclude=others)
        assert not (codes.is_code(bad) or codes.is_edition_code(bad))
    if model != "Edition":  # variable names: lower case, starting with a letter
        for bad in ("Drone", "2drone"):
            with pytest.raises(ValidationError):
                cls(code=bad).clean_fields(exclude=others)
    good = "2026" if model == "Edition" else "drone_2"
    cls(code=good).clean_fields(exclude=others)


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00", "1999-12-31T23:00:00+00:00", "2999-01-01T00:00:00"]
)
def test_the_import_command_refuses_an_implausible_submitted_at(tmp_path, capsys, zone_a, moment):
    from django.core.management import CommandError, call_command

    from results.data.imports import wide_layout

    module = f.questionnaire(items=1)
    columns = ["zone", *wide_layout(module).answer_columns, "submitted_at"]
    path = tmp_path / "responses.csv"
    path.write_text(",".join(columns) + f"\n{zone_a.code},1,{moment}\n")
    with pytest.raises(CommandError):
        call_command(
            "import_responses", "--edition", module.edition.code, "--module", module.kind, path
        )
    err = capsys.readouterr().err
    assert "row 2, column submitted_at: Give a moment between" in err
    assert not Response.objects.exists()


def test_the_upload_page_reports_an_implausible_submitted_at(client, researcher, zone_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from results.data.imports import wide_layout

    module = f.questionnaire(items=1)
    columns = ["zone", *wide_layout(module).answer_columns, "submitted_at"]
    content = (",".join(columns) + f"\n{zone_a.code},1,0001-01-01T00:00:00\n").encode()
    client.force_login(researcher)
    page = client.post(
        reverse("results:data_import", args=[module.edition.code, module.kind]),
        {"file": SimpleUploadedFile("r.csv", content, "text/csv")},
        follow=True,
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "submitted_at" in text and "Give a moment between" in text
    assert not Response.objects.exists()
