"""One self-contained HTML page per diagnostics view: the privacy note first, then each section's findings,
tables (flagged rows marked) and charts. Inline CSS and SVG only: no scripts, nothing fetched. The context is
built by pure functions, so tests can check what a reader will see without a browser."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Callable

import jinja2
import pandas as pd
from markupsafe import Markup

from reports.charts.bar import bar
from reports.charts.boxplot import boxplot
from reports.charts.heatmap import heatmap
from reports.charts.histogram import histogram
from reports.charts.radar import radar
from reports.charts.trend import trend
from reports.diagnostics.model import Diagnostics, Table
from reports.diagnostics.twins import plain, table_file_stem
from reports.html import environment, format_day

TEMPLATE = "diagnostics.html"
FLAG_COLUMN = "flagged"
FLAG_MARK = "◆"
FOLD_ROWS = 12  # a charted table longer than this starts folded: the chart is its summary
VIEW_TITLES = {"aggregate": "Aggregate view (shareable)", "hr": "HR view (names individuals; confidential)"}

CHARTS: dict[str, Callable[[pd.DataFrame, str], Markup]] = {
    "histogram": histogram, "boxplot": boxplot, "radar": radar, "heatmap": heatmap, "trend": trend, "bar": bar,
}


@dataclass(frozen=True)
class TableView:
    anchor: str
    title: str
    description: str
    chart: Markup | None
    columns: list[str]
    numeric: list[bool]  # right-aligned columns
    rows: list[dict[str, Any]]  # {"flagged": bool, "cells": [str, ...]}
    folded: bool  # shown behind a <details> summary (long, and drawn in the chart above it)
    csv: str
    json: str


def draw_chart(table: Table) -> Markup | None:
    """The table's chart, or None when it has none or nothing to draw."""
    if table.chart is None or table.frame.empty:
        return None
    return CHARTS[table.chart.kind](table.frame, table.chart.title)


def cell_text(value: Any) -> str:
    """A table cell as printed: missing as an en dash, numbers with separators and at most 3 decimals
    (trailing zeros dropped), timestamps to the minute."""
    if isinstance(value, (datetime, date)) and not pd.isna(value):
        return format_day(value.to_pydatetime() if isinstance(value, pd.Timestamp) else value)
    value = plain(value)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        digits = 3 if abs(value) < 10 else (1 if abs(value) < 1000 else 0)
        text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return str(value)


def table_view(table: Table) -> TableView:
    frame = table.frame
    shown = [c for c in frame.columns if c != FLAG_COLUMN]
    flags = frame[FLAG_COLUMN].tolist() if FLAG_COLUMN in frame.columns else [False] * len(frame)
    rows = [{"flagged": _is_true(flag), "cells": [cell_text(v) for v in values]}
            for flag, values in zip(flags, frame[shown].itertuples(index=False))]
    stem = table_file_stem(table)
    return TableView(anchor=f"table-{stem}", title=table.title, description=table.description,
                     chart=draw_chart(table), columns=[str(c).replace("_", " ") for c in shown],
                     numeric=[pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
                              for c in shown], rows=rows,
                     folded=table.chart is not None and len(rows) > FOLD_ROWS,
                     csv=f"tables/{stem}.csv", json=f"tables/{stem}.json")


def _is_true(value: Any) -> bool:
    value = plain(value)
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def context(diagnostics: Diagnostics, company_name: str | None = None) -> dict[str, Any]:
    sections = [{
        "anchor": f"section-{section.id}",
        "title": section.title,
        "intro": section.intro,
        "findings": section.findings,
        "tables": [table_view(t) for t in section.tables],
    } for section in diagnostics.sections]
    return {
        "company_name": company_name,
        "cycle_id": diagnostics.cycle_id,
        "view": diagnostics.view,
        "view_title": VIEW_TITLES[diagnostics.view],
        "min_group_size": diagnostics.min_group_size,
        "privacy_note": diagnostics.privacy_note,
        "data_as_of": [(system, _as_of_text(stamp)) for system, stamp in sorted(diagnostics.data_as_of.items())],
        "finding_count": sum(len(s.findings) for s in diagnostics.sections),
        "flag_mark": FLAG_MARK,
        "sections": sections,
    }


def _as_of_text(stamp: str) -> str:
    """'2026-06-30T23:10:00Z' as '2026-06-30 23:10 UTC'; anything unparsable as given."""
    try:
        return format_day(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
    except ValueError:
        return stamp


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    return environment("reports.diagnostics").get_template(TEMPLATE)


def render_html(diagnostics: Diagnostics, company_name: str | None = None) -> str:
    return _template().render(**context(diagnostics, company_name))
