"""URLs cannot collide: codes are checked against the words of the site's paths, module kinds come
from the model, and the statistics' old addresses redirect to the new ones."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve, reverse

from survey.codes import RESERVED_CODES
from survey.models import Module
from tests import factories as f


@pytest.mark.parametrize("word", sorted(RESERVED_CODES))
def test_a_reserved_word_is_refused_as_edition_code(db, word):
    edition = f.EditionFactory.build(code=word)
    with pytest.raises(ValidationError) as refused:
        edition.full_clean()
    assert "code" in refused.value.message_dict
    with pytest.raises(ValidationError):
        f.EditionFactory.build(code=word.upper()).full_clean()


@pytest.mark.parametrize("code", ["2026", "2026b", "pilot-2027", "e_1"])
def test_ordinary_edition_codes_are_accepted(db, code):
    f.EditionFactory.build(code=code).full_clean(validate_unique=False)


@pytest.mark.parametrize("code", ["", "-2026", "20 26", "2026/1", "x" * 21])
def test_codes_that_cannot_stand_in_a_path_are_refused(db, code):
    with pytest.raises(ValidationError):
        f.EditionFactory.build(code=code).full_clean(validate_unique=False)


def test_the_copy_page_refuses_a_reserved_code(client, researcher):
    f.questionnaire(edition=f.EditionFactory(code="2023"))
    client.force_login(researcher)
    page = client.post(
        reverse("results:edition_copy", args=["2023"]),
        {
            "code": "reports",
            "name_nl": "x",
            "fieldwork_start": "2026-05-01",
            "fieldwork_end": "2026-06-30",
            "regions": ["VL"],
        },
    )
    assert page.status_code == 200 and "cannot be an edition code" in page.content.decode()


def test_zone_reports_and_answering_never_take_each_others_paths():
    assert resolve("/zone/5001/reports/").url_name == "zone_reports"
    assert resolve("/zone/5001/reports/2023/").url_name == "zone_report"
    assert resolve("/zone/5001/2023/general/").url_name == "module_answer"
    assert resolve("/zone/5001/colleagues/").url_name == "zone_colleagues"
    with pytest.raises(Resolver404):
        resolve("/zone/5001/reports/general/print/")  # never the answering pages of `reports`


@pytest.mark.parametrize("kind", Module.Kind.values)
def test_every_module_kind_has_its_pages(kind):
    assert resolve(f"/results/editions/2023/{kind}/availability/").kwargs["module"] == kind
    assert resolve(f"/zone/5001/2023/{kind}/").url_name == "module_answer"
    assert kind not in RESERVED_CODES


def test_an_unknown_module_has_no_page(client, researcher):
    # Module codes are data (researchers add modules), so the converter takes any well-formed
    # code and the page answers 404 for one that does not exist.
    client.force_login(researcher)
    assert client.get("/results/editions/2023/other/availability/").status_code == 404


@pytest.mark.parametrize("area", ["manage", "data", "reports"])
def test_the_researcher_areas_are_never_taken_for_an_edition(area):
    assert resolve(f"/results/{area}/").url_name != "old_overview"


def test_the_old_statistics_addresses_redirect_permanently(client, researcher, chief_a):
    client.force_login(researcher)
    old = client.get("/results/2023/general/availability/?region=VL")
    assert old.status_code == 301
    assert old["Location"] == "/results/editions/2023/general/availability/?region=VL"
    assert reverse("results:availability", args=["2023", "general"]) in old["Location"]
    assert client.get("/results/2023/compare/2020/")["Location"] == (
        "/results/editions/2023/compare/2020/"
    )
    assert client.get("/results/2023/")["Location"] == "/results/editions/2023/"
    client.force_login(chief_a)
    assert client.get("/results/2023/general/availability/").status_code == 404
