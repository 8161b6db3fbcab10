"""Answers drawn per item, adjusted to the published counts, with the size predictors checked.

Each item has its own seeded generator; an item whose ln(staff) effect comes out on the wrong side
of α = 0.05 in the results' logistic regression is drawn again with its next seed.
"""

import math
import random
import warnings
from dataclasses import dataclass, field
from datetime import datetime

from .figures import (
    CAMERA_ANALYSIS_GENERAL,
    DRONE_GENERAL,
    DRONE_PANEL_AFTER,
    DRONE_PANEL_BASE,
    DRONE_PANEL_BEFORE,
    SEED,
)
from .register import Respondents, ZoneSpec, submission_time

MAX_ATTEMPTS = 60
# Margins around α = 0.05, so the results' own regression lands on the same side of it.
TARGET_P = 0.01
NON_TARGET_P = 0.10
SIZE_DRIVEN = ("drone", "x_account", "forensic_centre", "camera_image_analysis")

# Share of zones with each technology in 2023 (general module); plausible, not published.
RATES_2023 = {
    "anpr_fixed": 0.75, "camera_third_party": 0.6, "anpr_mobile": 0.45, "cctv_fixed": 0.85,
    "bodycam": 0.7, "cctv_mobile": 0.55, "thermal_camera": 0.25, "drone": 0.27,
    "night_vision": 0.2, "dashcam": 0.4, "camera_360": 0.1, "virtual_reality": 0.08,
    "remote_sensing_robot": 0.05, "facial_recognition": 0.02, "fingerprint_mobile": 0.15,
    "eid_biometric": 0.2, "voice_recognition": 0.03, "dna_rapid": 0.02, "iris_scan": 0.01,
    "camera_image_analysis": 0.23, "predictive_policing": 0.08, "crime_mapping": 0.45,
    "network_analysis": 0.2, "osint_monitoring": 0.35, "data_platform": 0.15,
    "bi_dashboards": 0.4, "speech_to_text": 0.12, "crowd_counting": 0.1, "ai_assistant": 0.06,
    "x_account": 0.5, "facebook": 0.9, "instagram": 0.6, "tiktok": 0.15, "whatsapp": 0.5,
    "bin_app": 0.45, "zone_website": 0.95, "be_alert": 0.6, "online_chat": 0.1,
    "video_desk": 0.12, "police_on_web": 0.7, "focus_gpi": 0.9, "service_smartphone": 0.95,
    "tablet": 0.7, "mobile_office": 0.35, "e_report": 0.4, "e_signature": 0.3,
    "vehicle_tracking": 0.6, "astrid_gps": 0.55, "digital_planning": 0.5,
    "payment_terminal": 0.45, "mobile_id_reader": 0.5, "forensic_centre": 0.25,
    "phone_extraction": 0.3, "scanner_3d": 0.08, "photogrammetry": 0.1,
    "gunshot_detection": 0.02, "drug_saliva_test": 0.8, "breath_analyser": 0.85,
    "average_speed": 0.35, "laser_speed": 0.7, "taser": 0.3, "mobile_command_post": 0.35,
    "iot_sensors": 0.1, "counter_drone": 0.04,
}  # fmt: skip
GROWTH_2020 = 0.8  # technologies were rarer three years earlier
EVENTS_FACTOR = 0.7  # fewer zones deploy a technology at events than have it at all
DEFAULT_RATE = 0.3
USE_WEIGHTS = {1: 1, 2: 2, 3: 3, 4: 3, 5: 2}

# Share of "major"/"very major" roles per category × objective in the events module: cameras
# weigh most, above all for detection and evidence.
ROLE_SHARES = {
    "cameras": {"prevention": 0.45, "information_gathering": 0.55, "crowd_management": 0.5,
                "public_order": 0.5, "detection": 0.78, "evidence": 0.72,
                "public_communication": 0.1},
    "biometrics": {"detection": 0.2, "evidence": 0.2},
    "data_analysis": {"information_gathering": 0.4, "crowd_management": 0.3, "detection": 0.3,
                      "evidence": 0.2},
    "communication": {"public_communication": 0.62, "prevention": 0.35,
                      "information_gathering": 0.3, "crowd_management": 0.25,
                      "public_order": 0.2, "detection": 0.1, "evidence": 0.05},
    "mobile_ict": {"information_gathering": 0.35, "public_order": 0.3, "crowd_management": 0.3,
                   "detection": 0.25, "evidence": 0.2, "prevention": 0.15,
                   "public_communication": 0.1},
    "other": {"public_order": 0.3, "crowd_management": 0.3},
}  # fmt: skip
DEFAULT_ROLE_SHARE = 0.1


@dataclass
class ResponseSpec:
    zone: str
    submitted_at: datetime
    answers: dict[str, int] = field(default_factory=dict)  # item code → code; absent = no answer
    roles: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, objective) → code


