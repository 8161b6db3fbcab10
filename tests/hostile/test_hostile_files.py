"""Every file of the hostile corpus, through both upload pages and both import commands: a
clear refusal or a correct import, never a 500 or a traceback."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from results.models import PendingImport
from survey.models import Response, Zone
from tests import factories as f
from tests.hostile import generate

SMALL = generate.committed()
LARGE = {fn.__name__: fn for fn in generate.LARGE}
# Files that are valid registers: they must import, not be refused.
VALID_REGISTERS = {
    "utf8_bom_semicolons.csv",
    "utf16_with_bom.csv",
    "windows_1252.csv",
    "valid.xlsx",
    "prefixed_namespace.xlsx",
    "control_characters.csv",
}
# Valid registers without a single zone: imported, and nothing changes.
EMPTY_REGISTERS = {"header_only.csv", "macro.xlsx"}


@pytest.fixture(scope="module")
def large_files(tmp_path_factory):
    """Built once per run (the bombs take a few seconds), written to a temporary folder."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for key, build in LARGE.items():
        name, content = build()
        (folder / name).write_bytes(content)
        files[key] = folder / name
    return files


@pytest.fixture
def module(db):
    module = f.questionnaire(items=2)
    f.ZoneFactory(code="1001")
    return module


def _corpus_file(name, tmp_path, large_files):
    if name in LARGE:
        return large_files[name]
    path = tmp_path / name
    path.write_bytes(SMALL[name])
    return path


ALL = sorted(SMALL) + sorted(LARGE)


@pytest.mark.parametrize("name", ALL)
def test_the_register_page_refuses_or_imports(client, researcher, name, tmp_path, large_files):
    path = _corpus_file(name, tmp_path, large_files)
    client.force_login(researcher)
    page = client.post(
        reverse("results:zone_import"), {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    if name in VALID_REGISTERS | EMPTY_REGISTERS:
        assert page.status_code == 302, name
        assert Zone.objects.filter(code="5999").exists() == (name in VALID_REGISTERS)
    else:
        assert page.status_code in (200, 413), name
        assert page.status_code == 413 or any(
            text in page.text for text in ("nothing was imported", "The submitted file is empty")
        ), name
        assert "Traceback" not in page.text
        assert not Zone.objects.exists()


@pytest.mark.parametrize("name", ALL)
def test_the_response_upload_refuses_with_a_report(
    client, researcher, module, name, tmp_path, large_files
):
    path = _corpus_file(name, tmp_path, large_files)
    client.force_login(researcher)
    target = reverse(
        "results:data_import", kwargs={"edition": module.edition.code, "module": module.kind}
    )
    page = client.post(target, {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    if page.status_code == 302:
        page = client.get(page["Location"])
        assert page.status_code == 200
        assert "Nothing was imported" in page.text, name  # none of them is a response file
    else:
        assert page.status_code in (200, 413), name
    assert "Traceback" not in page.text
    assert not Response.objects.exists()


@pytest.mark.parametrize("name", ALL)
def test_import_zones_refuses_or_imports(db, name, tmp_path, large_files):
    path = _corpus_file(name, tmp_path, large_files)
    if name in VALID_REGISTERS | EMPTY_REGISTERS:
        call_command("import_zones", str(path))
        assert Zone.objects.filter(code="5999").exists() == (name in VALID_REGISTERS)
    else:
        with pytest.raises(CommandError):
            call_command("import_zones", str(path))
        assert not Zone.objects.exists()


@pytest.mark.parametrize("name", ALL)
def test_import_responses_refuses(module, name, tmp_path, large_files):
    path = _corpus_file(name, tmp_path, large_files)
    with pytest.raises(CommandError):
        call_command(
            "import_responses",
            "--edition",
            module.edition.code,
            "--module",
            module.kind,
            str(path),
        )
    assert not PendingImport.objects.exists()
