"""Demo data: a fictional zone register, accounts and responses that reproduce the published figures.

Everything is generated from fixed seeds (`random.Random`, never the global generator), so two runs
produce the same register and answers. Answers are drawn per item, then adjusted to hit the exact
counts of the domain brief's table, and the size predictors are checked with the same logistic
regression the results use: an item that comes out (in)significant when it should not is drawn
again with its next seed. Zone codes start with 9 (real Belgian zone codes are 5xxx) and every name
starts with "Demozone" or "Zone démo", so demo zones can never be mistaken for real ones.
"""

import math
import random
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import transaction

SEED = 20231
DEMO_PASSWORD = "demo-password-1"
FOUNDED = date(2002, 1, 1)
MERGER_END = date(2021, 12, 31)
MERGER_START = date(2022, 1, 1)
MAX_ATTEMPTS = 60
# Margins around α = 0.05, so the results' own regression lands on the same side of it.
TARGET_P = 0.01
NON_TARGET_P = 0.10
SIZE_DRIVEN = ("drone", "x_account", "forensic_centre", "camera_image_analysis")

# The published figures (domain brief) the demo reproduces.
RESPONDED_2020 = 86
RESPONDED_2023_GENERAL = 146
RESPONDED_2023_EVENTS = 142
PANEL = 67
DRONE_PANEL_BASE = 62
DRONE_PANEL_BEFORE = 14
DRONE_PANEL_AFTER = 21
DRONE_GENERAL = 40
CAMERA_ANALYSIS_GENERAL = 33  # base 145: one zone answers "don't know"
DRONE_EVENTS = 69
CAMERA_ANALYSIS_EVENTS = 27  # base 140: two zones do not answer

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

DUTCH_STEMS = (
    "Akker Beemd Berken Bloem Dauw Dennen Distel Eiken Elzen Essen Hazel Heide Hulst Kastanje "
    "Klaver Koren Leeuwerik Linden Meidoorn Molen Mos Noord Ooievaar Populier Reiger Rozen Vlier "
    "Wilgen Zilver Zonne"
).split()
DUTCH_ENDINGS = "veld dal broek hoven meers kouter dries berg hout donk".split()
FRENCH_STEMS = (
    "Vallon Mont Bois Pré Roche Fontaine Sart Val Champ Ry Chêne Moulin Court Fosse".split()
)
FRENCH_ENDINGS = "Clair Fleuri Joli Doré Vert Paisible Serein Léger Brillant Sauvage".split()
BRUSSELS_NAMES = (
    ("Vijverpark", "Parc-des-Étangs"),
    ("Kanaalkant", "Rive-du-Canal"),
    ("Zonnehof", "Cour-du-Soleil"),
    ("Lindenplein", "Place-des-Tilleuls"),
    ("Kasteeldreef", "Drève-du-Château"),
    ("Hoogplateau", "Haut-Plateau"),
)
GERMAN_NAMES = ("Tannenbrück", "Mühlenau")


def name_nl(place: str) -> str:
    return f"Demozone {place}"


def name_fr(place: str) -> str:
    article = "d'" if place[0] in "AEIOUÉ" else "de "
    return f"Zone démo {article}{place}"


@dataclass(frozen=True)
class ZoneSpec:
    code: str
    name_nl: str
    name_fr: str
    region: str
    degurba: int
    staff: int
    language: str
    valid_from: date = FOUNDED
    valid_to: date | None = None
    successor: str | None = None
    contact_name: str = ""
    contact_email: str = ""


@dataclass(frozen=True)
class AccountSpec:
    email: str
    first_name: str
    last_name: str
    language: str
    is_researcher: bool = False
    is_superuser: bool = False
    zone: str | None = None  # code of the zone the account is chief of


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


@dataclass
class DemoPlan:
    zones: list[ZoneSpec]
    accounts: list[AccountSpec]
    responses: dict[tuple[str, str], list[ResponseSpec]]  # (edition, kind) → responses
    in_progress: tuple[str, dict[str, int]]  # zone code, answers of the open 2026 response
    attempts: dict[str, int]  # item → seeds tried before the predictors came out right


# --- the register ---------------------------------------------------------------------------


