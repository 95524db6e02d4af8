"""Heatmap (`row`, `column`, `value`, optional `label`): every cell prints its value, so the shading only
helps the eye; a cell without a value (suppressed or no data) is left white with a dash. Shading is one hue
from light (low) to dark (high), with a legend giving the two ends."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from reports.charts.axes import (CHAR_WIDTH, NOTE_HEIGHT, chart_title, clip, first_groups, is_missing, label,
                                 number_label, omitted_note)
from reports.charts.svg import GRID, INK, MUTED, Svg

CELL_HEIGHT = 26
MAX_CELL_WIDTH = 90
MAX_ROWS = 40
MAX_COLUMNS = 16
LIGHT = (0xF2, 0xF5, 0xF9)
DARK = (0x1F, 0x4E, 0x79)


def heatmap(frame: pd.DataFrame, title: str, width: float = 680) -> Markup:
    frame, total_rows = first_groups(frame, "row", MAX_ROWS)
    frame, total_columns = first_groups(frame, "column", MAX_COLUMNS)
    rows = list(dict.fromkeys(frame["row"]))
    columns = list(dict.fromkeys(frame["column"]))
    label_width = min(max([len(str(r)) for r in rows] + [6]) * 10.5 * CHAR_WIDTH + 10, width * 0.3)
    header = min(max([len(clip(c, 22)) for c in columns] + [4]) * 9 * CHAR_WIDTH * 0.72 + 10, 100)
    top = 30 + header
    cell_width = min((width - label_width - header * 0.7) / max(len(columns), 1), MAX_CELL_WIDTH)
    height = top + CELL_HEIGHT * len(rows) + 40
    notes = (total_rows > len(rows)) + (total_columns > len(columns))
    svg = Svg(width, height + NOTE_HEIGHT * notes, title, css_class="chart heatmap")
    chart_title(svg, title, width)
    values = [float(v) for v in frame["value"] if not is_missing(v)]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    cells = {(r.row, r.column): r for r in frame.itertuples(index=False)}
    for j, column in enumerate(columns):
        x = label_width + (j + 0.5) * cell_width
        label(svg, x, top - 6, clip(column, 22), size=9, transform=f"rotate(-45 {x:.1f} {top - 6:.1f})")
    for i, row_name in enumerate(rows):
        y = top + i * CELL_HEIGHT
        label(svg, label_width - 6, y + CELL_HEIGHT / 2 + 4, clip(row_name, 28), size=10.5, anchor="end")
        for j, column in enumerate(columns):
            _cell(svg, cells.get((row_name, column)), label_width + j * cell_width, y, cell_width, low, high)
    _legend(svg, low, high, label_width, top + CELL_HEIGHT * len(rows) + 14)
    omitted_note(svg, 4, height + 6, len(rows), total_rows, "rows")
    omitted_note(svg, 4, height + 6 + (NOTE_HEIGHT if total_rows > len(rows) else 0), len(columns), total_columns,
                 "columns")
    return svg.markup()


def _cell(svg: Svg, cell, x: float, y: float, cell_width: float, low: float, high: float) -> None:
    value = None if cell is None else cell.value
    centre_x, centre_y = x + cell_width / 2, y + CELL_HEIGHT / 2 + 4
    if is_missing(value):
        svg.rect(x, y, cell_width, CELL_HEIGHT, fill="#ffffff", stroke=GRID, stroke_width=1)
        label(svg, centre_x, centre_y, "–", size=10, anchor="middle", colour=MUTED)
        return
    share = 0.5 if high == low else (float(value) - low) / (high - low)
    svg.rect(x, y, cell_width, CELL_HEIGHT, fill=shade(share), stroke="#ffffff", stroke_width=1)
    text = cell.label if "label" in cell._fields and not is_missing(cell.label) else number_label(float(value))
    label(svg, centre_x, centre_y, clip(text, max(int(cell_width / 6), 3)), size=10, anchor="middle",
          colour="#ffffff" if share > 0.55 else INK)


def shade(share: float) -> str:
    """A colour between LIGHT (0) and DARK (1)."""
    share = min(max(share, 0.0), 1.0)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(LIGHT, DARK))


def _legend(svg: Svg, low: float, high: float, x: float, y: float) -> None:
    steps = 5
    for step in range(steps):
        svg.rect(x + step * 24, y, 24, 10, fill=shade(step / (steps - 1)), stroke=MUTED, stroke_width=0.5)
    label(svg, x - 4, y + 9, f"low {number_label(low)}", size=9, anchor="end", colour=MUTED)
    label(svg, x + steps * 24 + 4, y + 9, f"high {number_label(high)}; – = no value or suppressed", size=9,
          colour=MUTED)
