from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from survey.demo.plan import DEMO_PASSWORD
from survey.demo.seed import DemoRefused, demo_seed


class Command(BaseCommand):
    help = (
        "Create the demo: fictional zones, demo accounts and 2020/2023 responses that reproduce "
        "the published figures, plus an open 2026 edition (deterministic, idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the demo even though the register holds zones that are not demo zones.",
        )

    def handle(self, *args, force=False, **options):
        try:
            summary = demo_seed(force=force)
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if summary.changed_anything:
            if summary.reference_loaded:
                self.stdout.write("Loaded the 2020 and 2023 questionnaires.")
            self.stdout.write(
                f"Zones: {summary.zones_created} created, {summary.zones_updated} updated."
            )
            for module in summary.modules_written:
                self.stdout.write(f"Responses written: {module}.")
            if summary.open_edition_created:
                self.stdout.write("Opened edition 2026 (copied from 2023).")
            self.stdout.write(self.style.SUCCESS("Demo data ready."))
        else:
            self.stdout.write("Demo data already in place; nothing changed.")
        self.stdout.write("\nDemo logins (all zones and people are fictional):")
        for account in summary.plan.accounts:
            role = (
                "administrator"
                if account.is_superuser
                else "researcher"
                if account.is_researcher
                else f"zone chief of {account.zone} ({account.language})"
            )
            self.stdout.write(f"  {account.email:<28} {DEMO_PASSWORD}   {role}")
        in_progress_zone = summary.plan.in_progress[0]
        self.stdout.write(f"  Zone {in_progress_zone} has a 2026 response in progress.")
        if getattr(settings, "REQUIRE_2FA", False):
            self.stdout.write(
                self.style.WARNING(
                    "Two-factor authentication is ON (REQUIRE_2FA): researchers and "
                    "administrators must set up a TOTP device at first sign-in."
                )
            )
        else:
            self.stdout.write("Two-factor authentication is off in this demo (REQUIRE_2FA=false).")