def _staff(rng: random.Random, degurba: int, region: str) -> int:
    """Skewed headcounts: most zones 50–150, cities larger, Brussels zones large."""
    if region == "BR":
        median, sigma, low, high = 1300, 0.35, 700, 2800
    else:
        median, sigma, low, high = {1: (550, 0.6, 200, 2800), 2: (130, 0.4, 60, 450)}.get(
            degurba, (75, 0.3, 45, 160)
        )
    return int(min(high, max(low, round(rng.lognormvariate(math.log(median), sigma)))))


def _places(rng: random.Random, stems, endings, count: int, joiner: str = "") -> list[str]:
    combos = [f"{a}{joiner}{b}" for a in stems for b in endings]
    return rng.sample(combos, count)


def demo_zones() -> list[ZoneSpec]:
    """185 fictional zones: Flanders 107 in 2020, 106 from 2022 (a merger), Brussels 6, Wallonia 71."""
    rng = random.Random(f"{SEED}:register")
    zones = []
    flemish = _places(rng, DUTCH_STEMS, DUTCH_ENDINGS, 107)
    for i, place in enumerate(flemish, start=1):
        degurba = rng.choices((1, 2, 3), weights=(12, 50, 45))[0]
        zones.append(
            ZoneSpec(
                f"{9000 + i}",
                name_nl(place),
                name_fr(place),
                "VL",
                degurba,
                _staff(rng, degurba, "VL"),
                "nl",
            )  # fmt: skip
        )
    # The last two Flemish zones merge into a new zone with a new code on 1 January 2022.
    first, second = zones[-2], zones[-1]
    merged_place = (
        f"{first.name_nl.removeprefix('Demozone ')}-{second.name_nl.removeprefix('Demozone ')}"
    )
    successor = ZoneSpec(
        "9108", name_nl(merged_place), name_fr(merged_place), "VL",
        min(first.degurba, second.degurba), first.staff + second.staff, "nl",
        valid_from=MERGER_START,
    )  # fmt: skip
    zones[-2:] = [
        ZoneSpec(**{**z.__dict__, "valid_to": MERGER_END, "successor": successor.code})
        for z in (first, second)
    ]
    zones.append(successor)
    for i, (nl, fr) in enumerate(BRUSSELS_NAMES, start=1):
        zones.append(
            ZoneSpec(
                f"{9200 + i}",
                name_nl(nl),
                name_fr(fr),
                "BR",
                1,
                _staff(rng, 1, "BR"),
                "fr" if i % 3 else "nl",
            )  # fmt: skip
        )
    walloon = _places(rng, FRENCH_STEMS, FRENCH_ENDINGS, 69, joiner="-")
    for i, place in enumerate([*walloon, *GERMAN_NAMES], start=1):
        german = place in GERMAN_NAMES
        degurba = 3 if german else rng.choices((1, 2, 3), weights=(8, 28, 35))[0]
        zones.append(
            ZoneSpec(
                f"{9300 + i}",
                name_nl(place),
                name_fr(place),
                "WA",
                degurba,
                _staff(rng, degurba, "WA"),
                "de" if german else "fr",
            )  # fmt: skip
        )
    return zones


def in_population(zone: ZoneSpec, start: date, end: date, regions) -> bool:
    return (
        zone.region in regions
        and zone.valid_from <= end
        and (zone.valid_to is None or zone.valid_to >= start)
    )


# --- who responds ---------------------------------------------------------------------------


@dataclass
class Respondents:
    r2020: list[str]
    r2023: list[str]
    events: list[str]
    panel: list[str]


def demo_respondents(zones: list[ZoneSpec]) -> Respondents:
    """86 of 113 in 2020; 146 of 183 in 2023 with a panel of 67; 142 for events."""
    rng = random.Random(f"{SEED}:respondents")
    merged = [z.code for z in zones if z.valid_to]
    successor = [z.code for z in zones if z.valid_from == MERGER_START]
    stable = [
        z.code for z in zones if z.region in ("VL", "BR") and z.code not in merged + successor
    ]
    walloon = [z.code for z in zones if z.region == "WA"]
    german = [z.code for z in zones if z.language == "de"]

    r2020_stable = rng.sample(stable, RESPONDED_2020 - len(merged))
    panel = rng.sample(r2020_stable, PANEL)
    absent_2020 = [c for c in stable if c not in r2020_stable]
    new_2023 = rng.sample(absent_2020, len(absent_2020) - 4)
    flemish_2023 = panel + successor + new_2023
    others = [c for c in walloon if c not in german]
    walloon_2023 = german + rng.sample(others, RESPONDED_2023_GENERAL - len(flemish_2023) - 2)
    r2023 = sorted(flemish_2023 + walloon_2023)
    events = sorted(rng.sample(r2023, RESPONDED_2023_EVENTS))
    return Respondents(sorted(r2020_stable + merged), r2023, events, sorted(panel))


