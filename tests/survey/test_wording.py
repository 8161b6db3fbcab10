"""Wording a French, Dutch or German reader notices: one term for the e-mail address, the brand
kept as it is, forms of the researchers' pages in the reader's language."""

from django.urls import reverse

from tests import factories as f


def french(client):
    client.cookies["django_language"] = "fr"
    return client


def test_french_sign_in_and_reset_say_adresse_e_mail(client, chief_b, db):
    client = french(client)
    page = client.get(reverse("login")).content.decode()
    assert "Adresse e-mail" in page
    wrong = client.post(reverse("login"), {"username": chief_b.email, "password": "wrong"})
    assert "un adresse" not in wrong.content.decode()  # Django's "Saisissez un %(username)s"
    reset = client.get(reverse("password_reset")).content.decode()
    assert "Adresse e-mail" in reset
    assert "Courriel" not in reset


def test_french_keeps_the_brand(client, db):
    page = french(client).get(reverse("login")).content.decode()
    assert "Police Technology Survey" in page


def test_dutch_researcher_forms_are_dutch(client, researcher):
    module = f.questionnaire(kind="events", items=1, objectives=1)
    client.force_login(researcher)
    client.cookies["django_language"] = "nl"
    edition, kind = module.edition.code, module.kind
    for path in (
        reverse("results:item_edit", args=[edition, kind, module.items.first().pk]),
        reverse("results:category_edit", args=[edition, module.items.first().category.pk]),
        reverse("results:objective_edit", args=[edition, kind, module.objectives.first().pk]),
    ):
        page = client.get(path).content.decode()
        assert "Benaming (nl)" in page, path
        assert "Label (nl)" not in page and "label (nl)" not in page, path
    page = client.get(
        reverse("results:item_edit", args=[edition, kind, module.items.first().pk])
    ).content.decode()
    assert "Categorie" in page and "Category" not in page
