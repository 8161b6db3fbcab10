"""Print a new API token for a researcher (for automation; researchers also make them on the
API tokens page)."""

from django.core.management.base import BaseCommand, CommandError

from results.api.tokens import DEFAULT_DAYS, SCOPES, TokenRefused, api_token_create
from survey.models import User


class Command(BaseCommand):
    help = (
        "Create a read-only API token for a researcher and print it (it is stored hashed and "
        f"cannot be shown again). Scopes: {', '.join(SCOPES)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="E-mail address of a researcher.")
        parser.add_argument("--scopes", required=True, help="Comma-separated, e.g. results.")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="At most 365.")
        parser.add_argument("--name", default="command line", help="What the token is for.")
        parser.add_argument(
            "--pseudonymised-only",
            action="store_true",
            help="Responses only with pseudonyms.",
        )

    def handle(self, *args, user, scopes, days, name, pseudonymised_only, **options):
        try:
            owner = User.objects.get(email__iexact=user)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {user!r}.") from exc
        try:
            row, token = api_token_create(
                user=owner,
                name=name,
                scopes=[s.strip() for s in scopes.split(",") if s.strip()],
                days=days,
                pseudonymised_only=pseudonymised_only,
            )
        except TokenRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stderr.write(
            f"Token {row.prefix}… for {owner.email}, scopes {', '.join(row.scopes)}, "
            f"valid until {row.expires_at:%Y-%m-%d}:"
        )
        self.stdout.write(token)
