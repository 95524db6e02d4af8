"""Radar charts (`group`, `axis`, `value` on the attainment scale), one small panel per group so teams are
compared by shape, not told apart by colour. Rings at 0.5, 1.0 (target, dashed) and 1.5 (the stretch cap);
an axis without a value for the group is marked with a dash at its label instead of being drawn as zero."""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup

from reports.charts.axes import (NOTE_HEIGHT, chart_title, clip, first_groups, is_missing, label, marker,
                                 omitted_note, suppressed_note)
from reports.charts.svg import GRID, INK, MUTED, PALETTE, Svg

PANEL_HEIGHT = 215
MAX_COLUMNS = 3
MAX_GROUPS = 12
RINGS = (0.5, 1.0, 1.5)


def radar(frame: pd.DataFrame, title: str, width: float = 680) -> Markup:
    axes = list(dict.fromkeys(frame["axis"]))
    frame, total = first_groups(frame, "group", MAX_GROUPS)
    groups = list(dict.fromkeys(frame["group"]))
    columns = max(min(len(groups), MAX_COLUMNS), 1)
    rows = max(math.ceil(len(groups) / columns), 1)
    height = 40 + rows * PANEL_HEIGHT
    svg = Svg(width, height + (NOTE_HEIGHT if total > len(groups) else 0), title, css_class="chart radar")
    chart_title(svg, title, width)
    label(svg, width - 4, 16, "dashed ring = target (1.0)", size=9, anchor="end", colour=MUTED)
    values = [float(v) for v in frame["value"] if not is_missing(v)]
    outer = max(values + [RINGS[-1]])
    panel_width = width / columns
    for index, group in enumerate(groups):
        centre_x = (index % columns + 0.5) * panel_width
        top = 30 + (index // columns) * PANEL_HEIGHT
        label(svg, centre_x, top + 14, clip(group, int(panel_width / 7)), size=11, anchor="middle",
              font_weight="bold")
        by_axis = dict(zip(frame.loc[frame["group"] == group, "axis"], frame.loc[frame["group"] == group, "value"]))
        radius = min(panel_width, 200) * 0.3
        _panel(svg, axes, by_axis, (centre_x, top + 115), radius, outer, panel_width)
    omitted_note(svg, 4, height + 8, len(groups), total)
    return svg.markup()


def _point(centre: tuple[float, float], angle: float, distance: float) -> tuple[float, float]:
    return centre[0] + distance * math.sin(angle), centre[1] - distance * math.cos(angle)


def _panel(svg: Svg, axes: list[str], by_axis: dict, centre: tuple[float, float], radius: float, outer: float,
           panel_width: float) -> None:
    angles = [2 * math.pi * i / max(len(axes), 1) for i in range(len(axes))]
    for ring in RINGS:
        ring_points = [_point(centre, a, radius * ring / outer) for a in angles]
        svg.polygon(ring_points, fill="none", stroke=MUTED if ring == 1.0 else GRID,
                    stroke_dasharray="4,3" if ring == 1.0 else None, stroke_width=1)
    max_chars = max(int(panel_width / 2 / 5.5), 6)
    for axis, angle in zip(axes, angles):
        svg.line(*centre, *_point(centre, angle, radius), stroke=GRID, stroke_width=1)
        x, y = _point(centre, angle, radius + 10)
        anchor = "middle" if abs(math.sin(angle)) < 0.3 else ("start" if math.sin(angle) > 0 else "end")
        text = clip(axis, max_chars) + (" –" if is_missing(by_axis.get(axis)) else "")
        label(svg, x, y + (4 if math.cos(angle) > -0.3 else 10), text, size=9, anchor=anchor, colour=INK)
    points = [_point(centre, angle, radius * min(float(by_axis[axis]), outer) / outer)
              for axis, angle in zip(axes, angles) if not is_missing(by_axis.get(axis))]
    if not points:
        suppressed_note(svg, centre[0], centre[1] + 4, anchor="middle")
        return
    svg.polygon(points, fill=PALETTE[0], fill_opacity=0.25, stroke=PALETTE[0], stroke_width=1.5)
    for x, y in points:
        marker(svg, "circle", x, y, PALETTE[0], size=2.5)
