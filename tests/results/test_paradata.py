"""The paradata export: how each response came about, beside the response exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from results.data.exports import pseudonym
from results.data.exports.paradata import HEADER, paradata_rows
from results.models import ExportLog
from survey.answering import queries
from survey.answering.answers import answers_save, item_key, response_get_or_start
from survey.answering.preloading import answers_confirm
from survey.models import AnswerChange
from tests import factories as f


@pytest.fixture
def worked(zone_a, chief_a, researcher):
    """Zone A confirmed drone and bodycam from 2020, changed bodycam, answered lidar fresh, in
    two sessions; the researchers raised two queries and resolved one."""
    old = f.questionnaire(edition=f.EditionFactory(code="2020", status="closed"), items=0)
    edition = f.EditionFactory(code="2023", previous=old.edition, preload=True)
    new = f.questionnaire(edition=edition, items=0)
    category = f.CategoryFactory(edition=edition)
    items = {}
    for code in ("drone", "bodycam"):
        tech = f.TechnologyFactory(code=code)
        f.ItemFactory(module=old, technology=tech)
        items[code] = f.ItemFactory(module=new, technology=tech, category=category)
    items["lidar"] = f.ItemFactory(
        module=new, technology=f.TechnologyFactory(code="lidar"), category=category
    )
    before = f.SubmittedResponseFactory(zone=zone_a, module=old)
    for item in old.items.select_related("technology"):
        f.AnswerFactory(response=before, item=item, code={"drone": 4, "bodycam": 0}[item.code])
    response = response_get_or_start(zone=zone_a, module=new, user=chief_a)
    answers_confirm(response=response, user=chief_a, category_id=category.pk)
    answers_save(
        response=response,
        user=chief_a,
        changes={item_key(items["bodycam"].pk): ("0", "2"), item_key(items["lidar"].pk): ("", "1")},
    )
    start = timezone.now() - timedelta(days=2)
    for minutes, change in zip([0, 1, 60, 61], AnswerChange.objects.order_by("id"), strict=True):
        AnswerChange.objects.filter(pk=change.pk).update(
            changed_at=start + timedelta(minutes=minutes)
        )
    first = queries.query_raise(response=response, item=items["lidar"], text="?", by=researcher)
    queries.query_raise(response=response, item=items["drone"], text="?", by=researcher)
    queries.query_resolve(query=first, by=researcher, resolution="closed", note="ok")
    f.ResponseFactory(module=new, zone=f.ZoneFactory(code="9999"))  # started, nothing saved
    return new, response


def test_one_row_per_started_response_with_its_paradata(worked, zone_a):
    module, response = worked
    rows = {row[0]: dict(zip(HEADER, row, strict=True)) for row in paradata_rows(module)}
    mine = rows[zone_a.code]
    assert mine["status"] == "in_progress"
    assert mine["started"] == response.created_at and mine["submitted"] is None
    assert (mine["sessions"], mine["seconds_active"]) == (2, 120)
    assert (mine["answers_confirmed"], mine["answers_changed"], mine["answers_fresh"]) == (1, 1, 1)
    assert (mine["queries_raised"], mine["queries_resolved"]) == (2, 1)
    assert rows["9999"]["sessions"] == 0 and rows["9999"]["queries_raised"] == 0


def test_pseudonymised_like_the_response_exports(worked, zone_a):
    module, response = worked
    codes = [row[0] for row in paradata_rows(module, pseudonymise=True)]
    assert pseudonym("2023", zone_a.code) in codes
    assert zone_a.code not in codes


def test_the_data_page_offers_the_download_and_logs_it(client, researcher, worked, zone_a):
    module, response = worked
    client.force_login(researcher)
    url = reverse("results:data_paradata", args=["2023", "general"])
    assert url in client.get(reverse("results:data")).content.decode()
    download = client.get(url, {"pseudonymise": "on"})
    assert download["Cache-Control"].startswith("no-store")
    assert "paradata_2023_general_pseudonymised.csv" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[0] == HEADER
    assert {row[0] for row in rows[1:]} == {pseudonym("2023", c) for c in (zone_a.code, "9999")}
    log = ExportLog.objects.get()
    assert (log.format, log.options, log.rows) == ("paradata", {"pseudonymise": True}, 2)


def test_the_command_writes_the_same_file(worked, zone_a, tmp_path):
    output = tmp_path / "paradata.csv"
    call_command("export_paradata", "--edition", "2023", "--module", "general", "--output", output)
    rows = list(csv.reader(output.open(encoding="utf-8")))
    assert rows[0] == HEADER
    assert rows[1][0] == zone_a.code and rows[1][4:] == ["2", "120", "1", "1", "1", "2", "1"]


def test_chiefs_cannot_download_paradata(client, chief_a, worked):
    client.force_login(chief_a)
    url = reverse("results:data_paradata", args=["2023", "general"])
    assert client.get(url).status_code == 404
