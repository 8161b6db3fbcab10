from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.data.imports import parse_responses, responses_import
from survey.models import Module
from survey.tabular import TabularError, command_limits, read_command_file


class Command(BaseCommand):
    help = (
        "Import a wide response file (CSV or XLSX) of one edition and module: every row becomes "
        "a submitted response of its zone. All cells valid, or nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Edition code, e.g. 2023.")
        parser.add_argument("--module", required=True, help="Module kind: general or events.")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the answers of zones that already have a response to the module.",
        )

    def handle(self, *args, edition, module, file: Path, replace, **options):
        try:
            target = Module.objects.select_related("edition").get(
                edition__code=edition, kind=module
            )
        except Module.DoesNotExist as exc:
            raise CommandError(f"Edition {edition} has no module {module!r}.") from exc
        try:
            raw = read_command_file(file)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        except TabularError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        parsed = parse_responses(
            raw, file.name, module=target, replace=replace, limits=command_limits()
        )
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(parsed.errors)} problem(s) found; nothing was imported.")
        self.stderr.write(f"{len(parsed.rows)} rows valid; writing…")
        responses_import(
            parsed=parsed,
            reason=f"import_responses {file.name}",
            progress=lambda n: self.stderr.write(f"{n}/{len(parsed.rows)} rows written"),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(parsed.rows)} responses imported: "
                f"{parsed.new} new, {parsed.replaced} replaced."
            )
        )
