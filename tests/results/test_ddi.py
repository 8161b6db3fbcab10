"""DDI-Codebook 2.5 export: valid against the DDI Alliance's schema (offline, lxml) for both
reference editions, and read back into the same variables, labels, categories and missing
values as the codebook."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from results.data.codebook import LANGUAGES, module_variables
from results.data.exports.ddi import ddi_xml
from survey.models import Module

NS = {"ddi": "ddi:codebook:2_5"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = Path("standards") / "ddi-codebook-2.5" / "schemas" / "codebook.xsd"


def schema_path() -> Path:
    """The shared folder lies beside the clone in CI (`../shared`) and two levels up in a
    worktree; PTS_SHARED_DIR overrides both."""
    repo = Path(__file__).resolve().parents[2]
    candidates = [Path(os.environ["PTS_SHARED_DIR"])] if os.environ.get("PTS_SHARED_DIR") else []
    candidates += [parent / "shared" for parent in repo.parents]
    for shared in candidates:
        if (shared / SCHEMA).is_file():
            return shared / SCHEMA
    message = f"DDI schema not found: looked for shared/{SCHEMA} above {repo}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def ddi_schema():
    return etree.XMLSchema(etree.parse(str(schema_path())))


def read_back(document: bytes) -> list[dict]:
    """The variables as a data archive's reader would take them out of the file."""
    root = etree.fromstring(document)
    variables = []
    for var in root.iterfind("ddi:dataDscr/ddi:var", NS):
        variables.append(
            {
                "name": var.get("name"),
                "labels": {labl.get(LANG): labl.text for labl in var.iterfind("ddi:labl", NS)},
                "codes": [
                    (
                        int(category.findtext("ddi:catValu", namespaces=NS)),
                        {labl.get(LANG): labl.text for labl in category.iterfind("ddi:labl", NS)},
                        category.get("missing") == "Y",
                    )
                    for category in var.iterfind("ddi:catgry", NS)
                ],
                "invalid": [int(i.get("VALUE")) for i in var.iterfind("ddi:invalrng/ddi:item", NS)],
                "questions": {
                    q.get(LANG): q.text for q in var.iterfind("ddi:qstn/ddi:qstnLit", NS)
                },
            }
        )
    return variables


REFERENCE_MODULES = [("2020", "general"), ("2023", "general"), ("2023", "events")]


@pytest.mark.parametrize(("edition", "kind"), REFERENCE_MODULES)
def test_the_reference_modules_validate_and_read_back(reference, ddi_schema, edition, kind):
    module = Module.objects.get(edition__code=edition, kind=kind)
    document = ddi_xml(module)
    tree = etree.fromstring(document)
    assert ddi_schema.validate(tree), ddi_schema.error_log
    variables = module_variables(module, with_attributes=True)
    read = read_back(document)
    assert [v["name"] for v in read] == [v.short_name for v in variables]
    for variable, back in zip(variables, read, strict=True):
        assert back["labels"] == {language: variable.labels[language] for language in LANGUAGES}
        assert back["codes"] == [(c.code, c.labels, c.missing) for c in variable.codes]
        assert back["invalid"] == [c.code for c in variable.codes if c.missing]
    item = next(v for v in read if v["invalid"])
    assert item["invalid"] == [9]
    assert item["questions"]["nl"].startswith("Welke van onderstaande technologieën")
    assert item["questions"]["fr"].startswith("Parmi les technologies")
    if kind == "events":
        role = read[-2]
        assert role["name"].startswith("role__")
        assert role["questions"]["en"].startswith("To what extent does this category")
    title = tree.findtext("ddi:stdyDscr/ddi:citation/ddi:titlStmt/ddi:titl", namespaces=NS)
    assert edition in title


def test_the_command_writes_the_ddi_file(reference, ddi_schema, tmp_path):
    output = tmp_path / "ddi.xml"
    call_command(
        "export_responses",
        "--edition",
        "2023",
        "--module",
        "events",
        "--format",
        "ddi",
        "--output",
        str(output),
    )
    assert ddi_schema.validate(etree.parse(str(output)))


def test_the_codebook_page_links_each_modules_ddi_file(client, reference, researcher, chief_a):
    client.force_login(researcher)
    page = client.get(reverse("results:data_codebook", args=["2023"])).content.decode()
    link = reverse("results:data_ddi", args=["2023", "events"])
    assert link in page
    answer = client.get(link)
    assert answer["Content-Type"] == "application/xml"
    assert answer["Content-Disposition"] == 'attachment; filename="ddi_2023_events.xml"'
    assert b"ddi:codebook:2_5" in b"".join(answer.streaming_content)
    client.force_login(chief_a)
    assert client.get(link).status_code == 404
