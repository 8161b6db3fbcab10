"""Researchers build a questions module through the drafting pages and the workbook upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from results.manage.forms import ModuleTextForm
from survey.models import Edition, Module, Question
from survey.questionnaire.workbook import workbook_bytes
from tests import factories as f


@pytest.fixture
def draft(db):
    general, module = f.deployment_questionnaire(edition=f.EditionFactory(code="2030"))
    edition = general.edition
    edition.status = Edition.Status.DRAFT
    edition.save()
    module.delete()
    return edition


@pytest.fixture
def signed_in(client, researcher):
    client.force_login(researcher)
    return client


def test_a_researcher_adds_a_module_and_questions_of_every_type(signed_in, draft):
    answer = signed_in.post(
        reverse("results:module_add", args=["2030"]),
        {"code": "legal", "title_nl": "Juridisch", "title_fr": "Juridique", "title_en": "Legal",
         "question_nl": "Vragen", "question_fr": "Questions", "question_en": "Questions",
         "follow_up": "drone bodycam"},
    )  # fmt: skip
    assert answer.status_code == 302
    module = Module.objects.get(edition=draft, kind="legal")
    assert module.is_questions and module.follow_up == ["drone", "bodycam"]

    def add(**data):
        texts = {"text_nl": "vraag", "text_fr": "question", "text_en": "question"}
        return signed_in.post(
            reverse("results:question_add", args=["2030", "legal"]),
            {**texts, **data},
            follow=True,
        )

    add(code="purpose", type="multiple", per_technology="on",
        answers="prevention | preventie | prévention | | prevention\n"
                "other | ander | autre | | other\n"
                "none | geen | aucun | | none | exclusive")  # fmt: skip
    add(code="purpose_other", type="text", per_technology="on", max_length="200",
        condition_question="purpose", condition_operator="includes",
        condition_value="other")  # fmt: skip
    add(code="basis", type="single", answers="1 | ja | oui | ja | yes\n9 | ? | ? | ? | ? | missing")
    add(code="days", type="integer", min_value="0", max_value="3650", dont_know="9999")
    questions = {q.code: q for q in module.questions.all()}
    assert list(questions) == ["purpose", "purpose_other", "basis", "days"]
    assert questions["purpose_other"].condition_value == "other"
    assert list(questions["purpose"].choices.values_list("code", "exclusive")) == [
        ("prevention", False), ("other", False), ("none", True)
    ]  # fmt: skip
    assert questions["basis"].choices.get(code="9").missing

    refused = add(code="bad", type="text", condition_question="days", condition_operator="includes",
                  condition_value="1")  # fmt: skip
    assert "needs a several-choices question" in refused.content.decode()
    refused = add(code="loop", type="integer", condition_question="nothing",
                  condition_operator="equals", condition_value="1")  # fmt: skip
    assert "not another question of this module" in refused.content.decode()
    assert not Question.objects.filter(code__in=["bad", "loop"]).exists()

    page = signed_in.get(reverse("results:module_edit", args=["2030", "legal"])).content.decode()
    assert "purpose_other" in page and "includes" in page


def test_the_deployment_module_is_added_from_the_reference_definition(signed_in, draft):
    signed_in.post(reverse("results:reference_module_add", args=["2030"]), {"code": "deployment"})
    module = Module.objects.get(edition=draft, kind="deployment")
    assert module.follow_up == ["bodycam", "drone"]  # the reference list, as far as 2030 has them
    assert module.questions.count() == 10


def test_a_question_moves_up_and_down_and_the_pages_ask_in_the_new_order(signed_in, draft):
    signed_in.post(reverse("results:reference_module_add", args=["2030"]), {"code": "deployment"})
    module = Module.objects.get(edition=draft, kind="deployment")
    before = list(module.questions.values_list("code", flat=True))
    second = module.questions.get(code=before[1])
    move = reverse("results:question_move", args=["2030", "deployment", second.pk])

    signed_in.post(move, {"action": "up"})
    assert list(module.questions.values_list("code", flat=True))[:2] == [before[1], before[0]]
    signed_in.post(move, {"action": "down"})
    signed_in.post(move, {"action": "down"})
    assert list(module.questions.values_list("code", flat=True))[:3] == [
        before[0],
        before[2],
        before[1],
    ]
    page = signed_in.get(reverse("results:module_edit", args=["2030", "deployment"])).text
    assert page.index(f">{before[2]}</a>") < page.index(f">{before[1]}</a>")


def test_questions_of_an_open_edition_do_not_move(signed_in, draft):
    signed_in.post(reverse("results:reference_module_add", args=["2030"]), {"code": "deployment"})
    module = Module.objects.get(edition=draft, kind="deployment")
    before = list(module.questions.values_list("code", flat=True))
    draft.status = Edition.Status.OPEN
    draft.save()
    question = module.questions.get(code=before[1])
    answer = signed_in.post(
        reverse("results:question_move", args=["2030", "deployment", question.pk]),
        {"action": "up"},
        follow=True,
    )
    assert "Only a draft edition" in answer.text
    assert list(module.questions.values_list("code", flat=True)) == before


def test_an_open_editions_questionnaire_cannot_change(signed_in, draft):
    draft.status = Edition.Status.OPEN
    draft.save()
    answer = signed_in.post(
        reverse("results:reference_module_add", args=["2030"]), {"code": "deployment"}, follow=True
    )
    assert "Only a draft edition" in answer.content.decode()
    assert not Module.objects.filter(edition=draft, kind="deployment").exists()


def test_download_and_upload_of_the_workbook(signed_in, draft):
    signed_in.post(reverse("results:reference_module_add", args=["2030"]), {"code": "deployment"})
    download = signed_in.get(reverse("results:questionnaire_download", args=["2030"]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    upload = signed_in.post(
        reverse("results:questionnaire_upload"),
        {"code": "2031", "file": SimpleUploadedFile("q.xlsx", download.content)},
    )
    assert upload.status_code == 302
    assert Module.objects.get(edition__code="2031", kind="deployment").questions.count() == 10
    assert Edition.objects.get(code="2031").status == Edition.Status.DRAFT


def test_an_upload_with_problems_lists_them_and_creates_nothing(signed_in, draft):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook_bytes(draft)))
    book["modules"].append(["extra", "slider"])
    out = io.BytesIO()
    book.save(out)
    page = signed_in.post(
        reverse("results:questionnaire_upload"),
        {"code": "2032", "file": SimpleUploadedFile("q.xlsx", out.getvalue())},
    ).content.decode()
    assert "nothing was imported" in page and "<td>modules</td>" in page and "<td>form</td>" in page
    assert not Edition.objects.filter(code="2032").exists()


def test_the_wording_form_shows_the_wording_just_saved(signed_in, draft):
    """The form as first shown is rendered once per data version: a save shows at once."""
    module = Module.objects.get(edition=draft, kind="general")
    url = reverse("results:module_edit", args=["2030", "general"])
    assert f'value="{module.title_nl}"' in signed_in.get(url).text
    wording = model_to_dict(module, ModuleTextForm.Meta.fields)
    data = {name: value or "" for name, value in wording.items()}
    signed_in.post(url, {**data, "title_nl": "Technologie (nieuw)"})
    page = signed_in.get(url).text
    assert 'value="Technologie (nieuw)"' in page and f'value="{module.title_nl}"' not in page
