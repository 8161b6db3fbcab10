"""A researcher's queries under the items of a module page (see survey/answering/grid.py)."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from survey.answering.answers import item_key
from survey.combined_query import Part
from survey.models import AnswerQuery


class QueryNotes:
    def __init__(self, zone, queries):
        self.zone = zone
        self.by_key: dict[str, list[AnswerQuery]] = {}
        for query in queries:
            self.by_key.setdefault(item_key(query.item_id), []).append(query)

    def row(self, key) -> str:
        return format_html_join("", "{}", ((self._one(q),) for q in self.by_key.get(key, [])))

    def _one(self, query) -> str:
        link = reverse("zone_query", args=[self.zone.code, query.pk])
        action = _("Reply") if query.status == AnswerQuery.Status.OPEN else _("Details")
        return format_html(
            '<div class="answer-query alert alert-info py-2 px-3 mb-2 small" id="query-{}">'
            '<strong>{}</strong> {} <span class="badge text-bg-secondary">{}</span> '
            '<a href="{}">{}</a></div>',
            query.pk,
            _("Question from the research team:"),
            query.text,
            query.get_status_display(),
            link,
            action,
        )

    def section(self, section_id) -> str:
        return ""


def query_parts(response) -> dict[str, Part]:
    """The rows of the queries about the response, to read with the page's other rows."""
    if response is None or not getattr(response, "has_queries", True):
        return {}
    fields = {"pk": "pk", "item": "item_id", "text": "text", "status": "status", "at": "raised_at"}
    return {"queries": Part(AnswerQuery.objects.filter(response=response), fields)}


def query_notes(zone, rows) -> QueryNotes | None:
    queries = [
        AnswerQuery(pk=q["pk"], item_id=q["item"], text=q["text"], status=q["status"])
        for q in sorted(rows.get("queries", []), key=lambda q: (q["at"], q["pk"]))
    ]
    return QueryNotes(zone, queries) if queries else None


class SheetNotes:
    """Several kinds of notes on one answer sheet, in order."""

    def __init__(self, parts):
        self.parts = parts

    def row(self, key) -> str:
        return format_html_join("", "{}", ((part.row(key),) for part in self.parts))

    def section(self, section_id) -> str:
        return format_html_join("", "{}", ((part.section(section_id),) for part in self.parts))


def sheet_notes(*parts) -> SheetNotes | None:
    """The notes shown on a module page (earlier answers, queries), or None."""
    parts = [part for part in parts if part is not None]
    return SheetNotes(parts) if parts else None
