"""Charts of the results, drawn server-side with matplotlib (Agg) as SVG or PNG for slides.

Each function takes the dataclasses of a computation and returns a Figure; `render` turns it
into bytes. Labels come from the active language, percentages from percentages.py, days from
the language's DATE_FORMAT as on the pages. Every text is at least NOTE_SIZE points, legends
and ticks TEXT_SIZE: the charts go on slides at about their own width.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from django.utils import formats
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
TITLE_SIZE, TEXT_SIZE, NOTE_SIZE = 13, 11, 10  # points: title; ticks, legends, axis labels; notes


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


def _axes(figure: Figure, title: str):
    axes = figure.add_subplot()
    axes.tick_params(labelsize=TEXT_SIZE)
    axes.set_title(title, fontsize=TITLE_SIZE)
    return axes


def _fit_rows(axes, rows: int) -> None:
    """Rows 0 … rows-1 (bars 0.8 high) fill the plotting area: without this, matplotlib's 5%
    margins leave a band of several empty rows above and below a long list."""
    axes.set_ylim(-0.6, rows - 0.4)


def _message(text: str) -> Figure:
    figure = _figure(figsize=(6, 1.5))
    figure.text(0.5, 0.5, text, ha="center", va="center", fontsize=TEXT_SIZE)
    return figure


def _day(value, _position=None) -> str:
    from matplotlib.dates import num2date

    return formats.date_format(num2date(value).date(), "DATE_FORMAT")


def fieldwork_chart(points, population: int, title: str = "") -> Figure:
    """Cumulative submitted responses per day, with the population as the ceiling."""
    if not points:
        return _message(_("No submitted responses yet."))
    from matplotlib.ticker import FuncFormatter

    figure = _figure(figsize=(8, 4.5))
    axes = _axes(figure, title)
    axes.step([p.day for p in points], [p.cumulative for p in points], where="post")
    if population:
        axes.axhline(population, color=DONT_KNOW, linestyle="--", label=_("population"))
        axes.legend(loc="lower right", frameon=False, fontsize=TEXT_SIZE)
    axes.set_ylabel(_("submitted responses (cumulative)"), fontsize=TEXT_SIZE)
    axes.set_ylim(0, max(population, points[-1].cumulative) * 1.05)
    axes.xaxis.set_major_formatter(FuncFormatter(_day))
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
    axes = _axes(figure, title)
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
    # The percentages right of the plotting area, the legend beyond them ("100,0%" is about
    # four font sizes wide).
    beside = axes.get_yaxis_transform()
    for y, row in enumerate(rows[::-1]):
        text = format_percent(row.percent)
        axes.text(1.01, y, text, va="center", fontsize=NOTE_SIZE, transform=beside)
    _fit_rows(axes, len(rows))
    axes.set_xlim(0, max(left) or 1)
    axes.set_xlabel(_("zones"), fontsize=TEXT_SIZE)
    axes.legend(
        loc="upper left",
        bbox_to_anchor=(1, 1),
        borderaxespad=4.5,
        frameon=False,
        fontsize=TEXT_SIZE,
    )
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
    axes = _axes(figure, title)
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
                float(value or 0) + 1,
                p + offset,
                format_percent(value),
                va="center",
                fontsize=NOTE_SIZE,
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
    _fit_rows(axes, len(rows))
    axes.set_xlabel(_("Panel zones with the technology available (%)"), fontsize=TEXT_SIZE)
    # On one line in the top row, which is always a category heading without bars.
    axes.legend(loc="upper right", ncols=2, frameon=False, fontsize=TEXT_SIZE)
    # The note right under the axis label: placed in figure coordinates, it would sit at the
    # foot of the (tall) figure and leave a band of white above it.
    axes.annotate(
        _("* exact McNemar test, p < 0.05"),
        xy=(0, 0),
        xycoords=("axes fraction", axes.xaxis.label),
        xytext=(0, -NOTE_SIZE / 2),
        textcoords="offset points",
        va="top",
        fontsize=NOTE_SIZE,
    )
    return figure


def forest_plot(rows, title: str = "") -> Figure:
    """Odds ratio per doubling of staff with its 95% CI, log scale, one line per technology."""
    estimable = [row for row in rows if row.estimable]
    if not estimable:
        return _message(_("No technology could be estimated."))
    figure = _figure(figsize=(8, _height(len(estimable))))
    axes = _axes(figure, title)
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
    _fit_rows(axes, len(estimable))
    axes.set_xlabel(_("odds ratio per doubling of staff (95% CI)"), fontsize=TEXT_SIZE)
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
    axes = _axes(figure, title)
    for i, (category, _label) in enumerate(categories):
        for j, (objective, _olabel) in enumerate(objectives):
            role = cells[(category, objective)]
            if role.percent is not None:
                grid[i][j] = float(role.percent)
            text = format_percent(role.percent)
            colour = "white" if role.percent is not None and role.percent > 60 else "black"
            axes.text(j, i, text, ha="center", va="center", fontsize=NOTE_SIZE, color=colour)
    image = axes.imshow(grid, cmap="Blues", vmin=0, vmax=100, aspect="auto")
    axes.set_xticks(
        range(len(objectives)), [label for _code, label in objectives], rotation=30, ha="right"
    )
    axes.set_yticks(range(len(categories)), [label for _code, label in categories])
    scale = figure.colorbar(image, ax=axes)
    scale.set_label(_("% major or very major role"), fontsize=TEXT_SIZE)
    scale.ax.tick_params(labelsize=TEXT_SIZE)
    return figure
