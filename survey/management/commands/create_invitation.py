"""Print a one-time invitation link for a zone chief (or colleague)."""

from django.core.management.base import BaseCommand, CommandError

from survey.accounts.invitations import invitation_create, invitation_url
from survey.models import Zone, ZoneMembership


class Command(BaseCommand):
    help = "Create an invitation to answer for a zone and print its one-time link."

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="zone code, e.g. 5411")
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--role", choices=ZoneMembership.Role.values, default=ZoneMembership.Role.CHIEF
        )

    def handle(self, *args, zone, email, role, **options):
        found = Zone.objects.filter(code=zone).first()
        if found is None:
            raise CommandError(f"No zone with code {zone}.")
        _invitation, token = invitation_create(zone=found, email=email, role=role)
        self.stdout.write(invitation_url(token))