@dataclass
class ModuleSpec:
    """What the demo needs to know of a module: its items and, for events, its role matrix."""

    items: list[str]
    categories: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _use_code(rng: random.Random, available: bool) -> int:
    if not available:
        return 0
    return rng.choices(list(USE_WEIGHTS), weights=list(USE_WEIGHTS.values()))[0]


def _fix_count(available: dict[str, bool], target: int, score: dict[str, float]) -> None:
    """Flip the fewest zones, least likely first, so exactly `target` have the technology."""
    surplus = sum(available.values()) - target
    if surplus > 0:
        for code in sorted((c for c, a in available.items() if a), key=score.get)[:surplus]:
            available[code] = False
    elif surplus < 0:
        ranked = sorted((c for c, a in available.items() if not a), key=lambda c: -score[c])
        for code in ranked[:-surplus]:
            available[code] = True


def _draw(rng, zones, rate: float, slope: float, centre: float) -> tuple[dict, dict]:
    """Availability per zone, depending on ln(staff) with `slope` (0: independent of size)."""
    score = {}
    for code, zone in zones.items():
        p = _sigmoid(_logit(rate) + slope * (math.log(zone.staff) - centre))
        score[code] = p + rng.random() * 1e-6  # distinct scores keep adjustments deterministic
    return {code: rng.random() < p for code, p in score.items()}, score


def _codes(rng, available: dict[str, bool], invalid_rate: float = 0.025) -> dict[str, int | None]:
    """Use codes; a few zones answer "don't know" (9) or leave the item empty (None)."""
    codes = {}
    for zone, has in available.items():
        roll = rng.random()
        if roll < invalid_rate * 0.6:
            codes[zone] = 9
        elif roll < invalid_rate:
            codes[zone] = None
        else:
            codes[zone] = _use_code(rng, has)
    return codes


def size_effect(zones: dict[str, ZoneSpec], codes: dict[str, int | None]):
    """The ln(staff) coefficient and Wald p of `available ~ ln(staff) + C(degurba) + C(region)`.

    On the Flemish and Walloon zones with a valid answer (0–5), as the results compute it. None when
    statsmodels cannot estimate it.
    """
    import pandas as pd  # heavy: imported when the demo is seeded, not with the commands
    import statsmodels.formula.api as smf

    rows = [
        {
            "available": int(1 <= code <= 5),
            "ln_staff": math.log(zones[z].staff),
            "degurba": zones[z].degurba,
            "region": zones[z].region,
        }
        for z, code in codes.items()
        if code is not None and code <= 5 and zones[z].region != "BR"
    ]
    frame = pd.DataFrame(rows)
    if frame.empty or frame["available"].nunique() < 2:
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = smf.logit("available ~ ln_staff + C(degurba) + C(region)", frame).fit(
                disp=0, maxiter=100
            )
        except Exception:  # singular matrix, perfect separation: not estimable
            return None
    p = float(fit.pvalues["ln_staff"])
    if math.isnan(p):
        return None
    clean = not caught and fit.mle_retvals.get("converged", False)
    return {"coef": float(fit.params["ln_staff"]), "p": p, "clean": clean, "frame": frame}


def _without_separation(frame) -> bool:
    """At least 10 zones with and 10 without, and both in every degurba and region."""
    with_it = int(frame["available"].sum())
    if with_it < 10 or len(frame) - with_it < 10:
        return False
    return all(frame.groupby(c)["available"].nunique().eq(2).all() for c in ("degurba", "region"))


def is_size_driven(effect) -> bool:
    return (
        effect is not None
        and effect["clean"]
        and effect["coef"] > 0
        and effect["p"] < TARGET_P
        and _without_separation(effect["frame"])
    )


def is_not_size_driven(effect) -> bool:
    return effect is None or effect["p"] >= NON_TARGET_P


def _rate(code: str, edition: str, kind: str) -> float:
    rate = RATES_2023.get(code, DEFAULT_RATE)
    if edition == "2020":
        rate *= GROWTH_2020
    if kind == "events":
        rate *= EVENTS_FACTOR
    return min(max(rate, 0.005), 0.97)


