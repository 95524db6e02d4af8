"""Horizontal box plots, one row per group (`group`, `n`, `low`, `p25`, `median`, `p75`, `high`): whiskers,
box and median on one shared scale, the group name and size on the left. A suppressed row says so in words."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from reports.charts.axes import (CHAR_WIDTH, NOTE_HEIGHT, PlotArea, chart_title, clip, horizontal_axis, is_missing,
                                 label, omitted_note, suppressed_note)
from reports.charts.svg import INK, MUTED, PALETTE, LinearScale, Svg

ROW_HEIGHT = 24
MAX_ROWS = 40
STATS = ("low", "p25", "median", "p75", "high")


def boxplot(frame: pd.DataFrame, title: str, width: float = 680, x_caption: str | None = None,
            reference: float | None = None) -> Markup:
    """`reference` draws a dashed vertical line (e.g. 1.0 = target) labelled with its value."""
    total, frame = len(frame), frame.head(MAX_ROWS)
    names = [f"{clip(row.group, 28)} (n={_count(row.n)})" for row in frame.itertuples(index=False)]
    label_width = min(max([len(n) for n in names] + [8]) * 10.5 * CHAR_WIDTH + 12, width * 0.4)
    area = PlotArea(label_width, 44, width - 16, 44 + ROW_HEIGHT * max(len(frame), 1))
    svg = Svg(width, area.bottom + 36 + (NOTE_HEIGHT if total > len(frame) else 0), title, css_class="chart boxplot")
    chart_title(svg, title, width)
    values = [float(v) for column in STATS for v in frame[column] if not is_missing(v)]
    if reference is not None:
        values.append(reference)
    scale = LinearScale(min(values + [0.0]), max(values + [1.0]), area.left + 6, area.right - 6)
    horizontal_axis(svg, scale, area, x_caption)
    if reference is not None:
        svg.line(scale(reference), area.top - 4, scale(reference), area.bottom, stroke=MUTED, stroke_dasharray="4,3")
        label(svg, scale(reference), area.top - 8, f"reference {reference:g}", size=9, anchor="middle", colour=MUTED)
    for index, (name, row) in enumerate(zip(names, frame.itertuples(index=False))):
        middle = area.top + (index + 0.5) * ROW_HEIGHT
        label(svg, area.left - 6, middle + 4, name, size=10.5, anchor="end")
        if any(is_missing(getattr(row, stat)) for stat in STATS):
            suppressed_note(svg, area.left + 8, middle + 4)
            continue
        _box(svg, [scale(float(getattr(row, stat))) for stat in STATS], middle)
    omitted_note(svg, 4, area.bottom + 46, len(frame), total, "rows")
    return svg.markup()


def _count(n: object) -> str:
    return "–" if is_missing(n) else f"{int(n):,}"


def _box(svg: Svg, xs: list[float], middle: float) -> None:
    low, p25, median, p75, high = xs
    half = ROW_HEIGHT * 0.3
    svg.line(low, middle, p25, middle, stroke=INK, stroke_width=1)
    svg.line(p75, middle, high, middle, stroke=INK, stroke_width=1)
    svg.line(low, middle - half / 2, low, middle + half / 2, stroke=INK, stroke_width=1)
    svg.line(high, middle - half / 2, high, middle + half / 2, stroke=INK, stroke_width=1)
    svg.rect(p25, middle - half, p75 - p25, 2 * half, fill=PALETTE[0], fill_opacity=0.35, stroke=INK,
             stroke_width=1)
    svg.line(median, middle - half, median, middle + half, stroke=INK, stroke_width=2.5)
