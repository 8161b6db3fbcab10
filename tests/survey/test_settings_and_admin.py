import subprocess
import sys

import pytest
from django.urls import reverse

from survey.models import Technology
from tests.factories import ExportLogFactory, ZoneFactory, questionnaire


def run_settings(env):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()"
    )
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    env["DEBUG"] = "false"
    result = run_settings(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "survey_edition",
        "survey_module",
        "survey_category",
        "survey_technology",
        "survey_item",
        "survey_scale",
        "survey_objective",
        "survey_zone",
        "survey_user",
        "survey_response",
        "survey_invitation",
    ],
)
def test_admin_lists_add_pages_and_search_load_for_an_administrator(
    client, administrator, reference, name
):
    ZoneFactory()
    client.force_login(administrator)
    assert client.get(reverse(f"admin:{name}_changelist"), {"q": "drone"}).status_code == 200
    if name != "survey_response":
        assert client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_admin_change_page_of_a_module_shows_its_items(client, administrator):
    module = questionnaire(items=2)
    client.force_login(administrator)
    page = client.get(reverse("admin:survey_module_change", args=[module.pk]))
    assert page.status_code == 200
    assert module.items.first().label_nl in page.content.decode()


def test_a_researcher_manages_the_survey_in_the_admin_without_model_permissions(
    client, researcher, reference
):
    client.force_login(researcher)
    index = client.get(reverse("admin:index")).content.decode()
    for model in ("edition", "technology", "item", "zone", "objective", "scale"):
        assert reverse(f"admin:survey_{model}_changelist") in index
    assert client.get(reverse("admin:survey_technology_add")).status_code == 200
    drone = Technology.objects.get(code="drone")
    assert client.get(reverse("admin:survey_technology_change", args=[drone.pk])).status_code == 200


def test_a_researcher_cannot_manage_users_or_erase_the_audit_trail(client, researcher):
    client.force_login(researcher)
    assert client.get(reverse("admin:survey_user_changelist")).status_code == 403
    assert client.get(reverse("admin:survey_user_change", args=[researcher.pk])).status_code == 403
    log = ExportLogFactory(user=researcher)
    assert client.get(reverse("admin:results_exportlog_delete", args=[log.pk])).status_code == 403


def test_zone_chiefs_do_not_get_into_the_admin(client, chief_a):
    client.force_login(chief_a)
    assert client.get(reverse("admin:survey_zone_changelist")).status_code == 302


def test_a_researcher_without_the_staff_flag_gets_into_the_admin(client, researcher):
    researcher.is_staff = False
    researcher.save()
    client.force_login(researcher)
    answer = client.get(reverse("admin:index"))
    assert answer.status_code == 200
    assert reverse("admin:survey_zone_changelist") in answer.content.decode()


def test_staff_flag_alone_does_not_open_the_admin(client, chief_a):
    chief_a.is_staff = True
    chief_a.save()
    client.force_login(chief_a)
    assert client.get(reverse("admin:index")).status_code == 302
