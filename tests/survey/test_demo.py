"""The demo data set: deterministic, idempotent, fictional, and usable from the first sign-in."""

import io

import pytest
from django.core.management import CommandError, call_command

from survey.demo.plan import DEMO_PASSWORD, demo_plan
from survey.demo.seed import DemoRefused, demo_seed, module_specs, planned_state, stored_state
from survey.models import Answer, Edition, Module, Response, User, Zone, ZoneMembership
from tests.factories import ZoneFactory

DEMO_EMAILS = {
    "researcher@demo.invalid",
    "admin@demo.invalid",
    "chef.nl@demo.invalid",
    "chef.fr@demo.invalid",
    "chef.de@demo.invalid",
}


@pytest.fixture(scope="module")
def demo(seeded_demo):
    return seeded_demo


def module(edition, kind):
    return Module.objects.get(edition__code=edition, kind=kind)


def test_populations_are_those_of_the_published_editions(demo, db):
    for code, expected in (
        ("2020", {"VL": 107, "BR": 6}),
        ("2023", {"VL": 106, "BR": 6, "WA": 71}),
    ):
        population = Zone.objects.population(Edition.objects.get(code=code))
        assert {r: population.filter(region=r).count() for r in expected} == expected
    assert Zone.objects.population(Edition.objects.get(code="2020")).count() == 113
    assert Zone.objects.population(Edition.objects.get(code="2023")).count() == 183
    assert Zone.objects.filter(language="de", region="WA").count() == 2


def test_flanders_loses_a_zone_through_a_merger(demo, db):
    merged = Zone.objects.filter(valid_to__isnull=False)
    assert merged.count() == 2
    successor = merged.first().successor
    assert all(z.successor == successor for z in merged)
    assert successor.valid_from.isoformat() == "2022-01-01"
    assert successor.code not in {z.code for z in merged}


def test_zone_names_and_codes_are_plainly_fictional(demo, db):
    for zone in Zone.objects.all():
        assert zone.name_nl.startswith("Demozone ")
        assert zone.name_fr.startswith("Zone démo ")
        # Real zone codes are 5xxx; demo codes can never collide with them.
        assert len(zone.code) == 4 and zone.code.startswith("9")


def test_staff_sizes_are_skewed_and_cities_larger(demo, db):
    staff = sorted(Zone.objects.values_list("staff", flat=True))
    median = staff[len(staff) // 2]
    assert 50 <= median <= 150
    assert max(staff) <= 2800
    cities = Zone.objects.filter(degurba=1).exclude(region="BR").values_list("staff", flat=True)
    rural = Zone.objects.filter(degurba=3).values_list("staff", flat=True)
    assert min(Zone.objects.filter(region="BR").values_list("staff", flat=True)) >= 500
    assert sorted(cities)[len(cities) // 2] > max(rural)


def test_response_counts_and_panel_are_those_published(demo, db):
    submitted = {
        key: set(
            Response.objects.of_module(module(*key))
            .submitted()
            .values_list("zone__code", flat=True)
        )
        for key in (("2020", "general"), ("2023", "general"), ("2023", "events"))
    }
    assert [len(zones) for zones in submitted.values()] == [86, 146, 142]
    panel = submitted[("2020", "general")] & submitted[("2023", "general")]
    assert len(panel) == 67
    assert set(Zone.objects.filter(code__in=panel).values_list("region", flat=True)) <= {"VL", "BR"}
    assert not Response.objects.filter(module__edition__code__in=["2020", "2023"]).in_progress()


def test_a_new_plan_is_identical_to_what_was_stored(demo, db):
    """Determinism: a second, independent generation gives exactly the stored answers."""
    plan = demo_plan(module_specs())
    assert plan.zones == demo.plan.zones
    for (edition, kind), specs in plan.responses.items():
        stored = stored_state(module(edition, kind), [z.code for z in plan.zones])
        assert stored == planned_state(specs)


def test_a_second_run_changes_nothing_and_prints_the_logins(demo, db):
    counts = (Zone.objects.count(), Response.objects.count(), User.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    output = out.getvalue()
    assert "nothing changed" in output
    assert (Zone.objects.count(), Response.objects.count(), User.objects.count()) == counts
    for email in DEMO_EMAILS:
        assert email in output
    assert DEMO_PASSWORD in output
    assert "Two-factor authentication is off" in output


def test_demo_accounts_can_sign_in_with_the_documented_password(demo, db):
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_EMAILS)}
    assert set(users) == DEMO_EMAILS
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    assert users["researcher@demo.invalid"].is_researcher
    assert not users["researcher@demo.invalid"].is_superuser
    assert users["admin@demo.invalid"].is_superuser
    for lang in ("nl", "fr", "de"):
        chief = users[f"chef.{lang}@demo.invalid"]
        membership = ZoneMembership.objects.get(user=chief)
        assert membership.role == ZoneMembership.Role.CHIEF
        assert membership.zone.language == lang
        assert chief.language == lang
        assert membership.zone.contact_email == chief.email


def test_one_chief_has_a_response_in_progress_in_the_open_2026_edition(demo, db):
    edition = Edition.objects.get(code="2026")
    assert edition.status == Edition.Status.OPEN
    assert edition.regions == ["VL", "BR", "WA"]
    assert Zone.objects.population(edition).count() == 183
    response = Response.objects.get(module__edition=edition, status=Response.Status.IN_PROGRESS)
    assert response.zone.memberships.get().user.email == "chef.nl@demo.invalid"
    assert 0 < response.answers.count() < response.module.items.count()
    assert response.changes.count() == response.answers.count()


def test_it_refuses_a_register_with_real_zones(demo, db):
    ZoneFactory(code="5345", name_nl="Antwerpen", region="VL")
    with pytest.raises(DemoRefused):
        demo_seed()
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())


