"""The machine-readable twins of a diagnostics report: each table as CSV and JSON, and the whole report
(findings, table index) as JSON. Values are the analysis' own (no rounding); a suppressed value is empty in
CSV and null in JSON."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from reports.diagnostics.model import Diagnostics, Table
from reports.files import safe_name

SCHEMA = "perfloop.org_diagnostics/1"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # text a spreadsheet would run as a formula


def plain(value: Any) -> Any:
    """A JSON-ready value: numpy scalars unwrapped, NaN/NaT as None, dates as ISO text."""
    if isinstance(value, (np.generic,)):
        value = value.item()
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def table_file_stem(table: Table) -> str:
    return safe_name(table.id, fallback="table")


def table_records(table: Table) -> list[dict[str, Any]]:
    frame = _whole_numbers_as_integers(table.frame)
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, (plain(v) for v in row))) for row in frame.itertuples(index=False)]


def _whole_numbers_as_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """A count column that holds a suppressed value arrives as float (6.0, NaN); write it as 6 and null."""
    converted = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) and values.notna().any():
            known = values.dropna()
            if (known == known.round()).all() and known.abs().max() < 2**53:
                converted[column] = values.astype("Int64")
    return frame.assign(**converted) if converted else frame


def table_json(table: Table) -> dict[str, Any]:
    return {
        "id": table.id,
        "title": table.title,
        "description": table.description,
        "chart": None if table.chart is None else {"kind": table.chart.kind, "title": table.chart.title},
        "columns": [str(c) for c in table.frame.columns],
        "rows": table_records(table),
    }


def table_csv(table: Table) -> str:
    """RFC 4180 CSV with a header row; text that a spreadsheet would evaluate gets a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([str(c) for c in table.frame.columns])
    for record in table_records(table):
        writer.writerow([_csv_cell(v) for v in record.values()])
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def report_json(diagnostics: Diagnostics) -> dict[str, Any]:
    """The report's findings and its table index; each table's rows live in its own twin."""
    return {
        "schema": SCHEMA,
        "cycle_id": diagnostics.cycle_id,
        "view": diagnostics.view,
        "min_group_size": diagnostics.min_group_size,
        "privacy_note": diagnostics.privacy_note,
        "data_as_of": [{"source_system": system, "as_of": diagnostics.data_as_of[system]}
                       for system in sorted(diagnostics.data_as_of)],
        "sections": [{
            "id": section.id,
            "title": section.title,
            "intro": section.intro,
            "findings": [{"kind": f.kind, "subject": f.subject, "message": f.message, "evidence": plain(f.evidence)}
                         for f in section.findings],
            "tables": [{"id": t.id, "title": t.title, "csv": f"tables/{table_file_stem(t)}.csv",
                        "json": f"tables/{table_file_stem(t)}.json", "rows": len(t.frame)}
                       for t in section.tables],
        } for section in diagnostics.sections],
    }
