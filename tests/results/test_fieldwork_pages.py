"""The researchers' management pages: wiring and behaviour (access is in tests/test_roles.py)."""

import datetime as dt
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from survey.models import (
    Answer,
    Edition,
    EditionTransition,
    EmailTemplate,
    Item,
    OutgoingEmail,
    Technology,
    Zone,
)
from tests import factories as f


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def draft(db):
    edition = f.EditionFactory(code="2026", status="draft")
    f.questionnaire(edition=edition, items=3)
    return edition


def test_the_status_page_moves_an_edition_and_shows_refusals(signed_in, draft, researcher):
    url = reverse("results:edition_transition", args=[draft.code])
    signed_in.post(url, {"to_status": "open", "confirm": "on"})
    draft.refresh_from_db()
    assert draft.status == "open"
    page = signed_in.post(url, {"to_status": "archived", "confirm": "on"}, follow=True)
    assert "cannot move" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == "open"
    assert EditionTransition.objects.get().by == researcher
    assert signed_in.get(reverse("results:edition_manage", args=[draft.code])).status_code == 200


def test_copy_page_prepares_a_draft_sharing_the_technologies(signed_in):
    source = f.EditionFactory(code="2023", status="closed")
    f.questionnaire(edition=source, items=3)
    page = signed_in.post(
        reverse("results:edition_copy", args=["2023"]),
        {
            "code": "2026",
            "name_nl": "Technologie 2026",
            "fieldwork_start": "2026-05-01",
            "fieldwork_end": "2026-06-30",
            "regions": ["VL", "WA"],
        },
    )
    assert page.status_code == 302
    copy = Edition.objects.get(code="2026")
    assert (copy.status, copy.previous, copy.regions) == ("draft", source, ["VL", "WA"])
    assert set(
        Item.objects.filter(module__edition=copy).values_list("technology", flat=True)
    ) == set(Item.objects.filter(module__edition=source).values_list("technology", flat=True))
    again = signed_in.post(reverse("results:edition_copy", args=["2023"]), {"code": "2026"})
    assert again.status_code == 200 and "exists already" in again.content.decode()


def test_a_copy_compares_with_its_source_over_the_shared_technologies(researcher):
    from results.statistics.comparison import compare
    from survey.questionnaire.editions import edition_copy

    source = f.EditionFactory(code="2023", status="closed")
    earlier = f.questionnaire(edition=source, items=2)
    copy = edition_copy(
        source=source,
        code="2026",
        name_nl="2026",
        fieldwork_start=dt.date(2026, 5, 1),
        fieldwork_end=dt.date(2026, 6, 30),
    )
    later = copy.modules.get()
    kept, dropped = earlier.items.order_by("order")
    from survey.questionnaire.drafting import item_add, item_remove

    item_remove(item=later.items.get(technology=dropped.technology), by=researcher)
    item_add(
        module=later,
        by=researcher,
        category=later.items.get().category,
        new_technology={
            "code": "robot_dog",
            "label_nl": "Robothond",
            "label_fr": "Chien robot",
            "label_en": "Robot dog",
        },
    )
    zone = f.ZoneFactory()
    before = f.SubmittedResponseFactory(zone=zone, module=earlier)
    after = f.SubmittedResponseFactory(zone=zone, module=later)
    Answer.objects.create(response=before, item=kept, code=0)
    Answer.objects.create(response=after, item=later.items.get(technology=kept.technology), code=4)
    comparison = compare(later, earlier)
    assert comparison.panel_zones == 1
    assert [(i.code, i.before, i.after) for i in comparison.items] == [(kept.technology.code, 0, 1)]


def test_items_are_added_moved_edited_and_removed_and_the_history_shows_it(signed_in, draft):
    module = draft.modules.get()
    base = f"/results/manage/editions/{draft.code}/modules/general/"
    assert reverse("results:module_edit", args=[draft.code, "general"]) == base
    category = draft.categories.first()
    catalogue = f.TechnologyFactory(code="drone")
    signed_in.post(base + "items/add/", {"technology": catalogue.pk, "category": category.pk})
    signed_in.post(
        base + "items/add/",
        {
            "new_code": "robot_dog",
            "category": category.pk,
            "label_nl": "Robothond",
            "label_fr": "Chien robot",
            "label_en": "Robot dog",
        },
    )
    codes = list(module.items.order_by("order").values_list("technology__code", flat=True))
    assert codes[-2:] == ["drone", "robot_dog"]
    assert Technology.objects.get(code="robot_dog").label_fr == "Chien robot"
    robot = module.items.get(technology__code="robot_dog")
    signed_in.post(base + f"items/{robot.pk}/move/", {"action": "up"})
    codes = list(module.items.order_by("order").values_list("technology__code", flat=True))
    assert codes[-2:] == ["robot_dog", "drone"]
    drone = module.items.get(technology__code="drone")
    signed_in.post(
        base + f"items/{drone.pk}/",
        {
            "category": category.pk,
            "label_nl": "Drone",
            "label_fr": "Drone",
            "label_de": "Drohne",
            "label_en": "UAV",
        },
    )
    drone.refresh_from_db()
    assert (drone.label_de, drone.label_en) == ("Drohne", "UAV")
    signed_in.post(base + f"items/{drone.pk}/move/", {"action": "remove"})
    assert not module.items.filter(technology__code="drone").exists()
    history = signed_in.get(reverse("results:definition_history", args=[draft.code]))
    text = history.content.decode()
    assert "Removed item drone" in text and "Added item robot_dog" in text
    assert "label_de" in text