def test_force_adds_the_demo_beside_real_zones(demo, db):
    ZoneFactory(code="5345", name_nl="Antwerpen", region="VL")
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert Zone.objects.get(code="5345").name_nl == "Antwerpen"
    assert Response.objects.of_module(module("2023", "general")).submitted().count() == 146


def test_a_run_restores_demo_answers_that_were_changed(demo, db):
    answer = (
        Answer.objects.select_related("response__zone")
        .filter(response__module=module("2023", "general"), item__technology__code="drone")
        .first()
    )
    zone, item, original = answer.response.zone, answer.item, answer.code
    answer.code = 9 if original != 9 else 0
    answer.save()
    summary = demo_seed()
    assert summary.modules_written == ["2023 general"]
    assert not summary.zones_created and not summary.zones_updated
    restored = Answer.objects.get(
        response__zone=zone, response__module=module("2023", "general"), item=item
    )
    assert restored.code == original


def test_the_open_edition_has_the_deployment_module_answered_consistently(demo, db):
    from survey.answering.conditions import ModuleQuestions

    deployment = module("2026", "deployment")
    responses = list(Response.objects.of_module(deployment).submitted())
    assert len(responses) >= 20
    definitions = ModuleQuestions.load(deployment)
    general = definitions.general_answers([r.zone_id for r in responses])
    stored = definitions.stored_answers([r.pk for r in responses])
    followed_up = 0
    for response in responses:
        assert Response.objects.get(zone=response.zone, module=definitions.general).is_submitted
        evaluation = definitions.evaluate(general[response.zone_id], stored[response.pk])
        assert not evaluation.not_applicable_kept()  # nothing asked of a technology it lacks
        assert not evaluation.unanswered()
        followed_up += sum(1 for s in evaluation.applicable() if s.technology)
        offered = {o.code for s in evaluation.applicable() for o in evaluation.options[s.ident]
                   if s.question.code == "considering"}  # fmt: skip
        considering = next(v for (q, t), v in stored[response.pk].items()
                           if q == definitions.by_code["considering"].pk)  # fmt: skip
        assert set(considering.split(",")) <= offered
    assert followed_up > 100
    demo_user = User.objects.get(email="chef.nl@demo.invalid").memberships.get().zone
    assert not Response.objects.filter(zone=demo_user, module=deployment).exists()
