"""The earlier answers on a module page: a line under each item, a "still correct" button per
category. Kept apart from the answer sheet's own markup: the sheet calls `row(key)` after each
question and `section(section_id)` at the top of each category (see survey/answering/grid.py)."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from survey.answering.answers import item_key
from survey.answering.preloading import Preload
from survey.models import Response

CONFIRMED = Response.Source.CONFIRMED


class PreloadNotes:
    def __init__(self, preload: Preload, sheet, *, confirmed: set[int], editable: bool):
        self.preload = preload
        self.editable = editable
        self.confirmed = confirmed
        self.items = {item_key(item.pk): item for item in sheet.items}
        answered = {item.pk for key, item in self.items.items() if key in sheet.answers}
        self.copyable = preload.copyable(sheet.items, answered, {p.code for p in sheet.points})
        self.by_category: dict[int, int] = {}
        for item in sheet.items:
            if item.pk in self.copyable:
                self.by_category[item.category_id] = self.by_category.get(item.category_id, 0) + 1

    @property
    def edition(self) -> str:
        return self.preload.sources[0].edition.code

    def row(self, key) -> str:
        """The earlier answer(s) of one item; nothing for an item new in this edition."""
        item = self.items.get(key)
        if item is None or item.technology_id not in self.preload.asked:
            return ""
        sources = self.preload.sources
        if self.preload.own_zone:
            text = _("Your answer in %(edition)s: %(answer)s") % {
                "edition": self.edition,
                "answer": sources[0].label(item.technology_id) or _("no answer"),
            }
        else:
            text = " · ".join(
                _("%(zone)s in %(edition)s: %(answer)s")
                % {
                    "zone": source.zone,
                    "edition": source.edition.code,
                    "answer": source.label(item.technology_id) or _("no answer"),
                }
                for source in sources
            )
        badge = (
            format_html(' <span class="badge text-bg-success">{}</span>', _("confirmed"))
            if item.pk in self.confirmed
            else ""
        )
        return format_html(
            '<p class="earlier-answer small text-body-secondary mb-2" id="earlier-{}">{}{}</p>',
            key,
            text,
            badge,
        )

    def section(self, section_id) -> str:
        """Above a category: the "still correct" button, or why nothing can be confirmed."""
        if not section_id.startswith("cat-"):
            return ""
        if not self.preload.can_confirm:
            return format_html(
                '<p class="earlier-intro small">{}</p>',
                _(
                    "The zones your zone was formed from answered %(edition)s; their answers are "
                    "shown under each question. Please answer each question for your zone now."
                )
                % {"edition": self.edition},
            )
        category_id = int(section_id.removeprefix("cat-"))
        count = self.by_category.get(category_id, 0)
        if not count or not self.editable:
            return ""
        return format_html(
            '<div class="earlier-confirm d-flex flex-wrap align-items-center gap-2 mb-2 '
            'd-print-none"><span class="small" id="confirm-{}">{}</span><button class="btn '
            'btn-sm btn-outline-success" type="submit" name="confirm" value="{}" '
            'aria-describedby="confirm-{}">{}</button></div>',
            category_id,
            ngettext(
                "%(n)s unanswered question of this category has an answer from %(edition)s. "
                "If it is still correct, confirm it; otherwise answer the question.",
                "%(n)s unanswered questions of this category have answers from %(edition)s. "
                "If they are still correct, confirm them; otherwise answer question by question.",
                count,
            )
            % {"n": count, "edition": self.edition},
            category_id,
            category_id,
            _("Still correct"),
        )


def preload_notes(preload: Preload | None, sheet, *, editable: bool) -> PreloadNotes | None:
    """The notes for a module page, or None when there is nothing earlier to show."""
    if preload is None:
        return None
    confirmed = {item for item, source in sheet.sources.items() if source == CONFIRMED}
    return PreloadNotes(preload, sheet, confirmed=confirmed, editable=editable)
