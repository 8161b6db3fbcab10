from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.data.exports.paradata import paradata_csv
from survey.models import Module


class Command(BaseCommand):
    help = (
        "Export the paradata of one edition and module as CSV, one row per started response: "
        "zone, status, started, submitted, sessions, seconds_active, answers_confirmed, "
        "answers_changed, answers_fresh, queries_raised, queries_resolved. --pseudonymise "
        "replaces zone codes by the same keyed hashes as export_responses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Edition code, e.g. 2023.")
        parser.add_argument("--module", required=True, help="Module kind: general or events.")
        parser.add_argument("--pseudonymise", action="store_true")
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, edition, module, pseudonymise, output: Path, **options):
        try:
            target = Module.objects.select_related("edition").get(
                edition__code=edition, kind=module
            )
        except Module.DoesNotExist as exc:
            raise CommandError(f"Edition {edition} has no module {module!r}.") from exc
        try:
            with open(output, "w", encoding="utf-8", newline="") as out:
                for line in paradata_csv(target, pseudonymise=pseudonymise):
                    out.write(line)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"Paradata written to {output}."))
