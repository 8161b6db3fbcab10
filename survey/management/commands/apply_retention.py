from django.core.management.base import BaseCommand

from survey.accounts.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Delete or anonymise personal data older than the RETENTION_DAYS_* settings "
        "(invitations, sign-in records, paradata, contact details); answers stay."
    )

    def handle(self, *args, **options):
        report = retention_apply()
        self.stdout.write(self.style.SUCCESS(f"Retention applied: {report}."))
