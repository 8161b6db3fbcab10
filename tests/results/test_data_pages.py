import datetime as dt
import io

import openpyxl
import pyreadstat
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from results.data.imports import wide_layout
from results.models import ExportLog, PendingImport
from survey.models import Answer, Response
from tests import factories as f


@pytest.fixture
def module(db):
    module = f.questionnaire(items=2)
    f.ZoneFactory(code="1001")
    f.ZoneFactory(code="1002")
    response = f.SubmittedResponseFactory(zone=f.ZoneFactory(code="1003"), module=module)
    f.AnswerFactory(response=response, item=module.items.first(), code=4)
    return module


def url(name, module, **extra):
    return reverse(name, kwargs={"edition": module.edition.code, "module": module.kind, **extra})


def upload(client, module, text, name="r.csv", replace=False):
    data = {"file": SimpleUploadedFile(name, text.encode())}
    if replace:
        data["replace"] = "on"
    return client.post(url("results:data_import", module), data)


def csv_text(module, *rows):
    return "\n".join([",".join(["zone", *wide_layout(module).answer_columns]), *rows]) + "\n"


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("results:data", {}),
        ("results:data_codebook", {"edition": "E"}),
        ("results:data_codebook_download", {"edition": "E", "fmt": "csv"}),
        ("results:data_export", {"edition": "E", "module": "M"}),
        ("results:data_import", {"edition": "E", "module": "M"}),
    ],
)
def test_chiefs_and_visitors_get_404(client, chief_a, module, name, kwargs):
    kwargs = {k: {"E": module.edition.code, "M": module.kind}.get(v, v) for k, v in kwargs.items()}
    target = reverse(name, kwargs=kwargs)
    assert client.get(target + "?format=csv&language=nl").status_code == 404
    client.force_login(chief_a)
    assert client.get(target + "?format=csv&language=nl").status_code == 404
    assert not ExportLog.objects.exists()


def test_the_data_page_lists_modules_with_export_and_import(client, researcher, module):
    client.force_login(researcher)
    page = client.get(reverse("results:data"))
    assert page.status_code == 200
    assert url("results:data_export", module) in page.text
    assert url("results:data_import", module) in page.text


