"""Print the results of an edition's module as the contract's JSON, or as a readable table."""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from results.statistics.percentages import format_percent
from results.statistics.results_json import results_json
from survey.models import Edition, Module


class Command(BaseCommand):
    help = "Print the results of one module of an edition (JSON contract or a text table)."

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Edition code, e.g. 2023.")
        parser.add_argument("--module", default=Module.Kind.GENERAL, help="general or events.")
        parser.add_argument("--compare", help="Code of the edition to compare with.")
        parser.add_argument("--predictors", action="store_true", help="Add the predictors.")
        parser.add_argument(
            "--include-brussels", action="store_true", help="Predictors: include Brussels."
        )
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, **options):
        for code in filter(None, (options["edition"], options["compare"])):
            if not Edition.objects.filter(code=code).exists():
                raise CommandError(f"Unknown edition {code!r}.")
            if not Module.objects.filter(edition__code=code, kind=options["module"]).exists():
                raise CommandError(f"Edition {code} has no module {options['module']!r}.")
        data = results_json(
            options["edition"],
            options["module"],
            compare_with=options["compare"],
            with_predictors=options["predictors"],
            include_brussels=options["include_brussels"],
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(table(data))


def pct(value) -> str:
    return format_percent(None if value is None else Decimal(str(value)), "en")


def table(data: dict) -> str:
    rate = data["response_rate"]
    lines = [
        f"Edition {data['edition']}, module {data['module']}",
        f"Response rate: {rate['responded']}/{rate['population']} ({pct(rate['percent'])})",
    ]
    for region, r in rate.get("by_region", {}).items():
        lines.append(f"  {region}: {r['responded']}/{r['population']} ({pct(r['percent'])})")
    lines += ["", f"{'technology':<40} {'available':>9} {'base':>5} {'%':>7}"]
    for item in data["items"]:
        lines.append(
            f"{item['code']:<40} {item['available']:>9} {item['base']:>5} {pct(item['percent']):>7}"
        )
    if "comparison" in data:
        comparison = data["comparison"]
        lines += ["", f"Compared with {comparison['with']}: panel of {comparison['panel_zones']}"]
        lines.append(f"{'technology':<40} {'base':>5} {'before':>8} {'after':>8} {'p':>7}")
        for item in comparison["items"]:
            p = "–" if item["p_value"] is None else f"{item['p_value']:.3f}"
            lines.append(
                f"{item['code']:<40} {item['base']:>5} {pct(item['before_percent']):>8} "
                f"{pct(item['after_percent']):>8} {p:>7}"
            )
    if "predictors" in data:
        lines += ["", f"{'technology':<40} {'n':>5} {'events':>6} {'OR/doubling':>11} {'p':>7}"]
        for item in data["predictors"]["items"]:
            if item["estimable"]:
                odds = f"{item['odds_ratio_per_doubling']:.2f}"
                p = f"{item['p_value']:.3f}" + ("*" if item["significant"] else " ")
            else:
                odds, p = "n/a", "n/a"
            lines.append(f"{item['code']:<40} {item['n']:>5} {item['events']:>6} {odds:>11} {p:>7}")
    return "\n".join(lines)
