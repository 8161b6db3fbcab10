"""The read API: its access rules, its bodies, its files and its conditional requests."""

import csv
import io
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.test import override_settings
from django.utils import timezone

from results.api.tokens import api_token_create, api_token_revoke
from results.models import ApiToken, ExportLog
from survey.models import Response, Zone
from tests import factories as f

UNAUTHORIZED = {"detail": "Unauthorized"}
ENDPOINTS = [
    ("/api/editions", "definitions"),
    ("/api/editions/2031/modules/general/questionnaire", "definitions"),
    ("/api/editions/2031/codebook", "definitions"),
    ("/api/editions/2031/modules/general/ddi.xml", "definitions"),
    ("/api/editions/2031/modules/general/responses", "responses"),
    ("/api/editions/2031/modules/general/responses.csv", "responses"),
    ("/api/editions/2031/results.json", "results"),
    ("/api/editions/2031/fieldwork", "results"),
]


@pytest.mark.parametrize(("path", "scope"), ENDPOINTS)
def test_every_endpoint_refuses_missing_unknown_expired_and_revoked_tokens_alike(
    api, survey_module, make_token, researcher, path, scope
):
    token = make_token()
    expired = make_token()
    ApiToken.objects.filter(prefix=expired.split("_")[1]).update(expires_at=timezone.now())
    revoked = make_token()
    api_token_revoke(token=ApiToken.objects.get(prefix=revoked.split("_")[1]), by=researcher)
    unknown = token[:-4] + "AAAA"
    for bad in (None, unknown, expired, revoked, "pts_nothing", f"Token {token}"):
        answer = api(path, bad) if bad != f"Token {token}" else api(path, HTTP_AUTHORIZATION=bad)
        assert answer.status_code == 401, (path, bad)
        assert answer.json() == UNAUTHORIZED
    assert api(path, token).status_code == 200


@pytest.mark.parametrize(("path", "scope"), ENDPOINTS)
def test_every_endpoint_needs_its_scope(api, survey_module, make_token, path, scope):
    others = [s for s in ("definitions", "responses", "results") if s != scope]
    answer = api(path, make_token(scopes=others))
    assert answer.status_code == 403
    assert scope in answer.json()["detail"]
    assert api(path, make_token(scopes=[scope])).status_code == 200


def test_a_session_is_not_enough(client, survey_module, researcher):
    client.force_login(researcher)
    assert client.get("/api/editions").status_code == 401


def test_tokens_of_accounts_that_became_zone_accounts_are_refused(
    api, survey_module, make_token, researcher, zone_a
):
    token = make_token()
    f.MembershipFactory(zone=zone_a, user=researcher)
    answer = api("/api/editions", token)
    assert answer.status_code == 401 and answer.json() == UNAUTHORIZED


def test_every_call_is_recorded_against_the_token_without_the_token(
    api, survey_module, make_token, caplog
):
    token = make_token()
    with caplog.at_level("INFO"):
        api("/api/editions", token)
        api("/api/editions/1999/codebook", token)
        api("/api/editions", "pts_abcdef12_wrong")
    entries = LogEntry.objects.filter(change_message__startswith="API ").order_by("pk")
    assert [e.change_message for e in entries] == [
        "API GET /api/editions → 200",
        "API GET /api/editions/1999/codebook → 404",
    ]
    assert entries[0].object_repr.startswith("script")
    assert token not in caplog.text and "wrong" not in caplog.text
    assert "status=401" in caplog.text
    assert ApiToken.objects.get().last_used_at is not None


