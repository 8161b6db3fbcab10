from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from survey.questionnaire.reference import load_reference

# One sentence per kind of object, with its plural (Django's verbose_name_plural only adds an
# "s", which gave "antwoordschaals" and "doelstellings").
COUNTED = {
    "edition": lambda n: ngettext("%(n)d edition", "%(n)d editions", n),
    "scale": lambda n: ngettext("%(n)d answer scale", "%(n)d answer scales", n),
    "scalepoint": lambda n: ngettext("%(n)d scale point", "%(n)d scale points", n),
    "category": lambda n: ngettext("%(n)d category", "%(n)d categories", n),
    "technology": lambda n: ngettext("%(n)d technology", "%(n)d technologies", n),
    "module": lambda n: ngettext("%(n)d module", "%(n)d modules", n),
    "item": lambda n: ngettext("%(n)d item", "%(n)d items", n),
    "objective": lambda n: ngettext("%(n)d objective", "%(n)d objectives", n),
}


def worded(name: str, n: int) -> str:
    word = COUNTED.get(name)
    return word(n) % {"n": n} if word else f"{n} {name}"


class Command(BaseCommand):
    help = "Load the 2020 and 2023 questionnaire definitions (idempotent; loads no zones)."

    def handle(self, *args, **options):
        summary = load_reference()
        if not summary.changed_anything:
            self.stdout.write(_("Reference data already up to date; nothing changed."))
            return
        for label, counts in ((_("Created"), summary.created), (_("Updated"), summary.updated)):
            if counts:
                parts = ", ".join(worded(name, n) for name, n in sorted(counts.items()))
                self.stdout.write(f"{label}: {parts}")
        self.stdout.write(self.style.SUCCESS(_("Reference data loaded.")))