def test_a_new_technology_needs_a_free_code_and_labels(signed_in, draft):
    f.TechnologyFactory(code="drone")
    page = signed_in.post(
        reverse("results:item_add", args=[draft.code, "general"]),
        {"new_code": "drone", "category": draft.categories.first().pk},
    )
    assert page.status_code == 200
    assert "exists" in page.content.decode()


def test_a_non_draft_questionnaire_is_read_only_on_the_pages(signed_in):
    edition = f.EditionFactory(status="open")
    module = f.questionnaire(edition=edition, items=2)
    item = module.items.first()
    page = signed_in.get(reverse("results:module_edit", args=[edition.code, "general"]))
    assert "no longer be changed" in page.content.decode()
    signed_in.post(
        reverse("results:item_move", args=[edition.code, "general", item.pk]), {"action": "remove"}
    )
    assert module.items.count() == 2


def test_categories_and_objectives_are_editable_in_a_draft(signed_in, draft):
    signed_in.post(
        reverse("results:category_add", args=[draft.code]),
        {
            "code": "robots",
            "order": 9,
            "label_nl": "Robots",
            "label_fr": "Robots",
            "label_en": "Robots",
        },
    )
    assert draft.categories.filter(code="robots").exists()
    events = f.questionnaire(edition=draft, kind="events", items=1, objectives=1)
    objective = events.objectives.get()
    signed_in.post(
        reverse("results:objective_edit", args=[draft.code, "events", objective.pk]),
        {
            "code": objective.code,
            "label_nl": "Opsporing",
            "label_fr": "Recherche",
            "label_de": "Ermittlung",
            "label_en": "Detection",
        },
    )
    objective.refresh_from_db()
    assert objective.label_de == "Ermittlung"


def test_zone_register_pages_search_edit_and_merge(signed_in):
    old = f.ZoneFactory(code="1001", name_nl="Oudstad")
    new = f.ZoneFactory(code="1009", name_nl="Nieuwstad")
    page = signed_in.get(reverse("results:zone_list"), {"q": "oudst"})
    assert "1001" in page.content.decode() and "1009" not in page.content.decode()
    url = reverse("results:zone_edit", args=["1001"])
    refused = signed_in.post(url, {"language": "nl", "successor": new.pk})
    assert refused.status_code == 200
    signed_in.post(
        url,
        {
            "contact_name": "Korpschef X",
            "contact_email": "x@pz.be",
            "language": "nl",
            "valid_to": "2024-12-31",
            "successor": new.pk,
        },
    )
    old.refresh_from_db()
    assert (old.contact_email, old.valid_to, old.successor) == (
        "x@pz.be",
        dt.date(2024, 12, 31),
        new,
    )
    assert LogEntry.objects.filter(object_repr__startswith="1001").exists()


def test_the_register_upload_shows_every_row_error_and_writes_nothing(signed_in):
    header = "code,name_nl,name_fr,region,degurba,staff,language,valid_from,valid_to,successor\n"
    bad = header + "12,A,,VL,1,100,nl,2001-01-01,,\n1002,B,,XX,1,100,nl,2001-01-01,,\n"
    page = signed_in.post(
        reverse("results:zone_import"), {"file": SimpleUploadedFile("zones.csv", bad.encode())}
    )
    text = page.content.decode()
    assert "row 2" in text and "row 3" in text
    assert not Zone.objects.exists()
    good = header + "1001,A,,VL,1,100,nl,2001-01-01,,\n"
    signed_in.post(
        reverse("results:zone_import"), {"file": SimpleUploadedFile("zones.csv", good.encode())}
    )
    assert Zone.objects.get().code == "1001"
    [entry] = LogEntry.objects.filter(object_repr__startswith="1001")
    assert entry.user.is_researcher and entry.is_addition()


