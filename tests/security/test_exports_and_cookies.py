"""Formula starts in their fullwidth and small forms are as inert as the ASCII ones, in every
downloaded file; the language cookie is Secure in production."""

import csv
import io
import json
import subprocess
import sys

import pytest
from django.urls import reverse

from results.data.codebook import codebook
from results.data.exports import ExportOptions
from results.data.exports.table import export_table
from results.data.exports.text import codebook_csv, wide_csv
from results.data.spreadsheet_safety import neutralise
from tests import factories as f
from tests.security.test_deploy_settings import ROOT, production_env

LOOKALIKES = ["＝HYPERLINK(1)", "＋1＋1", "－2＋3", "＠SUM(A1)", "﹦1", "﹢1", "﹣1", "﹫x"]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_fullwidth_and_small_formula_starts_get_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Ｄemozone", "１００１", "Zone ＝ x", "é"])
def test_other_compatibility_forms_are_left_alone(text):
    assert neutralise(text) == text


def test_exports_and_the_fieldwork_csv_neutralise_fullwidth_formulas(client, researcher, db):
    module = f.questionnaire(items=1)
    item = module.items.get()
    item.label_en = "＝cmd|' /C calc'!A0"
    item.save()
    zone = f.ZoneFactory(code="1001", name_nl="＠SUM(1+1)", contact_email="x@example.be")
    f.AnswerFactory(
        response=f.SubmittedResponseFactory(zone=zone, module=module), item=item, code=1
    )
    table = export_table(module, ExportOptions(format="csv", with_attributes=True))
    rows = list(csv.reader(io.StringIO("".join(wide_csv(table)))))
    assert "'＠SUM(1+1)" in rows[1]
    book = [
        c
        for r in csv.reader(io.StringIO("".join(codebook_csv(codebook(module.edition)))))
        for c in r
    ]
    assert "'＝cmd|' /C calc'!A0" in book
    client.force_login(researcher)
    fieldwork = client.get(reverse("results:fieldwork_csv", args=[module.edition.code]))
    text = fieldwork.content.decode("utf-8-sig")
    assert "'＠SUM(1+1)" in text and ";＠SUM" not in text


def test_the_language_cookie_is_secure_and_http_only_in_production():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, "
        "s.LANGUAGE_COOKIE_SAMESITE]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, True, "Lax"]


def test_the_language_cookie_set_at_sign_in_carries_the_settings_flags(client, settings, chief_a):
    settings.LANGUAGE_COOKIE_SECURE = True
    answer = client.post(
        reverse("login"), {"username": "chief.a@example.be", "password": "correct horse battery"}
    )
    cookie = answer.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
