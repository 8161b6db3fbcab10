"""The CSV files of the management pages: one defused writer, each file's layout unchanged."""

import datetime as dt

import pytest
from django.urls import reverse

from results.data.exports.text import csv_lines
from survey.models import Response
from tests import factories as f

from .answering import respond


def test_the_one_writer_defuses_every_text_cell_and_keeps_numbers():
    lines = list(csv_lines(["a", "b", "c"], [["=1+1", -1, "-2"]], delimiter=";"))
    assert lines == ["a;b;c\r\n", "'=1+1;-1;'-2\r\n"]


@pytest.fixture
def edition(db):
    edition = f.EditionFactory(code="2026", regions=["VL"])
    general = f.questionnaire(edition=edition)
    zone = f.ZoneFactory(code="1001", name_nl="+32 zone", contact_email="a@pz.be")
    response = f.SubmittedResponseFactory(zone=zone, module=general)
    moment = dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC)
    Response.objects.filter(pk=response.pk).update(updated_at=moment)
    f.ZoneFactory(code="1002", name_nl="Stille zone", contact_email="")
    return edition


def test_the_fieldwork_csv_keeps_its_columns_delimiter_and_byte_order_mark(
    client, researcher, edition
):
    client.force_login(researcher)
    download = client.get(reverse("results:fieldwork_csv", args=["2026"]))
    assert download["Content-Disposition"] == 'attachment; filename="fieldwork-2026.csv"'
    assert download.content.decode("utf-8") == (
        "\ufeffzone;name;region;language;contact_email;status;submitted_modules;"
        "started_modules;last_activity\r\n"
        "1001;'+32 zone;VL;nl;a@pz.be;submitted;1;1;2026-05-04T10:30:00+00:00\r\n"
        "1002;Stille zone;VL;nl;;not_invited;0;0;\r\n"
    )


def test_the_quality_csv_keeps_its_commas_and_is_defused(client, researcher, db):
    module = f.questionnaire(edition=f.EditionFactory(code="2023"), items=0)
    f.ItemFactory(module=module, technology=f.TechnologyFactory(code="a", label_en="=cmd"))
    respond(module, f.ZoneFactory(code="9001"), {"a": 0})
    client.force_login(researcher)
    download = client.get(reverse("results:quality_csv", args=["2023", "general", "items"]))
    assert download["Cache-Control"].startswith("no-store")
    assert download.content.decode("utf-8") == (
        "\ufeffcode,label,asked,unanswered\r\na,'=cmd,1,0\r\n"
    )
