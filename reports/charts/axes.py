"""What every chart shares: labels in one font, value axes with gridlines, legends whose entries differ by
dash pattern and marker as well as colour (a chart must still read on a grey-scale printout), and the test
for a value the analysis suppressed."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from reports.charts.svg import GRID, INK, MUTED, PALETTE, LinearScale, Svg

FONT = "Helvetica, Arial, sans-serif"
FONT_SIZE = 11
CHAR_WIDTH = 0.62  # average glyph width per pixel of font size, for laying out labels without measuring
SUPPRESSED = "suppressed"
NOTE_HEIGHT = 18  # room under a chart for the note that not every group is drawn


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str | None
    marker: str  # circle, square, triangle, diamond


_DASHES = (None, "6,3", "2,2", "8,3,2,3")
_MARKERS = ("circle", "square", "triangle", "diamond")


def series_style(index: int) -> SeriesStyle:
    """The index-th series: colour, dash and marker all change, so no series is told apart by colour alone."""
    return SeriesStyle(PALETTE[index % len(PALETTE)], _DASHES[index % len(_DASHES)], _MARKERS[index % len(_MARKERS)])


@dataclass(frozen=True)
class PlotArea:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def is_missing(value: Any) -> bool:
    """None or NaN: a value the analysis suppressed or never had."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def number_label(value: float) -> str:
    """Short, stable text for a tick or value: 0.85, 12, 3.4k, 1.2M; float noise (1e-17) is 0."""
    magnitude = abs(value)
    if magnitude < 5e-4:
        return "0"
    if magnitude >= 1_000_000:
        return f"{value / 1_000_000:.3g}M"
    if magnitude >= 10_000:
        return f"{value / 1_000:.3g}k"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.3g}"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def clip(text: object, max_chars: int) -> str:
    """Long names cut with an ellipsis (the full name is in the table beside the chart)."""
    text = str(text)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def label(svg: Svg, x: float, y: float, text: object, size: float = FONT_SIZE, anchor: str = "start",
          colour: str = INK, **attributes: object) -> Svg:
    return svg.text(x, y, str(text), font_family=FONT, font_size=size, text_anchor=anchor, fill=colour,
                    **attributes)


def chart_title(svg: Svg, text: str, width: float) -> None:
    label(svg, 4, 16, clip(text, int(width / (13 * CHAR_WIDTH))), size=13, font_weight="bold")


def value_axis(svg: Svg, scale: LinearScale, area: PlotArea, caption: str | None = None) -> None:
    """A vertical value axis on the left with a gridline per tick."""
    for tick in scale.ticks(5):
        y = scale(tick)
        svg.line(area.left, y, area.right, y, stroke=GRID, stroke_width=1)
        label(svg, area.left - 5, y + 4, number_label(tick), size=10, anchor="end", colour=MUTED)
    svg.line(area.left, area.top, area.left, area.bottom, stroke=INK, stroke_width=1)
    if caption:
        label(svg, area.left, area.top - 6, caption, size=10, colour=MUTED)


def horizontal_axis(svg: Svg, scale: LinearScale, area: PlotArea, caption: str | None = None,
                    ticks: int = 6) -> None:
    """A value axis along the bottom with a vertical gridline per tick."""
    for tick in scale.ticks(ticks):
        x = scale(tick)
        svg.line(x, area.top, x, area.bottom, stroke=GRID, stroke_width=1)
        label(svg, x, area.bottom + 14, number_label(tick), size=10, anchor="middle", colour=MUTED)
    svg.line(area.left, area.bottom, area.right, area.bottom, stroke=INK, stroke_width=1)
    if caption:
        label(svg, area.right, area.bottom + 28, caption, size=10, anchor="end", colour=MUTED)


def marker(svg: Svg, shape: str, x: float, y: float, colour: str, size: float = 3.5) -> None:
    if shape == "square":
        svg.rect(x - size, y - size, 2 * size, 2 * size, fill=colour)
    elif shape == "triangle":
        svg.polygon([(x, y - size * 1.2), (x + size * 1.1, y + size * 0.8), (x - size * 1.1, y + size * 0.8)],
                    fill=colour)
    elif shape == "diamond":
        svg.polygon([(x, y - size * 1.3), (x + size * 1.3, y), (x, y + size * 1.3), (x - size * 1.3, y)],
                    fill=colour)
    else:
        svg.circle(x, y, size, fill=colour)


def legend_height(count: int, width: float, entry_width: float) -> float:
    per_row = max(int(width // entry_width), 1)
    return math.ceil(count / per_row) * 16


def legend(svg: Svg, names: list[str], x: float, y: float, width: float, entry_width: float = 150) -> None:
    """One entry per series, a line sample with its dash and marker, wrapped into rows."""
    per_row = max(int(width // entry_width), 1)
    max_chars = int((entry_width - 34) / (10 * CHAR_WIDTH))
    for index, name in enumerate(names):
        style = series_style(index)
        left = x + (index % per_row) * entry_width
        top = y + (index // per_row) * 16
        svg.line(left, top, left + 24, top, stroke=style.colour, stroke_width=2, stroke_dasharray=style.dash)
        marker(svg, style.marker, left + 12, top, style.colour)
        label(svg, left + 30, top + 4, clip(name, max_chars), size=10)


def first_groups(frame: pd.DataFrame, column: str, maximum: int) -> tuple[pd.DataFrame, int]:
    """The rows of the first `maximum` distinct values of `column` (in the frame's order), and how many distinct
    values there are: a chart of hundreds of teams is unreadable, the table beside it holds them all."""
    values = list(dict.fromkeys(frame[column]))
    if len(values) <= maximum:
        return frame, len(values)
    return frame[frame[column].isin(values[:maximum])], len(values)


def omitted_note(svg: Svg, x: float, y: float, shown: int, total: int, noun: str = "groups") -> None:
    if total > shown:
        label(svg, x, y, f"the first {shown:,} of {total:,} {noun} drawn; the table lists all", size=9.5,
              colour=MUTED, font_style="italic")


def suppressed_note(svg: Svg, x: float, y: float, anchor: str = "start") -> None:
    label(svg, x, y, SUPPRESSED, size=10, anchor=anchor, colour=MUTED, font_style="italic")