def _submitted_at(rng: random.Random, start: date, end: date) -> datetime:
    """A fieldwork curve: a first wave, a wave after the reminder, then stragglers."""
    days = (end - start).days
    wave = rng.random()
    if wave < 0.45:
        day = rng.uniform(0, 14)
    elif wave < 0.8:
        day = rng.uniform(21, 35)
    else:
        day = rng.uniform(35, days)
    moment = datetime.combine(start, datetime.min.time(), tzinfo=UTC) + timedelta(days=int(day))
    return moment + timedelta(hours=rng.randint(7, 17), minutes=rng.randint(0, 59))


# --- answers --------------------------------------------------------------------------------


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
    import pandas as pd
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


def _both_outcomes_everywhere(frame) -> bool:
    """Each degurba and region has zones with and without: no quasi-separation."""
    for column in ("degurba", "region"):
        if (frame.groupby(column)["available"].agg(["min", "max"]).eq([0, 1])).all(axis=1).all():
            continue
        return False
    return frame["available"].sum() >= 10 and (1 - frame["available"]).sum() >= 10


def is_size_driven(effect) -> bool:
    return (
        effect is not None
        and effect["clean"]
        and effect["coef"] > 0
        and effect["p"] < TARGET_P
        and _both_outcomes_everywhere(effect["frame"])
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


def _general_2023(zones, respondents: list[str], items: list[str], attempts: dict):
    """Answers of the 2023 general module: exact drone/camera-analysis counts, checked predictors."""
    pool = {c: zones[c] for c in respondents}
    centre = _centre(pool)
    answers = {}
    for item in items:
        if item == "drone":
            continue  # drawn with the panel, see _drone
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


def _drone(zones, respondents: Respondents, attempts: dict):
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


def _simple_module(zones, respondents, items, edition, kind, exact=None):
    """Answers independent of size; `exact` maps item → (available, zones without a valid answer)."""
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
            codes.update({c: None for c in invalid})
        else:
            codes = _codes(rng, available)
        answers[item] = codes
    return answers


def _roles(rng, respondents: list[str], spec: ModuleSpec) -> dict[str, dict]:
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


def _responses(codes_by_item, respondents, start, end, seed, roles=None) -> list[ResponseSpec]:
    rng = random.Random(seed)
    responses = []
    for zone in respondents:
        answers = {
            item: codes[zone] for item, codes in codes_by_item.items() if codes[zone] is not None
        }
        responses.append(
            ResponseSpec(zone, _submitted_at(rng, start, end), answers, (roles or {}).get(zone, {}))
        )
    return responses


def demo_accounts(zones: list[ZoneSpec], respondents: Respondents) -> list[AccountSpec]:
    flemish = next(c for c in respondents.panel if c in respondents.events)
    french = next(
        z.code
        for z in zones
        if z.language == "fr" and z.region == "WA" and z.code in respondents.r2023
    )
    german = next(z.code for z in zones if z.language == "de")
    return [
        AccountSpec("researcher@demo.invalid", "Demo", "Onderzoeker", "nl", is_researcher=True),
        AccountSpec("admin@demo.invalid", "Demo", "Beheerder", "en", is_superuser=True),
        AccountSpec("chef.nl@demo.invalid", "Demo", "Korpschef", "nl", zone=flemish),
        AccountSpec("chef.fr@demo.invalid", "Démo", "Chef de corps", "fr", zone=french),
        AccountSpec("chef.de@demo.invalid", "Demo", "Korpschef (DG)", "de", zone=german),
    ]


def demo_plan(modules: dict[tuple[str, str], ModuleSpec]) -> DemoPlan:
    """The whole demo, computed without touching the database."""
    zones = demo_zones()
    by_code = {z.code: z for z in zones}
    respondents = demo_respondents(zones)
    accounts = demo_accounts(zones, respondents)
    chiefs = {a.zone: a for a in accounts if a.zone}
    zones = [
        ZoneSpec(**{**z.__dict__, "contact_name": f"{chiefs[z.code].first_name} "
                    f"{chiefs[z.code].last_name}", "contact_email": chiefs[z.code].email})
        if z.code in chiefs else z
        for z in zones
    ]  # fmt: skip
    attempts: dict[str, int] = {}
    general_2020, general_2023, events = (
        modules[("2020", "general")], modules[("2023", "general")], modules[("2023", "events")],
    )  # fmt: skip

    answers_2023 = _general_2023(by_code, respondents.r2023, general_2023.items, attempts)
    drone_2020, drone_2023 = _drone(by_code, respondents, attempts)
    answers_2023["drone"] = drone_2023
    answers_2023 = {item: answers_2023[item] for item in general_2023.items}
    answers_2020 = _simple_module(
        by_code,
        respondents.r2020,
        [i for i in general_2020.items if i != "drone"],
        "2020",
        "general",
    )
    answers_2020["drone"] = drone_2020
    answers_2020 = {item: answers_2020[item] for item in general_2020.items}
    answers_events = _simple_module(
        by_code, respondents.events, events.items, "2023", "events",
        exact={"drone": (DRONE_EVENTS, 0), "camera_image_analysis": (CAMERA_ANALYSIS_EVENTS, 2)},
    )  # fmt: skip
    roles = _roles(random.Random(f"{SEED}:roles"), respondents.events, events)

    fieldwork_2020 = (date(2020, 11, 1), date(2020, 12, 31))
    fieldwork_2023 = (date(2023, 5, 1), date(2023, 6, 30))
    responses = {
        ("2020", "general"): _responses(
            answers_2020, respondents.r2020, *fieldwork_2020, f"{SEED}:when:2020"
        ),
        ("2023", "general"): _responses(
            answers_2023, respondents.r2023, *fieldwork_2023, f"{SEED}:when:2023:general"
        ),
        ("2023", "events"): _responses(
            answers_events, respondents.events, *fieldwork_2023, f"{SEED}:when:2023:events", roles
        ),
    }
    # The Flemish chief is halfway through 2026: the first 20 items, as in 2023 where answered.
    chief_zone = next(a.zone for a in accounts if a.email.startswith("chef.nl"))
    earlier = next(r for r in responses[("2023", "general")] if r.zone == chief_zone).answers
    in_progress = {i: earlier[i] for i in general_2023.items[:20] if i in earlier}
    return DemoPlan(zones, accounts, responses, (chief_zone, in_progress), attempts)


# --- writing it -----------------------------------------------------------------------------

PLAN_MODULES = (("2020", "general"), ("2023", "general"), ("2023", "events"))
OPEN_EDITION = {
    "code": "2026",
    "name": "Technologie bij de Belgische lokale politie 2026",
    "fieldwork_start": date(2026, 11, 1),
    "fieldwork_end": date(2026, 12, 31),
    "regions": ["VL", "BR", "WA"],
}
ZONE_FIELDS = (
    "name_nl", "name_fr", "region", "degurba", "staff", "language", "valid_from", "valid_to",
    "contact_name", "contact_email",
)  # fmt: skip


class DemoRefused(Exception):
    """The register holds real zones: mixing demo data into them would corrupt the results."""


@dataclass
class SeedSummary:
    reference_loaded: bool = False
    zones_created: int = 0
    zones_updated: int = 0
    modules_written: list[str] = field(default_factory=list)
    responses_written: int = 0
    accounts_created: list[str] = field(default_factory=list)
    accounts_updated: list[str] = field(default_factory=list)
    open_edition_created: bool = False
    in_progress_created: bool = False
    plan: DemoPlan | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.reference_loaded or self.zones_created or self.zones_updated
            or self.modules_written or self.accounts_created or self.accounts_updated
            or self.open_edition_created or self.in_progress_created
        )  # fmt: skip


