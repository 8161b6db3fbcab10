"""Access matrix of the management pages for every role; no one raises their own rights."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from results.manage import urls as urls_fieldwork
from survey.access import ADMINISTRATOR, RESEARCHER
from survey.models import EmailTemplate, User
from tests import factories as f

ROLES = ["anonymous", "chief", "colleague", "researcher", "administrator"]


@pytest.fixture
def world(db, zone_a, chief_a):
    edition = f.EditionFactory(code="2026", status="draft")
    general = f.questionnaire(edition=edition, items=2)
    events = f.questionnaire(edition=edition, kind="events", items=1, objectives=1)
    from survey.questionnaire.module_specs import questions_module_create

    deployment = questions_module_create(edition=edition, spec=f.deployment_spec([]))
    response = f.SubmittedResponseFactory(zone=zone_a, module=general)
    colleague = f.MembershipFactory(zone=zone_a, role="colleague").user
    from survey.models import Campaign

    campaign = Campaign.objects.create(edition=edition, kind="invitation")
    plain = f.UserFactory(email="plain@example.be")
    return {
        "edition": edition,
        "item": general.items.first(),
        "objective": events.objectives.first(),
        "question": deployment.questions.get(code="comment"),
        "category": edition.categories.first(),
        "zone": zone_a,
        "response": response,
        "campaign": campaign,
        "template": EmailTemplate.objects.first(),
        "plain": plain,
        "chief": chief_a,
        "colleague": colleague,
    }


def pages(w):
    """Every URL name of urls_fieldwork with arguments, and whether it only takes POST."""
    e = w["edition"].code
    return {
        "manage_index": ([], False),
        "edition_manage": ([e], False),
        "edition_transition": ([e], True),
        "edition_copy": ([e], False),
        "definition_history": ([e], False),
        "category_add": ([e], False),
        "category_edit": ([e, w["category"].pk], False),
        "module_edit": ([e, "general"], False),
        "item_add": ([e, "general"], False),
        "item_edit": ([e, "general", w["item"].pk], False),
        "item_move": ([e, "general", w["item"].pk], True),
        "objective_add": ([e, "events"], False),
        "objective_edit": ([e, "events", w["objective"].pk], False),
        "objective_move": ([e, "events", w["objective"].pk], True),
        "module_add": ([e], False),
        "reference_module_add": ([e], True),
        "questionnaire_download": ([e], False),
        "questionnaire_upload": ([], False),
        "question_add": ([e, "deployment"], False),
        "question_edit": ([e, "deployment", w["question"].pk], False),
        "question_remove": ([e, "deployment", w["question"].pk], True),
        "question_move": ([e, "deployment", w["question"].pk], True),
        "fieldwork_dashboard": ([e], False),
        "fieldwork_csv": ([e], False),
        "campaign_new": ([e], False),
        "campaign_detail": ([w["campaign"].pk], False),
        "campaign_retry": ([w["campaign"].pk], True),
        "email_template_list": ([], False),
        "email_template_edit": ([w["template"].pk], False),
        "email_template_preview": ([w["template"].pk], True),
        "email_template_test": ([w["template"].pk], True),
        "zone_list": ([], False),
        "zone_import": ([], False),
        "zone_edit": ([w["zone"].code], False),
        "response_detail": ([w["response"].pk], False),
        "response_reopen": ([w["response"].pk], True),
        "response_lock": ([w["response"].pk], True),
        "researcher_list": ([], False),
        "researcher_toggle": ([w["plain"].pk], True),
        "two_factor_setup": ([], False),
        "two_factor_verify": ([], False),
        "edition_preload": ([e], True),
        "quality": ([e, "general"], False),
        "quality_csv": ([e, "general", "items"], False),
        "quality_rule_add": ([e, "general"], True),
        "quality_rule_delete": ([e, "general", 1], True),
        "query_new": ([w["response"].pk], True),
        "query_resolve": ([w["response"].pk, 1], True),
    }


def sign_in(client, role, w, researcher, administrator):
    user = {
        "anonymous": None,
        "chief": w["chief"],
        "colleague": w["colleague"],
        "researcher": researcher,
        "administrator": administrator,
    }[role]
    if user:
        client.force_login(user)


def test_the_matrix_covers_every_page_and_every_page_declares_its_audience(world):
    names = {p.name for p in urls_fieldwork.urlpatterns}
    assert names == set(pages(world))
    for pattern in urls_fieldwork.urlpatterns:
        assert pattern.callback.access_rule in (RESEARCHER, ADMINISTRATOR), pattern.name


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(client, world, researcher, administrator, role):
    sign_in(client, role, world, researcher, administrator)
    for name, (args, post_only) in pages(world).items():
        url = reverse(f"results:{name}", args=args)
        rule = next(p for p in urls_fieldwork.urlpatterns if p.name == name).callback.access_rule
        allowed = role == "administrator" or (role == "researcher" and rule == RESEARCHER)
        page = client.get(url)
        if not allowed:
            assert page.status_code == 404, (name, role)
            assert client.post(url, {}).status_code == 404, (name, role)
        elif post_only:
            assert page.status_code == 405, (name, role)
        elif name == "two_factor_verify":
            assert page.status_code == 302  # no device yet: set one up first
        else:
            assert page.status_code == 200, (name, role, page.status_code)


@pytest.mark.parametrize("role", ["chief", "colleague", "researcher"])
def test_no_one_but_an_administrator_grants_the_researcher_role(
    client, world, researcher, administrator, role
):
    sign_in(client, role, world, researcher, administrator)
    me = {"chief": world["chief"], "colleague": world["colleague"], "researcher": researcher}[role]
    for target in (me, world["plain"]):
        before = User.objects.get(pk=target.pk).is_researcher
        assert (
            client.post(reverse("results:researcher_toggle", args=[target.pk])).status_code == 404
        )
        assert User.objects.get(pk=target.pk).is_researcher == before


def test_an_administrator_grants_and_revokes_the_researcher_role(client, world, administrator):
    client.force_login(administrator)
    url = reverse("results:researcher_toggle", args=[world["plain"].pk])
    client.post(url)
    plain = User.objects.get(pk=world["plain"].pk)
    assert plain.is_researcher and plain.is_staff and not plain.is_superuser
    client.post(url)
    assert not User.objects.get(pk=world["plain"].pk).is_researcher


def test_administrators_are_not_changed_from_the_researchers_page(client, world, administrator):
    client.force_login(administrator)
    url = reverse("results:researcher_toggle", args=[administrator.pk])
    assert client.post(url).status_code == 404
    assert User.objects.get(pk=administrator.pk).is_superuser


def test_a_researcher_allowed_to_edit_users_in_the_admin_cannot_raise_their_rights(
    client, world, researcher
):
    researcher.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_user", "view_user"])
    )
    client.force_login(researcher)
    url = reverse("admin:survey_user_change", args=[researcher.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content
    saved = client.post(
        url,
        {
            "email": researcher.email,
            "first_name": "R",
            "last_name": "S",
            "language": "",
            "is_active": "on",
            "is_researcher": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert saved.status_code == 302  # the form was accepted, without the role fields
    me = User.objects.get(pk=researcher.pk)
    assert me.first_name == "R" and not me.is_superuser
    chief = world["chief"]
    saved = client.post(
        reverse("admin:survey_user_change", args=[chief.pk]),
        {
            "email": chief.email,
            "is_active": "on",
            "is_researcher": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert saved.status_code == 302
    assert not User.objects.get(pk=chief.pk).is_researcher
    administrator = f.AdministratorFactory()
    page = client.get(reverse("admin:survey_user_change", args=[administrator.pk]))
    assert b'name="email"' not in page.content  # an administrator is read-only to them