@override_settings(API_RATE_LIMIT="3/m")
def test_calls_are_limited_per_token(api, survey_module, make_token):
    first, second = make_token(), make_token()
    assert [api("/api/editions", first).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert api("/api/editions", second).status_code == 200


def test_editions_and_questionnaire_carry_every_language(api, survey_module, make_token):
    token = make_token(scopes=["definitions"])
    editions = api("/api/editions", token).json()
    assert editions[0]["code"] == "2031"
    assert editions[0]["modules"] == [
        {
            "kind": "general",
            "title": {"nl": "Algemeen", "fr": "Général", "de": "Allgemein", "en": "General"},
        }
    ]
    body = api("/api/editions/2031/modules/general/questionnaire", token).json()
    assert body["question"]["de"].startswith("Welche")
    assert [point["code"] for point in body["scale"]] == [0, 1, 2, 3, 4, 5, 9]
    assert [point["missing"] for point in body["scale"]][-1] is True
    item = survey_module.items.order_by("order").first()
    assert body["items"][0]["code"] == item.technology.code
    assert body["items"][0]["labels"]["fr"] == item.label_fr
    assert api("/api/editions/2031/modules/events/questionnaire", token).status_code == 404


def test_the_codebook_is_the_codebook_pages(api, survey_module, make_token):
    body = api("/api/editions/2031/codebook", make_token()).json()
    assert [v["variable"] for v in body][0] == "zone"
    item = next(v for v in body if v["kind"] == "item")
    assert [c["code"] for c in item["codes"] if c["missing"]] == [9]


def content(answer) -> bytes:
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


def items(module):
    return [item.technology.code for item in module.items.order_by("order")]


def test_responses_as_wide_json_pages(api, survey_module, make_token):
    t1, t2, t3 = items(survey_module)
    token = make_token()
    path = "/api/editions/2031/modules/general/responses"
    first = api(path + "?page_size=2", token).json()
    assert (first["zones"], first["pages"], first["pseudonymised"]) == (3, 2, False)
    assert first["columns"] == ["zone", t1, t2, t3, "submitted_at"]
    assert [{k: r[k] for k in ("zone", t1, t2, t3)} for r in first["rows"]] == [
        {"zone": "1001", t1: 3, t2: 9, t3: None},
        {"zone": "2002", t1: 0, t2: 1, t3: 5},
    ]
    second = api(path + "?page_size=2&page=2", token).json()
    assert [r["zone"] for r in second["rows"]] == ["3003"]
    assert api(path + "?page_size=0", token).status_code == 400
    assert ExportLog.objects.filter(format="csv").count() == 2


def test_responses_as_long_json(api, survey_module, make_token):
    t1, t2, _t3 = items(survey_module)
    body = api("/api/editions/2031/modules/general/responses?layout=long", make_token()).json()
    assert body["columns"] == ["zone", "item", "code"]
    assert body["rows"][:2] == [
        {"zone": "1001", "item": t1, "code": 3},
        {"zone": "1001", "item": t2, "code": 9},
    ]
    assert len(body["rows"]) == 6


def test_a_pseudonymised_only_token_never_sees_zone_codes(api, survey_module, make_token):
    token = make_token(pseudonymised_only=True)
    path = "/api/editions/2031/modules/general/responses"
    body = api(path + "?pseudonymise=false&with_attributes=true", token).json()
    assert body["pseudonymised"] is True
    assert "name" not in body["columns"] and "staff" not in body["columns"]
    assert all(row["zone"].startswith("Z") for row in body["rows"])
    text = content(api(path + ".csv", token)).decode()
    assert "1001" not in text and "2002" not in text
    fieldwork = api("/api/editions/2031/fieldwork", token).json()
    assert fieldwork["personal_data"] is False
    assert {z["contact_email"] for z in fieldwork["zones"]} == {None}


def test_the_files_are_the_export_pages_files(api, client, survey_module, make_token, researcher):
    token = make_token()
    path = "/api/editions/2031/modules/general/responses"
    from_api = content(api(path + ".csv", token))
    client.force_login(researcher)
    page = client.get("/results/data/2031/general/export/", {"format": "csv", "language": "nl"})
    assert from_api == content(page)
    rows = list(csv.reader(io.StringIO(from_api.decode())))
    assert rows[0][0] == "zone" and len(rows) == 4
    long = api(path + ".long.csv", token)
    assert long["Content-Disposition"].endswith('_long.csv"')
    for fmt, magic in (("xlsx", b"PK"), ("sav", b"$FL2"), ("dta", b"<stata_dta>")):
        answer = api(f"{path}.{fmt}", token)
        assert answer.status_code == 200, fmt
        assert content(answer).startswith(magic), fmt
    assert api(path + ".exe", token).status_code in (404, 422)
    assert ExportLog.objects.filter(user__isnull=False).count() >= 5


def test_conditional_requests_download_nothing_when_nothing_changed(api, survey_module, make_token):
    token = make_token()
    for path in (
        "/api/editions/2031/modules/general/responses.csv",
        "/api/editions/2031/modules/general/responses?page=1",
    ):
        first = api(path, token)
        etag, modified = first["ETag"], first["Last-Modified"]
        assert first["Cache-Control"] == "private, no-cache"
        unchanged = api(path, token, HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304 and unchanged["ETag"] == etag
        assert not unchanged.content
        assert api(path, token, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        assert api(path, token, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    response = Response.objects.filter(zone__code="1001").get()
    Response.objects.filter(pk=response.pk).update(
        updated_at=timezone.now() + timezone.timedelta(seconds=5)
    )
    changed = api(path, token, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    reopened = Response.objects.filter(pk=response.pk)
    reopened.update(status=Response.Status.IN_PROGRESS)
    assert api(path, token, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_a_change_to_a_zone_in_the_register_is_downloaded_again(api, survey_module, make_token):
    """The file carries the zones' register columns: a region corrected in the register is a
    new version of it, also for a script that only sends If-Modified-Since."""
    token = make_token()
    path = "/api/editions/2031/modules/general/responses.csv"
    first = api(path, token)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert api(path, token, HTTP_IF_NONE_MATCH=etag).status_code == 304

    time.sleep(1.1)  # Last-Modified counts whole seconds
    zone = Zone.objects.get(code="1001")
    zone.degurba = 3 if zone.degurba != 3 else 2
    zone.save()
    changed = api(path, token, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert api(path, token, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_results_json_is_the_commands(api, survey_module, make_token):
    from results.statistics.results_json import results_json

    token = make_token(scopes=["results"])
    assert api("/api/editions/2031/results.json", token).json() == results_json("2031")
    answer = api("/api/editions/2031/results.json?compare=1999", token)
    assert answer.status_code == 404 and "1999" in answer.json()["detail"]
    assert api("/api/editions/2031/results.json?module=events", token).status_code == 404
    body = api("/api/editions/2031/results.json?predictors=true", token).json()
    assert "predictors" in body


def test_fieldwork_status_shows_contacts_only_with_the_responses_scope(
    api, survey_module, make_token
):
    without = api("/api/editions/2031/fieldwork", make_token(scopes=["results"])).json()
    zone_b = next(z for z in without["zones"] if z["zone"] == "2002")
    assert zone_b["status"] == "submitted"
    assert zone_b["contact_email"] is None and zone_b["contact_name"] is None
    assert without["personal_data"] is False
    full = api("/api/editions/2031/fieldwork", make_token()).json()
    zone_b = next(z for z in full["zones"] if z["zone"] == "2002")
    assert zone_b["contact_email"] == "chef.b@example.be"


def test_the_api_is_read_only(client, survey_module, make_token):
    token = make_token()
    answer = client.post(
        "/api/editions", HTTP_AUTHORIZATION=f"Bearer {token}", content_type="application/json"
    )
    assert answer.status_code == 405


def test_queries_do_not_grow_with_the_number_of_zones(
    api, survey_module, make_token, django_assert_max_num_queries
):
    token = make_token()
    path = "/api/editions/2031/modules/general/responses"
    module = survey_module
    for n in range(30):
        f.SubmittedResponseFactory(zone=f.ZoneFactory(code=f"{5000 + n}"), module=module)
    with django_assert_max_num_queries(20):
        assert api(path + "?page_size=100", token).status_code == 200
    with django_assert_max_num_queries(20):
        assert api(path + ".csv", token).status_code == 200
    with django_assert_max_num_queries(25):
        assert api("/api/editions/2031/fieldwork", token).status_code == 200


def test_the_token_never_reaches_an_error_report(rf, researcher):
    from django.views.debug import ExceptionReporter

    _row, token = api_token_create(user=researcher, name="x", scopes=["results"])
    request = rf.get("/api/editions", HTTP_AUTHORIZATION=f"Bearer {token}")
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        report = ExceptionReporter(request, type(error), error, error.__traceback__)
        assert token not in report.get_traceback_text()
        assert token not in report.get_traceback_html()


def test_administrators_read_a_tokens_calls_in_its_admin_history(
    api, client, survey_module, make_token, administrator, researcher
):
    token = make_token()
    api("/api/editions", token)
    row = ApiToken.objects.get()
    history = f"/admin/results/apitoken/{row.pk}/history/"
    client.force_login(administrator)
    page = client.get(history)
    assert page.status_code == 200
    assert "API GET /api/editions → 200" in page.content.decode()
    assert token not in page.content.decode()
    client.force_login(researcher)
    assert client.get(history).status_code in (302, 403, 404)