def module_specs() -> dict[tuple[str, str], ModuleSpec]:
    """The items (and role matrix) of the reference modules, in questionnaire order."""
    from .models import Module

    specs = {}
    for edition, kind in PLAN_MODULES:
        module = Module.objects.get(edition__code=edition, kind=kind)
        items = module.items.select_related("technology").order_by("order", "id")
        specs[(edition, kind)] = ModuleSpec(
            items=[item.technology.code for item in items],
            categories=[c.code for c in module.role_categories()] if module.has_role_matrix else [],
            objectives=list(module.objectives.order_by("order").values_list("code", flat=True)),
        )
    return specs


def _reference_missing() -> bool:
    from .models import Module

    found = set(
        Module.objects.filter(edition__code__in=["2020", "2023"]).values_list(
            "edition__code", "kind"
        )
    )
    return not set(PLAN_MODULES) <= found


def _zones_sync(plan: DemoPlan, summary: SeedSummary) -> dict[str, "object"]:
    from .models import Zone

    existing = {z.code: z for z in Zone.objects.filter(code__in=[s.code for s in plan.zones])}
    created = set()
    for spec in plan.zones:
        values = {name: getattr(spec, name) for name in ZONE_FIELDS}
        zone = existing.get(spec.code)
        if zone is None:
            existing[spec.code] = Zone.objects.create(code=spec.code, **values)
            created.add(spec.code)
            continue
        changed = [name for name, value in values.items() if getattr(zone, name) != value]
        for name in changed:
            setattr(zone, name, values[name])
        if changed:
            zone.save(update_fields=changed)
            summary.zones_updated += 1
    for spec in plan.zones:  # successors exist only once every zone does
        zone = existing[spec.code]
        successor_id = existing[spec.successor].pk if spec.successor else None
        if zone.successor_id != successor_id:
            zone.successor_id = successor_id
            zone.save(update_fields=["successor"])
            summary.zones_updated += spec.code not in created
    summary.zones_created = len(created)
    return existing