def _centre(zones: dict[str, ZoneSpec]) -> float:
    logs = sorted(math.log(z.staff) for z in zones.values())
    return logs[len(logs) // 2]


def general_2023_answers(zones, respondents: list[str], items: list[str], attempts: dict):
    """The 2023 general module: exact camera-analysis counts, checked size predictors."""
    pool = {c: zones[c] for c in respondents}
    centre = _centre(pool)
    answers = {}
    for item in items:
        if item == "drone":
            continue  # drawn with the panel, see drone_answers
        target = item in SIZE_DRIVEN
        for attempt in range(MAX_ATTEMPTS):
            rng = random.Random(f"{SEED}:2023:general:{item}:{attempt}")
            available, score = _draw(rng, pool, _rate(item, "2023", "general"),
                                     2.0 if target else 0.0, centre)  # fmt: skip
            if item == "camera_image_analysis":
                dont_know = rng.choice(sorted(pool))
                del available[dont_know]
                _fix_count(available, CAMERA_ANALYSIS_GENERAL, score)
                codes = _codes(rng, available, invalid_rate=0)
                codes[dont_know] = 9
            else:
                codes = _codes(rng, available)
            effect = size_effect(pool, codes)
            if is_size_driven(effect) if target else is_not_size_driven(effect):
                break
        else:
            raise RuntimeError(f"No seed gives the intended size effect for {item}.")
        attempts[item] = attempt
        answers[item] = codes
    return answers


def drone_answers(zones, respondents: Respondents, attempts: dict):
    """Drone in 2020 and 2023: 40/146 in 2023, and 14/62 → 21/62 on the panel."""
    r2023 = {c: zones[c] for c in respondents.r2023}
    r2020 = {c: zones[c] for c in respondents.r2020}
    centre = _centre(r2023)
    for attempt in range(MAX_ATTEMPTS):
        rng = random.Random(f"{SEED}:drone:{attempt}")
        unsure_2020 = rng.sample(respondents.panel, len(respondents.panel) - DRONE_PANEL_BASE)
        panel = [c for c in respondents.panel if c not in unsure_2020]
        after, score = _draw(rng, r2023, RATES_2023["drone"], 2.0, centre)
        on_panel = {c: after[c] for c in panel}
        _fix_count(on_panel, DRONE_PANEL_AFTER, score)
        off_panel = {c: a for c, a in after.items() if c not in on_panel}
        _fix_count(off_panel, DRONE_GENERAL - DRONE_PANEL_AFTER, score)
        after = {**on_panel, **off_panel}
        codes_2023 = {c: _use_code(rng, after[c]) for c in sorted(after)}
        effect = size_effect(r2023, codes_2023)
        if is_size_driven(effect):
            break
    else:
        raise RuntimeError("No seed gives the intended size effect for drone.")
    attempts["drone"] = attempt
    # 2020: fewer drones, mostly in zones that still had one in 2023.
    before, score_2020 = _draw(rng, r2020, RATES_2023["drone"] * GROWTH_2020, 1.0, centre)
    for c in panel:
        score_2020[c] += 1.0 if after[c] else 0.0
        before[c] = rng.random() < (0.6 if after[c] else 0.05)
    on_panel = {c: before[c] for c in panel}
    _fix_count(on_panel, DRONE_PANEL_BEFORE, score_2020)
    before.update(on_panel)
    codes_2020 = {c: _use_code(rng, before[c]) for c in sorted(before)}
    for i, c in enumerate(sorted(unsure_2020)):
        codes_2020[c] = 9 if i % 2 == 0 else None
    return codes_2020, codes_2023


def simple_module_answers(zones, respondents, items, edition, kind, exact=None):
    """Answers independent of size; `exact`: item → (available, zones without a valid answer)."""
    pool = {c: zones[c] for c in respondents}
    centre = _centre(pool)
    answers = {}
    for item in items:
        rng = random.Random(f"{SEED}:{edition}:{kind}:{item}")
        available, score = _draw(rng, pool, _rate(item, edition, kind), 0.0, centre)
        if exact and item in exact:
            count, missing = exact[item]
            invalid = rng.sample(sorted(pool), missing)
            for c in invalid:
                del available[c]
            _fix_count(available, count, score)
            codes = _codes(rng, available, invalid_rate=0)
            codes.update(dict.fromkeys(invalid))
        else:
            codes = _codes(rng, available)
        answers[item] = codes
    return answers


def role_answers(rng, respondents: list[str], spec: ModuleSpec) -> dict[str, dict]:
    """Role codes with an exact share of 3–4 among the valid answers of each cell."""
    roles = {c: {} for c in respondents}
    for category in spec.categories:
        for objective in spec.objectives:
            cell = (category, objective)
            valid = []
            for zone in respondents:
                roll = rng.random()
                if roll < 0.03:
                    roles[zone][cell] = 9
                elif roll >= 0.05:
                    valid.append(zone)
            share = ROLE_SHARES.get(category, {}).get(objective, DEFAULT_ROLE_SHARE)
            major = round(share * len(valid))
            rng.shuffle(valid)
            for i, zone in enumerate(valid):
                pick = (3, 4) if i < major else (0, 1, 2)
                roles[zone][cell] = rng.choice(pick)
    return roles


def response_specs(codes_by_item, respondents, start, end, seed, roles=None) -> list[ResponseSpec]:
    rng = random.Random(seed)
    responses = []
    for zone in respondents:
        answers = {
            item: codes[zone] for item, codes in codes_by_item.items() if codes[zone] is not None
        }
        responses.append(
            ResponseSpec(
                zone, submission_time(rng, start, end), answers, (roles or {}).get(zone, {})
            )
        )
    return responses
