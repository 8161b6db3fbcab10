from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from survey.questionnaire.workbook import WorkbookInvalid, questionnaire_import


class Command(BaseCommand):
    help = (
        "Create a draft edition from a questionnaire workbook (docs/questionnaire-workbook.md); "
        "every problem is reported by sheet, row and column, and then nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Code of the new draft edition.")
        parser.add_argument("file", type=Path)

    def handle(self, *args, edition, file: Path, **options):
        try:
            created = questionnaire_import(code=edition, raw=file.read_bytes())
        except WorkbookInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(invalid.errors)} problems; nothing was imported.") from None
        modules = ", ".join(created.modules.order_by("order").values_list("kind", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Draft edition {created.code} created: {modules}."))
