import json

from django.core.management.base import BaseCommand, CommandError

from results.statistics.quality import quality, quality_json
from survey.models import Module


class Command(BaseCommand):
    help = (
        "Data quality of one edition and module as JSON: item_nonresponse (code, asked, "
        "unanswered), zone_nonresponse (zone, asked, unanswered), straightlining (zone codes), "
        "implausible_changes (zone, code, before, after) over the panel with the previous "
        "edition, and dont_know_outliers (zone codes). The definitions are in results/quality.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Edition code, e.g. 2023.")
        parser.add_argument("--module", required=True, help="Module kind: general or events.")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, edition, module, **options):
        try:
            target = Module.objects.select_related("edition").get(
                edition__code=edition, kind=module
            )
        except Module.DoesNotExist as exc:
            raise CommandError(f"Edition {edition} has no module {module!r}.") from exc
        self.stdout.write(json.dumps(quality_json(quality(target)), indent=2, ensure_ascii=False))