def test_the_campaign_page_queues_and_shows_progress_and_failures(signed_in, monkeypatch):
    edition = f.EditionFactory(code="2026", regions=["VL"])
    f.questionnaire(edition=edition)
    f.ZoneFactory(code="1001", contact_email="a@pz.be")
    f.ZoneFactory(code="1002", contact_email="")
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send",
        lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("no route")),
    )
    page = signed_in.post(
        reverse("results:campaign_new", args=["2026"]), {"kind": "invitation"}, follow=True
    )
    text = page.content.decode()
    assert "1002" in text  # reported: no e-mail address
    assert 'id="count-failed">1<' in text and "no route" in text
    monkeypatch.undo()
    campaign = edition.campaigns.get()
    signed_in.post(reverse("results:campaign_retry", args=[campaign.pk]))
    assert OutgoingEmail.objects.get(zone__code="1001").status == "sent"
    assert len(mail.outbox) == 1
    dashboard = signed_in.get(reverse("results:fieldwork_dashboard", args=["2026"]))
    assert "1 sent, 0 queued, 0 failed" in dashboard.content.decode()
    detail = signed_in.get(reverse("results:campaign_detail", args=[campaign.pk]))
    assert 'id="count-sent">1<' in detail.content.decode()
    # The messages' table (cached) shows the retried message as sent, its error gone.
    row = re.search(r"1001 [^<]*</th>(.*?)</tr>", detail.content.decode(), re.S).group(1)
    assert "<td>Sent</td><td>2</td>" in row and "no route" not in row


def test_the_dashboard_filters_and_its_csv_is_formula_safe(signed_in):
    edition = f.EditionFactory(code="2026", regions=["VL", "WA"])
    general = f.questionnaire(edition=edition)
    f.ZoneFactory(code="1001", region="VL", name_nl="=HYPERLINK(1)", contact_email="@x.be")
    f.SubmittedResponseFactory(zone=f.ZoneFactory(code="2002", region="WA"), module=general)
    url = reverse("results:fieldwork_dashboard", args=["2026"])
    page = signed_in.get(url, {"status": "submitted"})
    text = page.content.decode()
    assert "2002" in text and "HYPERLINK" not in text
    response = general.responses.get()
    assert reverse("results:response_detail", args=[response.pk]) in text
    assert "1/2 (50.0%)" in text or "1/2 (50,0%)" in text
    csv = signed_in.get(reverse("results:fieldwork_csv", args=["2026"]), {"region": "VL"})
    body = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body and "'@x.be" in body and "2002" not in body
    assert body.splitlines()[1].startswith("1001;")


def test_email_templates_are_edited_with_known_placeholders_only(signed_in, researcher):
    assert signed_in.get(reverse("results:email_template_list")).status_code == 200
    template = EmailTemplate.objects.get(kind="invitation", language="nl")
    url = reverse("results:email_template_edit", args=[template.pk])
    page = signed_in.post(url, {"subject": "Hallo {naam}", "body": "{link}"})
    assert "Unknown placeholder" in page.content.decode()
    signed_in.post(url, {"subject": "Hallo {zone}", "body": "{link}"})
    template.refresh_from_db()
    assert (template.subject, template.updated_by) == ("Hallo {zone}", researcher)
    [entry] = LogEntry.objects.filter(
        object_id=str(template.pk), content_type__model="emailtemplate"
    )
    assert entry.user == researcher and "subject" in entry.change_message
    assert signed_in.get(reverse("results:email_template_list")).status_code == 200


def test_a_response_is_reopened_with_a_reason_and_locked_again_from_its_page(signed_in):
    response = f.SubmittedResponseFactory(module=f.questionnaire())
    url = reverse("results:response_detail", args=[response.pk])
    signed_in.post(reverse("results:response_reopen", args=[response.pk]), {"reason": ""})
    response.refresh_from_db()
    assert response.status == "submitted"
    signed_in.post(reverse("results:response_reopen", args=[response.pk]), {"reason": "Typo"})
    response.refresh_from_db()
    assert response.status == "in_progress"
    assert "Typo" in signed_in.get(url).content.decode()
    signed_in.post(reverse("results:response_lock", args=[response.pk]), {"reason": ""})
    response.refresh_from_db()
    assert response.status == "submitted"


def test_the_campaign_form_offers_the_zones_of_the_population_as_it_is_now(signed_in):
    """The form as first shown is rendered once per data version: a zone added or renamed
    since is offered at once."""
    edition = f.EditionFactory(code="2026", regions=["VL"])
    f.questionnaire(edition=edition)
    zone = f.ZoneFactory(code="1001", name_nl="Aalst")
    url = reverse("results:campaign_new", args=["2026"])
    page = signed_in.get(url).content.decode()
    assert f'<option value="{zone.pk}">1001 Aalst</option>' in page
    other = f.ZoneFactory(code="1002", name_nl="Gent")
    zone.name_nl = "Aalst-Dendermonde"
    zone.save()
    page = signed_in.get(url).content.decode()
    assert f'<option value="{zone.pk}">1001 Aalst-Dendermonde</option>' in page
    assert f'<option value="{other.pk}">1002 Gent</option>' in page
