"""What a grid module's page shows below its heading, read in one query: the response's answers
and role answers, the earlier edition's answers (preloading) and the researchers' queries about
the response. Each feature names its rows (`*_parts`); this module reads them together."""

from dataclasses import dataclass

from survey.answering.preload_render import preload_notes
from survey.answering.preloading import preload_from_rows, preload_parts
from survey.answering.query_render import SheetNotes, query_notes, query_parts, sheet_notes
from survey.answering.sheet import Sheet, sheet_parts
from survey.combined_query import rows_in_one_query


@dataclass
class SheetPage:
    sheet: Sheet
    notes: SheetNotes | None


def sheet_page(zone, module, response, *, earlier_module_id, editable: bool) -> SheetPage:
    """The sheet and its notes; `earlier_module_id` is the module of the same kind in the
    previous edition (or None), whose answers preloading shows."""
    preloading = module.edition.preload and earlier_module_id is not None
    parts = sheet_parts(module, response, sources=preloading) | query_parts(response)
    if preloading:
        parts |= preload_parts(zone, module, earlier_module_id)
    rows = rows_in_one_query(parts)
    sheet = Sheet.from_rows(module, rows)
    preload = preload_from_rows(zone, module, earlier_module_id, rows) if preloading else None
    notes = sheet_notes(
        preload_notes(preload, sheet, editable=editable),
        query_notes(zone, rows),
    )
    return SheetPage(sheet, notes)