def test_csv_download_is_a_streamed_private_attachment_and_logged(client, researcher, module):
    client.force_login(researcher)
    response = client.get(url("results:data_export", module), {"format": "csv", "language": "en"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[1].startswith("1003,4,")
    entry = ExportLog.objects.get()
    assert (entry.user, entry.format, entry.rows) == (researcher, "csv", 1)


@pytest.mark.parametrize("fmt", ["xlsx", "sav", "dta", "long"])
def test_every_format_downloads(client, researcher, module, fmt, tmp_path):
    client.force_login(researcher)
    response = client.get(
        url("results:data_export", module), {"format": fmt, "language": "fr", "pseudonymise": "on"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "pseudonymised" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    if fmt == "long":
        assert content.decode().splitlines()[1].startswith("Z")
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        assert sheet["A2"].value.startswith("Z")
    if fmt == "sav":
        (tmp_path / "x.sav").write_bytes(content)
        frame, _meta = pyreadstat.read_sav(str(tmp_path / "x.sav"))
        assert frame["zone"].str.startswith("Z").all()
    assert ExportLog.objects.get().options["pseudonymise"] is True


def test_a_bad_export_request_goes_back_with_a_message(client, researcher, module):
    client.force_login(researcher)
    response = client.get(url("results:data_export", module), {"format": "pdf"})
    assert response.status_code == 302
    assert not ExportLog.objects.exists()


def test_codebook_page_and_downloads(client, researcher, module):
    client.force_login(researcher)
    item = wide_layout(module).items[0]
    page = client.get(reverse("results:data_codebook", kwargs={"edition": module.edition.code}))
    assert item.label_en in page.text and item.label_fr in page.text
    for fmt in ("csv", "xlsx"):
        response = client.get(
            reverse(
                "results:data_codebook_download",
                kwargs={"edition": module.edition.code, "fmt": fmt},
            )
        )
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
    assert ExportLog.objects.filter(format__startswith="codebook").count() == 2
    missing = reverse(
        "results:data_codebook_download", kwargs={"edition": module.edition.code, "fmt": "pdf"}
    )
    assert client.get(missing).status_code == 404


def test_upload_preview_confirm_imports(client, researcher, module):
    client.force_login(researcher)
    response = upload(client, module, csv_text(module, "1001,1,2", "1002,,0"))
    pending = PendingImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "results:data_import_preview", kwargs={"pending": pending.pk}
    )
    preview = client.get(response["Location"])
    assert "2 responses, 2 new and 0 replacing" in preview.text
    assert "<td>1001</td>" in preview.text
    assert not Response.objects.filter(zone__code="1001").exists()  # nothing written yet
    done = client.post(response["Location"])
    assert done.status_code == 302
    assert Response.objects.get(zone__code="1001").submitted_by == researcher
    assert Answer.objects.filter(response__zone__code="1002").count() == 1
    assert not PendingImport.objects.exists()
    assert "2 responses imported" in client.get(done["Location"]).text


def test_upload_with_errors_shows_the_report_and_cannot_be_confirmed(client, researcher, module):
    client.force_login(researcher)
    response = upload(client, module, csv_text(module, "7777,1,2", "1001,8,"))
    preview = client.get(response["Location"])
    assert "2 problems" in preview.text
    assert "7777" in preview.text and "unknown zone" in preview.text
    assert client.post(response["Location"]).status_code == 200
    assert not Response.objects.filter(zone__code="1001").exists()


def test_replacing_needs_the_replace_option(client, researcher, module):
    client.force_login(researcher)
    response = upload(client, module, csv_text(module, "1003,0,0"))
    assert "already has a response" in client.get(response["Location"]).text
    response = upload(client, module, csv_text(module, "1003,0,0"), replace=True)
    assert "1 replacing" in client.get(response["Location"]).text
    client.post(response["Location"])
    assert set(Answer.objects.values_list("code", flat=True)) == {0}


def test_only_the_uploader_may_confirm(client, researcher, module):
    client.force_login(researcher)
    target = upload(client, module, csv_text(module, "1001,1,2"))["Location"]
    client.force_login(f.ResearcherFactory())
    assert client.get(target).status_code == 404
    assert client.post(target).status_code == 404
    assert not Response.objects.filter(zone__code="1001").exists()


def test_stale_pending_imports_expire(client, researcher, module):
    client.force_login(researcher)
    target = upload(client, module, csv_text(module, "1001,1,2"))["Location"]
    PendingImport.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert client.post(target).status_code == 404
    upload(client, module, csv_text(module, "1002,1,2"))
    assert PendingImport.objects.count() == 1  # the stale one was cleared


def test_too_large_or_wrong_files_are_refused_clearly(client, researcher, module, monkeypatch):
    client.force_login(researcher)
    page = upload(client, module, "x", name="r.pdf")
    assert page.status_code == 200 and "Upload a .csv or .xlsx file" in page.text
    from survey.tabular import Limits

    monkeypatch.setattr("results.data.forms.upload_limits", lambda: Limits(max_bytes=10))
    page = upload(client, module, csv_text(module, "1001,1,2"))
    assert "the limit is 10" in page.text
    assert not PendingImport.objects.exists()


def test_upload_requires_csrf(researcher, module):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(researcher)
    assert upload(client, module, csv_text(module, "1001,1,2")).status_code == 403


def test_the_file_is_parsed_once_and_the_preview_and_confirmation_reuse_it(
    client, researcher, module, monkeypatch
):
    client.force_login(researcher)
    target = upload(client, module, csv_text(module, "1001,1,2"))["Location"]

    def parse_again(*args, **kwargs):
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr("results.data.pending_imports.parse_responses", parse_again)
    assert "1 responses, 1 new" in client.get(target).text
    assert "1 responses, 1 new" in client.get(target).text
    assert client.post(target).status_code == 302
    assert Response.objects.filter(zone__code="1001").exists()


def test_a_response_arriving_after_the_upload_is_not_overwritten(client, researcher, module):
    client.force_login(researcher)
    target = upload(client, module, csv_text(module, "1001,1,2"))["Location"]
    f.SubmittedResponseFactory(zone=f.ZoneFactory(code="1001"), module=module)
    page = client.post(target)
    assert page.status_code == 200
    assert "already has a response" in page.text
    assert PendingImport.objects.exists()


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, researcher, module, settings):
    settings.IMPORT_UPLOAD_MAX_MB = 1
    client.force_login(researcher)
    big = "x" * (2 * 2**20)
    for target in (url("results:data_import", module), reverse("results:zone_import")):
        page = client.post(target, {"file": SimpleUploadedFile("big.csv", big.encode())})
        assert page.status_code == 413
        assert "files up to 1.0" in page.text
    assert not PendingImport.objects.exists()
