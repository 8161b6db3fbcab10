"""Loads the questionnaire definitions of the 2020 and 2023 editions from `survey/reference/`.

Idempotent: a second run finds every row as it is and changes nothing. An edition's status and
anything a researcher changed in a later draft are left alone once the edition exists.
"""

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from survey.languages import LANGUAGES
from survey.models import Category, Edition, Item, Module, Objective, Scale, ScalePoint, Technology

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, model, created: bool, changed: bool) -> None:
        bucket = self.created if created else self.updated if changed else None
        if bucket is not None:
            name = model._meta.model_name  # worded (with plurals) by the command
            bucket[name] = bucket.get(name, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def read_csv(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def labels(row: dict[str, str]) -> dict[str, str]:
    return {f"label_{lang}": row.get(f"label_{lang}", "") or "" for lang in LANGUAGES}


def _sync(summary: LoadSummary, model, lookup: dict, values: dict):
    """get_or_create, then update only the fields that differ, so a rerun writes nothing."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    changed = False
    if not created:
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            obj.save(update_fields=list(values))
    summary.count(model, created, changed)
    return obj


@transaction.atomic
def load_reference() -> LoadSummary:
    summary = LoadSummary()
    spec = json.loads((REFERENCE_DIR / "editions.json").read_text(encoding="utf-8"))
    texts = spec["texts"]
    technologies = read_csv("technologies.csv")
    tech_objects = {
        row["code"]: _sync(summary, Technology, {"code": row["code"]}, labels(row))
        for row in technologies
    }
    categories = read_csv("categories.csv")
    scale_rows = read_csv("scales.csv")
    objectives = read_csv("objectives.csv")

    for ed in spec["editions"]:
        edition, created = Edition.objects.get_or_create(
            code=ed["code"],
            defaults={
                **{f"name_{lang}": ed["name"][lang] for lang in LANGUAGES},
                "fieldwork_start": date.fromisoformat(ed["fieldwork_start"]),
                "fieldwork_end": date.fromisoformat(ed["fieldwork_end"]),
                "regions": ed["regions"],
                "status": ed["status"],
                "previous": Edition.objects.filter(code=ed["previous"]).first()
                if ed["previous"]
                else None,
            },
        )
        summary.count(Edition, created, False)
        if not created and not edition.is_editable and not _incomplete(edition, ed):
            continue  # a researcher's edition in fieldwork or later is not ours to touch
        scales = {}
        for scale_code in ed["scales"]:
            scale = _sync(summary, Scale, {"edition": edition, "code": scale_code}, {})
            scales[scale_code] = scale
            for row in scale_rows:
                if row["scale"] != scale_code:
                    continue
                _sync(
                    summary,
                    ScalePoint,
                    {"scale": scale, "code": int(row["code"])},
                    {
                        **labels(row),
                        "counts_as_available": row["counts_as_available"] == "1",
                        "is_valid": row["is_valid"] == "1",
                    },
                )
        cats = {
            row["code"]: _sync(
                summary,
                Category,
                {"edition": edition, "code": row["code"]},
                {**labels(row), "order": int(row["order"])},
            )
            for row in categories
        }
        for mod in ed["modules"]:
            values = {"order": mod["order"], "scale": scales["use"]}
            for key in ("title", "question", "intro", "role_question"):
                for lang in LANGUAGES:
                    values[f"{key}_{lang}"] = texts[key][mod[key]][lang] if key in mod else ""
            values["role_scale"] = scales.get("role") if mod.get("objectives") else None
            module = _sync(summary, Module, {"edition": edition, "kind": mod["kind"]}, values)
            order = 0
            for row in technologies:
                if row[mod["items_column"]] != "1":
                    continue
                order += 1
                _sync(
                    summary,
                    Item,
                    {"module": module, "technology": tech_objects[row["code"]]},
                    {**labels(row), "category": cats[row["category"]], "order": order},
                )
            if mod.get("objectives"):
                for row in objectives:
                    _sync(
                        summary,
                        Objective,
                        {"module": module, "code": row["code"]},
                        {**labels(row), "order": int(row["order"])},
                    )
    return summary


def _incomplete(edition: Edition, spec: dict) -> bool:
    """True when an edition exists but a module of its reference definition is missing."""
    return edition.modules.count() < len(spec["modules"])
