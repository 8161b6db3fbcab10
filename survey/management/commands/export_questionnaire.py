from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from survey.models import Edition
from survey.questionnaire.workbook import workbook_bytes


class Command(BaseCommand):
    help = "Write an edition's questionnaire to a workbook (docs/questionnaire-workbook.md)."

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Edition code, e.g. 2023.")
        parser.add_argument("--output", required=True, type=Path, help="The .xlsx file.")

    def handle(self, *args, edition, output: Path, **options):
        try:
            source = Edition.objects.get(code=edition)
        except Edition.DoesNotExist as exc:
            raise CommandError(f"No edition {edition!r}.") from exc
        output.write_bytes(workbook_bytes(source))
        self.stdout.write(self.style.SUCCESS(f"Questionnaire of {edition} written to {output}."))
