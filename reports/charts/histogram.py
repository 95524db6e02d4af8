"""Histogram of pre-binned counts (`bin_start`, `bin_end`, `count`), one panel per `group` when present.
Panels share both scales so groups compare at a glance; each bar carries its count as text."""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup

from reports.charts.axes import (NOTE_HEIGHT, PlotArea, chart_title, clip, first_groups, horizontal_axis, is_missing,
                                 label, number_label, omitted_note, suppressed_note, value_axis)
from reports.charts.svg import INK, MUTED, PALETTE, LinearScale, Svg

PANEL_HEIGHT = 150
MAX_COLUMNS = 3
MAX_GROUPS = 12


def histogram(frame: pd.DataFrame, title: str, width: float = 680, x_caption: str | None = None) -> Markup:
    total = 1
    if "group" in frame.columns:
        frame, total = first_groups(frame, "group", MAX_GROUPS)
    groups = list(dict.fromkeys(frame["group"])) if "group" in frame.columns else [None]
    columns = min(len(groups), MAX_COLUMNS)
    rows = math.ceil(len(groups) / columns)
    height = 30 + rows * (PANEL_HEIGHT + 40)
    svg = Svg(width, height + (NOTE_HEIGHT if total > len(groups) else 0), title, css_class="chart histogram")
    chart_title(svg, title, width)
    counts = [c for c in frame["count"] if not is_missing(c)]
    x_scale_domain = (float(frame["bin_start"].min()), float(frame["bin_end"].max())) if len(frame) else (0.0, 1.0)
    top_count = max(counts + [1])
    panel_width = width / columns
    for index, group in enumerate(groups):
        left = (index % columns) * panel_width
        top = 30 + (index // columns) * (PANEL_HEIGHT + 40)
        area = PlotArea(left + 40, top + 22, left + panel_width - 12, top + PANEL_HEIGHT)
        bins = frame if group is None else frame[frame["group"] == group]
        if group is not None:
            label(svg, area.left, top + 10, clip(group, int(area.width / 6.5)), size=11, font_weight="bold")
        _panel(svg, bins, area, x_scale_domain, top_count, x_caption if index == len(groups) - 1 else None)
    omitted_note(svg, 4, height + 10, len(groups), total)
    return svg.markup()


def _panel(svg: Svg, bins: pd.DataFrame, area: PlotArea, domain: tuple[float, float], top_count: float,
           x_caption: str | None) -> None:
    x = LinearScale(domain[0], domain[1], area.left, area.right)
    y = LinearScale(0, top_count, area.bottom, area.top)
    value_axis(svg, y, area)
    horizontal_axis(svg, x, area, x_caption, ticks=4)
    if bins["count"].map(is_missing).all():
        suppressed_note(svg, (area.left + area.right) / 2, (area.top + area.bottom) / 2, anchor="middle")
        return
    for row in bins.itertuples(index=False):
        left, right = x(float(row.bin_start)), x(float(row.bin_end))
        centre = (left + right) / 2
        if is_missing(row.count):
            label(svg, centre, area.bottom - 4, "–", size=10, anchor="middle", colour=MUTED)
            continue
        svg.rect(left + 0.5, y(row.count), right - left - 1, area.bottom - y(row.count), fill=PALETTE[0],
                 stroke=INK, stroke_width=0.5)
        if row.count > 0 and right - left >= 14:
            label(svg, centre, y(row.count) - 3, number_label(row.count), size=9, anchor="middle")
