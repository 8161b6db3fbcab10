"""The deployment module in the open 2026 demo edition, answered by part of the zones.

Twenty-four demo zones (never the demo chiefs' own, so they can still answer) have submitted
the 2026 general module with their 2023 answers, and the deployment module with answers drawn
from a fixed seed that agree with them: follow-up questions only for technologies they have,
`considering` only among those they lack. Idempotent like the rest of the demo: the stored
state is compared with the plan and rewritten only when it differs.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from survey.answering.conditions import ModuleQuestions
from survey.demo.figures import SEED
from survey.models import Answer, Module, QuestionAnswer, Response, ResponseEvent, Zone
from survey.questionnaire.module_specs import questions_module_create, reference_module_spec

ZONES = 24
OTHER_PURPOSES = ("Verkeersveiligheid", "Opsporing van vermiste personen", "Opleiding")
RETENTION = (7, 14, 30, 30, 30, 90, 365, 9999)


def deployment_module(edition) -> Module:
    """The edition's deployment module, added from the reference definition when missing."""
    module = edition.modules.filter(kind="deployment").first()
    if module is None:
        spec = reference_module_spec("deployment")
        general = set(
            edition.modules.get(kind="general").items.values_list("technology__code", flat=True)
        )
        spec["follow_up"] = [code for code in spec["follow_up"] if code in general]
        module = questions_module_create(edition=edition, spec=spec)
    return module


def demo_zones_2026(edition, chief_zones) -> list[str]:
    """The first zones (by code) with a 2023 general response that are in the 2026 population."""
    population = set(
        Response.objects.filter(
            module__edition__code="2023", module__kind="general", status="submitted"
        ).values_list("zone__code", flat=True)
    )
    codes = sorted(
        code
        for code in Zone.objects.population(edition).values_list("code", flat=True)
        if code in population and code not in chief_zones
    )
    return codes[:ZONES]


def _general_plan(zone_codes) -> dict[str, dict[str, int]]:
    plan = {code: {} for code in zone_codes}
    for zone, technology, code in Answer.objects.filter(
        response__module__edition__code="2023",
        response__module__kind="general",
        response__zone__code__in=zone_codes,
    ).values_list("response__zone__code", "item__technology__code", "code"):
        plan[zone][technology] = code
    return plan


def _deployment_answers(rng, definitions: ModuleQuestions, general: dict) -> dict[tuple, str]:
    """Plausible answers to the slots that apply, given the zone's general answers."""
    answers: dict[tuple, str] = {}
    evaluation = definitions.evaluate(general, answers)
    by_code = definitions.by_code
    for slot in definitions.slots:
        if slot.technology is not None and not evaluation.has(slot.technology):
            continue
        question = slot.question
        options = [o.code for o in evaluation.options[slot.ident]]
        if question.code == "purpose":
            objectives = [c for c in options if c != "other"]
            chosen = set(rng.sample(objectives, rng.randint(1, 3)))
            if rng.random() < 0.15:
                chosen.add("other")
            value = ",".join(c for c in options if c in chosen)
        elif question.code == "purpose_other":
            purpose = answers.get((by_code["purpose"].pk, slot.technology.pk), "")
            if "other" not in purpose.split(","):
                continue
            value = rng.choice(OTHER_PURPOSES)
        elif question.code == "retention_days":
            value = str(rng.choice(RETENTION))
        elif question.code == "considering":
            offered = [c for c in options if c != "none"]
            picked = rng.sample(offered, min(len(offered), rng.choice((0, 1, 1, 2, 3))))
            value = ",".join(c for c in options if c in picked) or "none"
        elif question.code == "comment":
            if rng.random() > 0.2:
                continue
            value = "Demo: de inzet wordt jaarlijks besproken met het politiecollege."
        elif question.has_choices:
            weights = [0.5 if o == "9" else 3 if o in ("1", "2") else 2 for o in options]
            value = rng.choices(options, weights=weights)[0]
        else:
            continue
        answers[slot.ident] = value
    return answers


def _stored(module, zone_codes) -> dict:
    responses = Response.objects.filter(module=module, zone__code__in=zone_codes)
    state = {code: (status, {}) for code, status in responses.values_list("zone__code", "status")}
    if module.is_questions:
        rows = QuestionAnswer.objects.filter(response__in=responses).values_list(
            "response__zone__code", "question_id", "technology_id", "value"
        )
        for zone, question, technology, value in rows:
            state[zone][1][(question, technology)] = value
    else:
        for zone, technology, code in Answer.objects.filter(response__in=responses).values_list(
            "response__zone__code", "item__technology__code", "code"
        ):
            state[zone][1][technology] = code
    return state


def _write(module, planned: dict, zones: dict, moment: datetime) -> None:
    Response.objects.filter(module=module, zone__code__in=list(planned)).delete()
    responses = {}
    for index, code in enumerate(sorted(planned)):
        responses[code] = Response.objects.create(
            zone=zones[code],
            module=module,
            status=Response.Status.SUBMITTED,
            source=Response.Source.IMPORT,
            submitted_at=moment + timedelta(hours=index),
        )
    if module.is_questions:
        QuestionAnswer.objects.bulk_create(
            QuestionAnswer(
                response=responses[code], question_id=question, technology_id=technology,
                value=value,
            )
            for code, answers in planned.items()
            for (question, technology), value in answers.items()
        )  # fmt: skip
    else:
        items = {i.technology.code: i for i in module.items.select_related("technology")}
        Answer.objects.bulk_create(
            Answer(response=responses[code], item=items[technology], code=value)
            for code, answers in planned.items()
            for technology, value in answers.items()
            if technology in items
        )
    ResponseEvent.objects.bulk_create(
        ResponseEvent(response=r, kind=ResponseEvent.Kind.IMPORTED, reason="Demo data")
        for r in responses.values()
    )


def deployment_seed(edition, zones: dict, chief_zones, summary) -> None:
    """Add the deployment module to the open edition and the demo answers of 24 zones."""
    module = deployment_module(edition)
    general_module = edition.modules.get(kind="general")
    codes = demo_zones_2026(edition, chief_zones)
    general_plan = _general_plan(codes)
    moment = timezone.make_aware(datetime(2026, 11, 3, 9, 0))
    submitted = Response.Status.SUBMITTED
    if _stored(general_module, codes) != {c: (submitted, a) for c, a in general_plan.items()}:
        _write(general_module, general_plan, zones, moment)
        summary.modules_written.append(f"{edition.code} general")
        summary.responses_written += len(codes)
    definitions = ModuleQuestions.load(module)
    planned = {
        code: _deployment_answers(
            random.Random(f"{SEED}:deployment:{code}"), definitions, general_plan[code]
        )
        for code in codes
    }
    if _stored(module, codes) != {c: (submitted, a) for c, a in planned.items()}:
        _write(module, planned, zones, moment + timedelta(days=1))
        summary.modules_written.append(f"{edition.code} deployment")
        summary.responses_written += len(codes)
