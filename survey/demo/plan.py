"""The whole demo as plain data, computed without touching the database."""

import random
from dataclasses import dataclass, replace
from datetime import date

from .answers import (
    ModuleSpec,
    ResponseSpec,
    drone_answers,
    general_2023_answers,
    response_specs,
    role_answers,
    simple_module_answers,
)
from .figures import CAMERA_ANALYSIS_EVENTS, DRONE_EVENTS, SEED
from .register import AccountSpec, ZoneSpec, demo_accounts, demo_respondents, demo_zones

DEMO_PASSWORD = "demo-password-1"  # noqa: S105 (documented demo login)


@dataclass
class DemoPlan:
    zones: list[ZoneSpec]
    accounts: list[AccountSpec]
    responses: dict[tuple[str, str], list[ResponseSpec]]  # (edition, kind) → responses
    in_progress: tuple[str, dict[str, int]]  # zone code, answers of the open 2026 response
    attempts: dict[str, int]  # item → seeds tried before the predictors came out right


def demo_plan(modules: dict[tuple[str, str], ModuleSpec]) -> DemoPlan:
    """The whole demo, computed without touching the database."""
    zones = demo_zones()
    by_code = {z.code: z for z in zones}
    respondents = demo_respondents(zones)
    accounts = demo_accounts(zones, respondents)
    chiefs = {a.zone: a for a in accounts if a.zone}
    zones = [
        replace(z, contact_name=chiefs[z.code].full_name, contact_email=chiefs[z.code].email)
        if z.code in chiefs
        else z
        for z in zones
    ]
    attempts: dict[str, int] = {}
    general_2020, general_2023, events = (
        modules[("2020", "general")], modules[("2023", "general")], modules[("2023", "events")],
    )  # fmt: skip

    answers_2023 = general_2023_answers(by_code, respondents.r2023, general_2023.items, attempts)
    drone_2020, drone_2023 = drone_answers(by_code, respondents, attempts)
    answers_2023["drone"] = drone_2023
    answers_2023 = {item: answers_2023[item] for item in general_2023.items}
    answers_2020 = simple_module_answers(
        by_code,
        respondents.r2020,
        [i for i in general_2020.items if i != "drone"],
        "2020",
        "general",
    )
    answers_2020["drone"] = drone_2020
    answers_2020 = {item: answers_2020[item] for item in general_2020.items}
    answers_events = simple_module_answers(
        by_code, respondents.events, events.items, "2023", "events",
        exact={"drone": (DRONE_EVENTS, 0), "camera_image_analysis": (CAMERA_ANALYSIS_EVENTS, 2)},
    )  # fmt: skip
    roles = role_answers(random.Random(f"{SEED}:roles"), respondents.events, events)

    fieldwork_2020 = (date(2020, 11, 1), date(2020, 12, 31))
    fieldwork_2023 = (date(2023, 5, 1), date(2023, 6, 30))
    responses = {
        ("2020", "general"): response_specs(
            answers_2020, respondents.r2020, *fieldwork_2020, f"{SEED}:when:2020"
        ),
        ("2023", "general"): response_specs(
            answers_2023, respondents.r2023, *fieldwork_2023, f"{SEED}:when:2023:general"
        ),
        ("2023", "events"): response_specs(
            answers_events, respondents.events, *fieldwork_2023, f"{SEED}:when:2023:events", roles
        ),
    }
    # The Flemish chief is halfway through 2026: the first 20 items, as in 2023 where answered.
    chief_zone = next(a.zone for a in accounts if a.email.startswith("chef.nl"))
    earlier = next(r for r in responses[("2023", "general")] if r.zone == chief_zone).answers
    in_progress = {i: earlier[i] for i in general_2023.items[:20] if i in earlier}
    return DemoPlan(zones, accounts, responses, (chief_zone, in_progress), attempts)
