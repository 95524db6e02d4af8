"""Trend lines (`x` as ISO month or cycle id, `y`, `group`): one line per group, each with its own dash and
marker and a legend below. A missing point breaks its line rather than being drawn as zero; x values sort as
text, which orders ISO months and cycle ids chronologically."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from reports.charts.axes import (NOTE_HEIGHT, PlotArea, chart_title, first_groups, is_missing, label, legend,
                                 legend_height, marker, omitted_note, series_style, value_axis)
from reports.charts.svg import MUTED, LinearScale, Svg

HEIGHT = 220
LEGEND_ENTRY = 190
MAX_GROUPS = 8  # beyond that, lines can no longer be told apart


def trend(frame: pd.DataFrame, title: str, width: float = 680, y_caption: str | None = None,
          reference: float | None = None) -> Markup:
    """`reference` draws a dashed horizontal line (e.g. 1.0 = target) labelled with its value."""
    total = 1
    if "group" in frame.columns:
        frame, total = first_groups(frame, "group", MAX_GROUPS)
    groups = list(dict.fromkeys(frame["group"])) if "group" in frame.columns else [title]
    xs = sorted({str(x) for x in frame["x"]})
    area = PlotArea(48, 40, width - 16, 40 + HEIGHT)
    extra = legend_height(len(groups), area.width, LEGEND_ENTRY) if len(groups) > 1 else 0
    height = area.bottom + 30 + extra
    svg = Svg(width, height + (NOTE_HEIGHT if total > len(groups) else 0), title, css_class="chart trend")
    chart_title(svg, title, width)
    values = [float(v) for v in frame["y"] if not is_missing(v)] + ([reference] if reference is not None else [])
    y = LinearScale(*_value_domain(values), area.bottom, area.top)
    x = LinearScale(0, max(len(xs) - 1, 1), area.left + 12, area.right - 12)
    value_axis(svg, y, area, y_caption)
    _x_labels(svg, xs, x, area)
    if reference is not None:
        svg.line(area.left, y(reference), area.right, y(reference), stroke=MUTED, stroke_dasharray="4,3")
        label(svg, area.right, y(reference) - 4, f"reference {reference:g}", size=9, anchor="end", colour=MUTED)
    position = {value: index for index, value in enumerate(xs)}
    for index, group in enumerate(groups):
        points = frame if "group" not in frame.columns else frame[frame["group"] == group]
        series = {str(px): py for px, py in zip(points["x"], points["y"])}
        _line(svg, index, [(x(position[v]), None if is_missing(series.get(v)) else y(float(series[v])))
                           for v in xs])
    if len(groups) > 1:
        legend(svg, [str(g) for g in groups], area.left, area.bottom + 34, area.width, LEGEND_ENTRY)
    omitted_note(svg, area.left, height + 8, len(groups), total)
    return svg.markup()


def _value_domain(values: list[float]) -> tuple[float, float]:
    """The values' range with a margin (not forced to zero: a line chart shows change, and the axis is labelled);
    never below zero for values that cannot be negative."""
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    margin = max((high - low) * 0.1, abs(high) * 0.02, 1e-9)
    bottom = low - margin
    return (max(bottom, 0.0) if low >= 0 else bottom), high + margin


def _x_labels(svg: Svg, xs: list[str], x: LinearScale, area: PlotArea) -> None:
    every = max(1, -(-len(xs) * 60 // int(area.width)))  # about one label per 60 px
    for index, value in enumerate(xs):
        if index % every == 0 or index == len(xs) - 1:
            label(svg, x(index), area.bottom + 14, value, size=9.5, anchor="middle", colour=MUTED)
            svg.line(x(index), area.bottom, x(index), area.bottom + 4, stroke=MUTED, stroke_width=1)


def _line(svg: Svg, index: int, points: list[tuple[float, float | None]]) -> None:
    style = series_style(index)
    segment: list[tuple[float, float]] = []
    for px, py in points + [(0.0, None)]:
        if py is None:
            if len(segment) > 1:
                svg.polyline(segment, stroke=style.colour, stroke_width=2, stroke_dasharray=style.dash)
            segment = []
            continue
        segment.append((px, py))
    for px, py in points:
        if py is not None:
            marker(svg, style.marker, px, py, style.colour, size=3)