def _accounts_sync(plan: DemoPlan, zones: dict, summary: SeedSummary) -> dict[str, "object"]:
    from .models import User, ZoneMembership

    users = {}
    for spec in plan.accounts:
        values = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "language": spec.language,
            "is_researcher": spec.is_researcher or spec.is_superuser,
            "is_superuser": spec.is_superuser,
            "is_staff": spec.is_superuser,
            "is_active": True,
        }
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            user = User.objects.create_user(spec.email, DEMO_PASSWORD, **values)
            summary.accounts_created.append(spec.email)
        else:
            changed = [name for name, value in values.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, values[name])
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
                summary.accounts_updated.append(spec.email)
        if spec.zone:
            membership, created = ZoneMembership.objects.get_or_create(
                user=user, zone=zones[spec.zone], defaults={"role": ZoneMembership.Role.CHIEF}
            )
            if membership.role != ZoneMembership.Role.CHIEF:
                membership.role = ZoneMembership.Role.CHIEF
                membership.save(update_fields=["role"])
            if created and spec.email not in summary.accounts_created:
                summary.accounts_updated.append(spec.email)
        users[spec.email] = user
    return users


def _stored_state(module, zone_codes) -> dict[str, tuple]:
    from .models import Answer, Response, RoleAnswer

    responses = Response.objects.filter(module=module, zone__code__in=zone_codes)
    state = {
        code: (status, source, at, {}, {})
        for code, status, source, at in responses.values_list(
            "zone__code", "status", "source", "submitted_at"
        )
    }
    for zone, item, code in Answer.objects.filter(response__in=responses).values_list(
        "response__zone__code", "item__technology__code", "code"
    ):
        state[zone][3][item] = code
    for zone, category, objective, code in RoleAnswer.objects.filter(
        response__in=responses
    ).values_list("response__zone__code", "category__code", "objective__code", "code"):
        state[zone][4][(category, objective)] = code
    return state


def _planned_state(specs: list[ResponseSpec]) -> dict[str, tuple]:
    from .models import Response

    return {
        r.zone: (
            Response.Status.SUBMITTED,
            Response.Source.IMPORT,
            r.submitted_at,
            r.answers,
            r.roles,
        )
        for r in specs
    }


