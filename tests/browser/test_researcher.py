"""A researcher reads the results of an edition and downloads the SPSS file."""

import pyreadstat
import pytest
from django.urls import reverse

from tests import factories as f
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def answered_edition(responses=4):
    """A closed edition with `responses` submitted responses in Flanders."""
    module = f.questionnaire(items=3)
    items = list(module.items.order_by("order"))
    for index in range(responses):
        response = f.SubmittedResponseFactory(zone=f.ZoneFactory(region="VL"), module=module)
        for item in items:
            f.AnswerFactory(response=response, item=item, code=(index + item.order) % 4)
    module.edition.status = "closed"
    module.edition.save()
    return module


def test_a_researcher_reads_results_and_downloads_an_spss_file(new_page, researcher, tmp_path):
    module = answered_edition()
    edition = module.edition
    page = new_page()
    sign_in(page, researcher.email)

    page.goto(reverse("results:index"))
    page.get_by_role("link", name=edition.name).first.click()
    page.wait_for_url("**" + reverse("results:overview", args=[edition.code]))
    assert page.locator("h1").count() == 1

    page.goto(reverse("results:availability", args=[edition.code, module.kind]))
    table = page.locator("table").first.inner_text()
    for item in module.items.all():
        assert item.label_nl in table or item.label_en in table
    assert "%" in table

    page.goto(reverse("results:data"))
    page.locator(f"#format-{module.pk}").select_option("sav")
    with page.expect_download() as download:
        page.locator(f"#format-{module.pk}").locator("xpath=ancestor::form").locator(
            "button[type=submit]"
        ).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".sav"
    assert saved.read_bytes()[:4] in (b"$FL2", b"$FL3")
    frame, meta = pyreadstat.read_sav(str(saved))
    assert len(frame) == 4
    assert meta.column_labels and any(meta.variable_value_labels.values())
