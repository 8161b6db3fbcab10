"""The default e-mail templates come from migrations (and `migrate` after a flush or a restore),
never from a page: the templates page only reads."""

from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from survey.fieldwork.email_texts import DEFAULTS
from survey.models import EmailTemplate


def test_the_templates_page_writes_nothing_on_get(client, researcher):
    EmailTemplate.objects.all().delete()
    client.force_login(researcher)
    page = client.get(reverse("results:email_template_list"))
    assert page.status_code == 200
    assert "manage.py migrate" in page.content.decode()
    assert not EmailTemplate.objects.exists()


def test_migrate_puts_back_missing_templates_and_keeps_edited_ones(db):
    EmailTemplate.objects.exclude(kind="invitation", language="nl").delete()
    EmailTemplate.objects.filter(kind="invitation", language="nl").update(subject="Eigen {zone}")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert EmailTemplate.objects.count() == len(DEFAULTS)
    assert EmailTemplate.objects.get(kind="invitation", language="nl").subject == "Eigen {zone}"
