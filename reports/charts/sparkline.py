"""A small trend line for a table cell: one value per month, with an optional reference (e.g. target)."""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup

from reports.charts.svg import GRID, INK, MUTED, LinearScale, Svg


def sparkline(values: Sequence[float | None], title: str, reference: float | None = None,
              width: float = 120, height: float = 28) -> Markup:
    """Missing months break the line rather than being drawn as zero."""
    known = [v for v in values if v is not None]
    chart = Svg(width, height, title, css_class="sparkline")
    if not known:
        return chart.text(2, height / 2 + 4, "no data", fill=MUTED, font_size=9).markup()
    low = min(known + ([reference] if reference is not None else []))
    high = max(known + ([reference] if reference is not None else []))
    x = LinearScale(0, max(len(values) - 1, 1), 3, width - 3)
    y = LinearScale(low, high, height - 3, 3)
    if reference is not None:
        chart.line(0, y(reference), width, y(reference), stroke=GRID, stroke_dasharray="3,2")
    segment: list[tuple[float, float]] = []
    for index, value in enumerate(list(values) + [None]):
        if value is None:
            if len(segment) > 1:
                chart.polyline(segment, stroke=INK, stroke_width=1.5)
            segment = []
            continue
        segment.append((x(index), y(value)))
    last = max(i for i, v in enumerate(values) if v is not None)
    chart.circle(x(last), y(values[last]), 2.2, fill=INK)
    return chart.markup()
