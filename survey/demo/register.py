"""The demo's fictional zone register, who responds when, and the demo accounts."""

import math
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from .figures import PANEL, RESPONDED_2020, RESPONDED_2023_EVENTS, RESPONDED_2023_GENERAL, SEED

FOUNDED = date(2002, 1, 1)
MERGER_END = date(2021, 12, 31)
MERGER_START = date(2022, 1, 1)
ABSENT_BOTH = 4  # Flemish/Brussels zones that answered neither edition

# Invented place names: nature words and endings, never a municipality's name.
DUTCH_STEMS = (
    "Akker", "Beemd", "Berken", "Bloem", "Dauw", "Dennen", "Distel", "Eiken", "Elzen", "Essen",
    "Hazel", "Heide", "Hulst", "Kastanje", "Klaver", "Koren", "Leeuwerik", "Linden", "Meidoorn",
    "Molen", "Mos", "Noord", "Ooievaar", "Populier", "Reiger", "Rozen", "Vlier", "Wilgen",
    "Zilver", "Zonne",
)  # fmt: skip
DUTCH_ENDINGS = (
    "veld",
    "dal",
    "broek",
    "hoven",
    "meers",
    "kouter",
    "dries",
    "berg",
    "hout",
    "donk",
)
FRENCH_STEMS = (
    "Vallon", "Mont", "Bois", "Pré", "Roche", "Fontaine", "Sart", "Val", "Champ", "Ry", "Chêne",
    "Moulin", "Court", "Fosse",
)  # fmt: skip
FRENCH_ENDINGS = (
    "Clair", "Fleuri", "Joli", "Doré", "Vert", "Paisible", "Serein", "Léger", "Brillant", "Sauvage",
)  # fmt: skip
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

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


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
    """185 fictional zones: Flanders 107 in 2020 and 106 from 2022 (a merger), Brussels 6,
    Wallonia 71 (two of them German-speaking)."""
    rng = random.Random(f"{SEED}:register")
    zones = []

    def add(code, nl, fr, region, degurba, language, **extra):
        staff = extra.pop("staff", None) or _staff(rng, degurba, region)
        zones.append(
            ZoneSpec(code, name_nl(nl), name_fr(fr), region, degurba, staff, language, **extra)
        )

    for i, place in enumerate(_places(rng, DUTCH_STEMS, DUTCH_ENDINGS, 107), start=1):
        add(f"{9000 + i}", place, place, "VL", rng.choices((1, 2, 3), (12, 50, 45))[0], "nl")
    # The last two Flemish zones merge into a new zone with a new code on 1 January 2022.
    first, second = zones[-2:]
    zones[-2:] = [replace(z, valid_to=MERGER_END, successor="9108") for z in (first, second)]
    place = f"{first.name_nl.removeprefix('Demozone ')}-{second.name_nl.removeprefix('Demozone ')}"
    add("9108", place, place, "VL", min(first.degurba, second.degurba), "nl",
        staff=first.staff + second.staff, valid_from=MERGER_START)  # fmt: skip
    for i, (nl, fr) in enumerate(BRUSSELS_NAMES, start=1):
        add(f"{9200 + i}", nl, fr, "BR", 1, "fr" if i % 3 else "nl")
    walloon = _places(rng, FRENCH_STEMS, FRENCH_ENDINGS, 71 - len(GERMAN_NAMES), joiner="-")
    for i, place in enumerate(walloon, start=1):
        add(f"{9300 + i}", place, place, "WA", rng.choices((1, 2, 3), (8, 28, 35))[0], "fr")
    for i, place in enumerate(GERMAN_NAMES, start=len(walloon) + 1):
        add(f"{9300 + i}", place, place, "WA", 3, "de")
    return zones


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
    new_2023 = rng.sample(absent_2020, len(absent_2020) - ABSENT_BOTH)
    flemish_2023 = panel + successor + new_2023
    others = [c for c in walloon if c not in german]
    walloon_2023 = german + rng.sample(
        others, RESPONDED_2023_GENERAL - len(flemish_2023) - len(german)
    )
    r2023 = sorted(flemish_2023 + walloon_2023)
    events = sorted(rng.sample(r2023, RESPONDED_2023_EVENTS))
    return Respondents(sorted(r2020_stable + merged), r2023, events, sorted(panel))


def submission_time(rng: random.Random, start: date, end: date) -> datetime:
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
