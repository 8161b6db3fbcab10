"""The answer grid of a module page, rendered once per module, definition version, language and
read-only state, then filled in per request.

Everything but the answers is the same for every zone: headings, the scale's column headers,
each question's fieldset and legend, its radio buttons with their labels, its Clear button. That
HTML is built once (kept on the module's definition, survey/answering/sheet_definition.py) as
pieces; a request only picks, per question, the radio marked `checked`, the row's state classes
(`is-empty`, `is-invalid`) and its errors, and adds the notes of its zone (earlier answers,
queries) where the sheet has them. The markup is the one `section.html` and `_row` describe, so
labels, fieldsets and legends, `aria-describedby`, the no-JavaScript Clear buttons and the
`data-field` hooks of answering.js are what they always were.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from survey.answering.keys import item_key, role_key

# Where a section's note and rows go in the rendered section.html: escaped text cannot contain
# them (a label's "<" is "&lt;").
_NOTE, _ROWS = "<!--grid:note-->", "<!--grid:rows-->"


@dataclass(frozen=True)
class Row:
    """One question: a fieldset of radio buttons, escaped once."""

    name: str
    legend: str  # the question's label, escaped
    options: tuple  # (code, HTML unchecked, HTML checked) per answer of the scale
    clear: str  # the Clear button, or "" when read-only

    def render(self, value: str, errors) -> str:
        auto_id = f"id_{self.name}"
        classes = "matrix-row"
        described = ""
        error_html = ""
        if errors:
            classes += " is-invalid"
            described = f' aria-describedby="{auto_id}-errors"'
            error_html = (
                f'<div class="text-danger small" id="{auto_id}-errors">'
                + " ".join(conditional_escape(e) for e in errors)
                + "</div>"
            )
        if not value:
            classes += " is-empty"
        options = "".join(on if code == value else off for code, off, on in self.options)
        return (
            f'<fieldset class="{classes}" id="{self.name}" data-field="{self.name}"{described}>'
            f'<legend class="matrix-legend">{self.legend}</legend><div class="matrix-options">'
            f"{options}{self.clear}</div>{error_html}</fieldset>"
        )


def _row(name: str, label: str, points, read_only: bool) -> Row:
    name = escape(name)
    legend = escape(label)
    disabled = " disabled" if read_only else ""
    options = []
    for index, point in enumerate(points):
        code = str(point.code)
        start = (
            f'<div class="form-check matrix-cell"><input type="radio" name="{name}" '
            f'value="{escape(code)}" class="form-check-input" id="id_{name}_{index}"'
        )
        end = (
            f'{disabled}><label class="form-check-label matrix-option-label" '
            f'for="id_{name}_{index}">{escape(point.label)}</label></div>'
        )
        options.append((code, start + end, start + " checked" + end))
    clear = (
        ""
        if read_only
        else format_html(
            '<div class="matrix-cell matrix-clear-cell"><button type="submit" name="clear" '
            'value="{}" class="btn btn-link btn-sm matrix-clear">{}<span class="visually-hidden">'
            ": {}</span></button></div>",
            name,
            _("Clear"),
            label,
        )
    )
    return Row(name=name, legend=legend, options=tuple(options), clear=clear)


@dataclass(frozen=True)
class Section:
    """A category (or a category of the role matrix): its questions under a heading."""

    section_id: str
    head: str  # the HTML before the note
    middle: str  # between the note and the rows
    tail: str
    rows: tuple


def _section(heading, rows, points, section_id, *, level=2, intro=None) -> Section:
    html = render_to_string(
        "survey/answering/section.html",
        {
            "heading": heading,
            "points": points,
            "fields": mark_safe(_ROWS),  # noqa: S308 - a constant marker
            "note": mark_safe(_NOTE),  # noqa: S308 - a constant marker
            "section_id": section_id,
            "level": level,
            "intro": intro,
        },
    )
    head, rest = html.split(_NOTE)
    middle, tail = rest.split(_ROWS)
    return Section(section_id, head, middle, tail, tuple(rows))


@dataclass(frozen=True)
class Grid:
    sections: tuple

    def render(self, *, values: dict, errors, notes, base: str) -> SafeString:
        """The grid with `values` ({field name: code as text}) marked, `errors` ({field name:
        messages}) shown, and the notes (an object with row(name) and section(section_id), or
        None) in place; `base` is the value of the hidden field of the values shown."""
        parts = [format_html('<input type="hidden" name="base" value="{}" id="id_base">', base)]
        for section in self.sections:
            parts.append(section.head)
            parts.append(notes.section(section.section_id) if notes else "")
            parts.append(section.middle)
            for row in section.rows:
                parts.append(row.render(values.get(row.name) or "", errors.get(row.name)))
                if notes:
                    parts.append(notes.row(row.name))
            parts.append(section.tail)
        return mark_safe("".join(parts))  # noqa: S308 - every piece escaped as it was built


def _build(definition, module, read_only: bool) -> Grid:
    sections = []
    by_category: dict[int, tuple] = {}
    for item in definition.items:
        row = _row(item_key(item.pk), item.label, definition.points, read_only)
        by_category.setdefault(item.category_id, (item.category, []))[1].append(row)
    for category, rows in by_category.values():
        sections.append(_section(category.label, rows, definition.points, f"cat-{category.pk}"))
    for index, category in enumerate(definition.role_categories):
        rows = [
            _row(role_key(category.pk, o.pk), o.label, definition.role_points, read_only)
            for o in definition.objectives
        ]
        sections.append(
            _section(
                category.label,
                rows,
                definition.role_points,
                f"role-{category.pk}",
                level=3,
                intro=None if index else module.role_question or _("Roles"),
            )
        )
    return Grid(tuple(sections))


def grid_for(definition, module, *, read_only: bool) -> Grid:
    """The module's grid in the active language, built on first use and kept with the
    definition (`module` is the request's, of the same definition version)."""
    key = ("grid", translation.get_language(), read_only)
    grid = definition.built.get(key)
    if grid is None:
        grid = definition.built[key] = _build(definition, module, read_only)
    return grid