def _responses_write(module, specs: list[ResponseSpec], zones: dict) -> None:
    """Replace the demo zones' responses to one module by the planned ones."""
    from .models import Answer, Response, ResponseEvent, RoleAnswer

    Response.objects.filter(module=module, zone__in=list(zones.values())).delete()
    responses = Response.objects.bulk_create(
        Response(
            zone=zones[spec.zone],
            module=module,
            status=Response.Status.SUBMITTED,
            source=Response.Source.IMPORT,
            submitted_at=spec.submitted_at,
        )
        for spec in specs
    )
    if responses and responses[0].pk is None:  # backends that return no keys from bulk_create
        by_zone = dict(Response.objects.filter(module=module).values_list("zone_id", "pk"))
        for response in responses:
            response.pk = by_zone[response.zone_id]
    items = {i.technology.code: i for i in module.items.select_related("technology")}
    categories = {c.code: c for c in module.role_categories()}
    objectives = {o.code: o for o in module.objectives.all()}
    Answer.objects.bulk_create(
        Answer(response=response, item=items[item], code=code)
        for response, spec in zip(responses, specs, strict=True)
        for item, code in spec.answers.items()
    )
    RoleAnswer.objects.bulk_create(
        RoleAnswer(
            response=response,
            category=categories[category],
            objective=objectives[objective],
            code=code,
        )
        for response, spec in zip(responses, specs, strict=True)
        for (category, objective), code in spec.roles.items()
    )
    ResponseEvent.objects.bulk_create(
        ResponseEvent(response=response, kind=ResponseEvent.Kind.IMPORTED, reason="Demo data")
        for response in responses
    )


def _open_edition(plan: DemoPlan, zones: dict, users: dict, summary: SeedSummary) -> None:
    """An open 2026 edition in which the Flemish chief has started the general module."""
    from .editions import edition_copy
    from .models import Answer, AnswerChange, Edition, EditionTransition, Response

    edition = Edition.objects.filter(code=OPEN_EDITION["code"]).first()
    if edition is None:
        edition = edition_copy(source=Edition.objects.get(code="2023"), **OPEN_EDITION)
        EditionTransition.objects.create(
            edition=edition,
            from_status=edition.status,
            to_status=Edition.Status.OPEN,
            note="Demo data",
        )
        edition.status = Edition.Status.OPEN
        edition.save(update_fields=["status"])
        summary.open_edition_created = True
    module = edition.modules.get(kind="general")
    zone_code, answers = plan.in_progress
    zone = zones[zone_code]
    if Response.objects.filter(zone=zone, module=module).exists():
        return  # the chief may have worked on it since: not ours to reset
    chief = next(users[a.email] for a in plan.accounts if a.zone == zone_code)
    response = Response.objects.create(zone=zone, module=module, source=Response.Source.WEB)
    items = {i.technology.code: i for i in module.items.select_related("technology")}
    present = [(items[code], value) for code, value in answers.items() if code in items]
    Answer.objects.bulk_create(
        Answer(response=response, item=item, code=value, updated_by=chief)
        for item, value in present
    )
    AnswerChange.objects.bulk_create(
        AnswerChange(response=response, item=item, old_code=None, new_code=value, changed_by=chief)
        for item, value in present
    )
    summary.in_progress_created = True


def non_demo_zones():
    from .models import Zone

    return Zone.objects.exclude(code__in=[z.code for z in demo_zones()])


@transaction.atomic
def demo_seed(*, force: bool = False) -> SeedSummary:
    """Create or bring back the demo; a second run finds everything as planned and writes nothing."""
    from .models import Module
    from .reference import load_reference

    others = non_demo_zones()
    if others.exists() and not force:
        sample = ", ".join(str(z) for z in others[:3])
        raise DemoRefused(
            f"The zone register holds {others.count()} zones that are not demo zones ({sample}, …). "
            "Demo data belongs in an empty database; use --force to add it anyway."
        )
    summary = SeedSummary()
    if _reference_missing():
        load_reference()
        summary.reference_loaded = True
    plan = demo_plan(module_specs())
    summary.plan = plan
    zones = _zones_sync(plan, summary)
    users = _accounts_sync(plan, zones, summary)
    codes = list(zones)
    for (edition, kind), specs in plan.responses.items():
        module = Module.objects.get(edition__code=edition, kind=kind)
        if _stored_state(module, codes) != _planned_state(specs):
            _responses_write(module, specs, zones)
            summary.modules_written.append(f"{edition} {kind}")
            summary.responses_written += len(specs)
    _open_edition(plan, zones, users, summary)
    return summary
