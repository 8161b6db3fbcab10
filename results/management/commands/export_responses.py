import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.data.exports import FORMATS, LANGUAGES, ExportOptions, export_log
from results.data.exports.ddi import ddi_xml
from results.data.exports.files import export_to_path
from survey.models import Module


class Command(BaseCommand):
    help = (
        "Export the submitted responses of one edition and module. csv and xlsx are exactly the "
        "wide file import_responses reads (xlsx adds a codebook sheet); sav (SPSS) and dta "
        "(Stata) carry variable and value labels in --language (de falls back to fr); long is "
        "one row per answered cell (zone, item, code) for R. Zone attributes (name, region, "
        "degurba, size_class, staff) are added by default to sav/dta only; --with-attributes / "
        "--no-with-attributes override that (a csv/xlsx with attributes no longer imports). "
        "--pseudonymise replaces zone codes by keyed hashes (Z + 10 hex, stable within this "
        "application, not reversible) and leaves out names and exact staff. ddi writes the "
        "module's metadata (study, file, variables, categories, missing values, questions per "
        "language) as a DDI-Codebook 2.5 XML file instead of the responses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Edition code, e.g. 2023.")
        parser.add_argument("--module", required=True, help="Module kind: general or events.")
        parser.add_argument("--format", choices=(*FORMATS, "ddi"), default="csv")
        parser.add_argument("--language", choices=LANGUAGES, default="nl")
        parser.add_argument("--pseudonymise", action="store_true")
        parser.add_argument(
            "--with-attributes",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Add zone attributes (default: yes for sav/dta, no for csv/xlsx/long).",
        )
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, edition, module, output: Path, **options):
        try:
            target = Module.objects.select_related("edition", "scale", "role_scale").get(
                edition__code=edition, kind=module
            )
        except Module.DoesNotExist as exc:
            raise CommandError(f"Edition {edition} has no module {module!r}.") from exc
        if options["format"] == "ddi":
            self._ddi(target, output)
            return
        export_options = ExportOptions(
            format=options["format"],
            language=options["language"],
            pseudonymise=options["pseudonymise"],
            with_attributes=options["with_attributes"],
        )
        try:
            entry = export_to_path(
                target,
                export_options,
                output,
                progress=lambda n: self.stderr.write(f"{n} zones exported"),
            )
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"{entry.rows} zones written to {output}."))

    def _ddi(self, module, output: Path):
        try:
            output.write_bytes(ddi_xml(module))
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        export_log(
            user=None, edition=module.edition, module=module, format="ddi", options={}, rows=0
        )
        self.stdout.write(self.style.SUCCESS(f"DDI-Codebook 2.5 written to {output}."))
