"""Charts of the results, drawn server-side with matplotlib (Agg) as SVG or PNG for slides.

Each function takes the dataclasses of a computation and returns a Figure; `render` turns it
into bytes. Labels come from the active language, percentages from percentages.py.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .availability import NO_ANSWER
from .percentages import format_percent

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
USE_COLOURS = ["#b2182b", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"]
ROLE_COLOURS = ["#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#053061"]
DONT_KNOW, MISSING = "#bdbdbd", "#eeeeee"
EDITION_COLOURS = ["#9ecae1", "#08519c"]


def _figure(**options) -> Figure:
    """A Figure drawn with the Agg canvas, never through pyplot. matplotlib is imported here,
    not with the module: every process that loads the URLconf would pay for it otherwise."""
    from matplotlib.figure import Figure

    return Figure(**options)


def render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else None, bbox_inches="tight")
    return buffer.getvalue()


def _height(rows: int, per_row: float = 0.32, minimum: float = 2.5) -> float:
    return max(minimum, 1.2 + per_row * rows)


def _message(text: str) -> Figure:
    figure = _figure(figsize=(6, 1.5))
    figure.text(0.5, 0.5, text, ha="center", va="center")
    return figure


def fieldwork_chart(points, population: int, title: str = "") -> Figure:
    """Cumulative submitted responses per day, with the population as the ceiling."""
    if not points:
        return _message(_("No submitted responses yet."))
    figure = _figure(figsize=(7, 3.5))
    axes = figure.add_subplot()
    axes.step([p.day for p in points], [p.cumulative for p in points], where="post")
    if population:
        axes.axhline(population, color=DONT_KNOW, linestyle="--", label=_("population"))
        axes.legend(loc="lower right", frameon=False)
    axes.set_ylabel(_("submitted responses (cumulative)"))
    axes.set_ylim(0, max(population, points[-1].cumulative) * 1.05)
    axes.set_title(title)
    figure.autofmt_xdate()
    return figure


def _colours(codes: list[str], palette: list[str]) -> list[str]:
    colours, valid = [], [c for c in codes if c.isdigit() and int(c) < 9]
    for code in codes:
        if code == NO_ANSWER:
            colours.append(MISSING)
        elif code in valid:
            colours.append(palette[min(valid.index(code), len(palette) - 1)])
        else:
            colours.append(DONT_KNOW)
    return colours


def distribution_chart(rows, code_labels: dict[str, str], title: str = "") -> Figure:
    """Stacked bars: each item's answers over the codes; don't know and no answer last."""
    if not rows:
        return _message(_("No items."))
    codes = list(rows[0].distribution)
    figure = _figure(figsize=(9, _height(len(rows))))
    axes = figure.add_subplot()
    labels = [row.label for row in rows][::-1]
    left = [0] * len(rows)
    for code, colour in zip(codes, _colours(codes, USE_COLOURS), strict=True):
        values = [row.distribution.get(code, 0) for row in rows][::-1]
        axes.barh(
            labels,
            values,
            left=left,
            color=colour,
            edgecolor="white",
            linewidth=0.5,
            label=code_labels.get(code, code),
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, row in enumerate(rows[::-1]):
        axes.text(max(left) * 1.01, y, format_percent(row.percent), va="center", fontsize=8)
    axes.set_xlabel(_("zones"))
    axes.set_title(title)
    axes.legend(loc="upper left", bbox_to_anchor=(1.08, 1), frameon=False, fontsize=8)
    return figure


def _category_rows(items) -> list:
    """Items with a header row (the category label) before each category, top to bottom."""
    rows, previous = [], None
    for item in items:
        if item.category != previous:
            rows.append(item.category_label or item.category)
            previous = item.category
        rows.append(item)
    return rows


def comparison_chart(comparison, before_label: str, after_label: str, title: str = "") -> Figure:
    """Grouped bars per technology, earlier edition beside the later one, grouped by category
    (as in the researchers' presentation); * marks a significant exact McNemar test."""
    items = [item for item in comparison.items if item.base]
    if not items:
        return _message(_("No panel."))
    rows = _category_rows(items)
    figure = _figure(figsize=(9, _height(len(rows), 0.45)))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    bars = [(p, row) for p, row in zip(positions, rows, strict=True) if not isinstance(row, str)]
    for offset, label, colour, attr in (
        (0.2, before_label, EDITION_COLOURS[0], "before_percent"),
        (-0.2, after_label, EDITION_COLOURS[1], "after_percent"),
    ):
        values = [float(getattr(item, attr) or 0) for _p, item in bars]
        axes.barh([p + offset for p, _item in bars], values, height=0.4, color=colour, label=label)
        for p, item in bars:
            value = getattr(item, attr)
            axes.text(
                float(value or 0) + 1, p + offset, format_percent(value), va="center", fontsize=7
            )
    names = [
        row
        if isinstance(row, str)
        else f"{row.label}{' *' if row.p_value is not None and row.p_value < 0.05 else ''}"
        for row in rows
    ]
    axes.set_yticks(positions, names)
    for tick, row in zip(axes.get_yticklabels(), rows, strict=True):
        if isinstance(row, str):
            tick.set_fontweight("bold")
    axes.set_xlim(0, 110)
    axes.set_xlabel(_("Panel zones with the technology available (%)"))
    axes.set_title(title)
    axes.legend(loc="lower right", frameon=False)
    figure.text(0.01, 0.0, _("* exact McNemar test, p < 0.05"), fontsize=7)
    return figure


def forest_plot(rows, title: str = "") -> Figure:
    """Odds ratio per doubling of staff with its 95% CI, log scale, one line per technology."""
    estimable = [row for row in rows if row.estimable]
    if not estimable:
        return _message(_("No technology could be estimated."))
    figure = _figure(figsize=(8, _height(len(estimable))))
    axes = figure.add_subplot()
    y = list(range(len(estimable)))[::-1]
    for position, row in zip(y, estimable, strict=True):
        colour = EDITION_COLOURS[1] if row.significant else DONT_KNOW
        axes.plot([row.ci_low, row.ci_high], [position, position], color=colour)
        axes.plot([row.odds_ratio_per_doubling], [position], "o", color=colour)
    axes.axvline(1, color="black", linewidth=0.6)
    axes.set_xscale("log")
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_yticks(y, [row.label or row.code for row in estimable])
    axes.set_xlabel(_("odds ratio per doubling of staff (95% CI)"))
    axes.set_title(title)
    return figure


def heat_map(roles, title: str = "") -> Figure:
    """Category × objective: share of major or very major roles, the percentage in each cell."""
    if not roles:
        return _message(_("No role matrix."))
    categories = list(dict.fromkeys((r.category, r.category_label) for r in roles))
    objectives = list(dict.fromkeys((r.objective, r.objective_label) for r in roles))
    grid = [[math.nan] * len(objectives) for _ in categories]
    cells = {(r.category, r.objective): r for r in roles}
    figure = _figure(figsize=(1.6 + 1.3 * len(objectives), _height(len(categories), 0.5)))
    axes = figure.add_subplot()
    for i, (category, _label) in enumerate(categories):
        for j, (objective, _olabel) in enumerate(objectives):
            role = cells[(category, objective)]
            if role.percent is not None:
                grid[i][j] = float(role.percent)
            text = format_percent(role.percent)
            colour = "white" if role.percent is not None and role.percent > 60 else "black"
            axes.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
    image = axes.imshow(grid, cmap="Blues", vmin=0, vmax=100, aspect="auto")
    axes.set_xticks(
        range(len(objectives)), [label for _code, label in objectives], rotation=30, ha="right"
    )
    axes.set_yticks(range(len(categories)), [label for _code, label in categories])
    figure.colorbar(image, ax=axes, label=_("% major or very major role"))
    axes.set_title(title)
    return figure
