from django.core.management.base import BaseCommand

from survey.questionnaire.reference import load_reference


class Command(BaseCommand):
    help = "Load the 2020 and 2023 questionnaire definitions (idempotent; loads no zones)."

    def handle(self, *args, **options):
        summary = load_reference()
        if not summary.changed_anything:
            self.stdout.write("Reference data already up to date; nothing changed.")
            return
        for label, counts in (("created", summary.created), ("updated", summary.updated)):
            for name, n in sorted(counts.items()):
                self.stdout.write(f"{label}: {n} {name}")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
