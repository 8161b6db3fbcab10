from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from survey.tabular import TabularError, command_limits, read_command_file
from survey.zones.register import parse_register, register_save


class Command(BaseCommand):
    help = "Import or update the zone register (CSV/XLSX); all rows valid, or nothing is written."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            raw = read_command_file(file)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        except TabularError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        parsed = parse_register(raw, file.name, limits=command_limits())
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(parsed.errors)} problem(s) found; nothing was imported.")
        register_save(parsed=parsed)
        summary = f"{parsed.created} created, {parsed.updated} updated"
        self.stdout.write(self.style.SUCCESS(f"{len(parsed.rows)} zones read: {summary}."))
