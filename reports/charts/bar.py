"""Horizontal bars (`label`, `value`, optional `low`/`high` interval, optional boolean `flagged`) around a zero
line, so signed effects (above or below the org) read in both directions. Every bar prints its value (and
interval); a flagged row is marked with ◆ and bold, not only by colour."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from reports.charts.axes import (CHAR_WIDTH, NOTE_HEIGHT, PlotArea, chart_title, clip, horizontal_axis, is_missing,
                                 label, number_label, omitted_note, suppressed_note)
from reports.charts.svg import INK, PALETTE, LinearScale, Svg

ROW_HEIGHT = 22
MAX_ROWS = 40
VALUE_ROOM = 150  # right of the plot: value, interval and the flag in words


def bar(frame: pd.DataFrame, title: str, width: float = 680, x_caption: str | None = None) -> Markup:
    total, frame = len(frame), frame.head(MAX_ROWS)
    flags = [_is_flagged(value) for value in frame.get("flagged", [False] * len(frame))]
    names = [("◆ " if flagged else "") + clip(value, 32) for value, flagged in zip(frame["label"], flags)]
    label_width = min(max([len(n) for n in names] + [6]) * 10.5 * CHAR_WIDTH + 14, width * 0.35)
    area = PlotArea(label_width, 36, width - VALUE_ROOM, 36 + ROW_HEIGHT * max(len(frame), 1))
    svg = Svg(width, area.bottom + 36 + (NOTE_HEIGHT if total > len(frame) else 0), title, css_class="chart bar")
    chart_title(svg, title, width)
    has_interval = {"low", "high"} <= set(frame.columns)
    bounds = [float(v) for column in (("value", "low", "high") if has_interval else ("value",))
              for v in frame[column] if not is_missing(v)]
    scale = LinearScale(min(bounds + [0.0]), max(bounds + [0.0]) or 1.0, area.left + 4, area.right - 4)
    horizontal_axis(svg, scale, area, x_caption)
    svg.line(scale(0), area.top - 4, scale(0), area.bottom, stroke=INK, stroke_width=1)
    if any(flags):
        label(svg, area.left, area.bottom + 28, "◆ bold = flagged", size=10, font_weight="bold")
    for index, (name, flagged, row) in enumerate(zip(names, flags, frame.to_dict("records"))):
        middle = area.top + (index + 0.5) * ROW_HEIGHT
        label(svg, area.left - 6, middle + 4, name, size=10.5, anchor="end",
              font_weight="bold" if flagged else None)
        if is_missing(row["value"]):
            suppressed_note(svg, scale(0) + 6, middle + 4)
            continue
        _bar(svg, scale, row, middle, flagged, has_interval)
        label(svg, area.right + 6, middle + 4, _value_text(row, has_interval), size=10,
              font_weight="bold" if flagged else None)
    omitted_note(svg, 4, area.bottom + 46, len(frame), total, "rows")
    return svg.markup()


def _bar(svg: Svg, scale: LinearScale, row: dict, middle: float, flagged: bool, has_interval: bool) -> None:
    start, end = sorted((scale(0), scale(float(row["value"]))))
    svg.rect(start, middle - ROW_HEIGHT * 0.3, end - start, ROW_HEIGHT * 0.6,
             fill=PALETTE[3] if flagged else PALETTE[0], fill_opacity=0.8)
    if has_interval and not (is_missing(row["low"]) or is_missing(row["high"])):
        low, high = scale(float(row["low"])), scale(float(row["high"]))
        svg.line(low, middle, high, middle, stroke=INK, stroke_width=1.2)
        for x in (low, high):
            svg.line(x, middle - 5, x, middle + 5, stroke=INK, stroke_width=1.2)


def _is_flagged(value: object) -> bool:
    return not is_missing(value) and bool(value)


def _value_text(row: dict, has_interval: bool) -> str:
    text = number_label(float(row["value"]))
    if has_interval and not (is_missing(row["low"]) or is_missing(row["high"])):
        text += f" [{number_label(float(row['low']))}, {number_label(float(row['high']))}]"
    return text
