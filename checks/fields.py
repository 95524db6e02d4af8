"""Flatten a raw batch into the few typed key fields its suite checks (never the whole payload).

Every frame has `record_key` and `modified_at`, then one column per declared field, and two summary columns:
`missing` names the required fields a row lacks, `unparsed` the typed fields whose text does not convert
(`total_price='abc'`; the field itself becomes null). One rule on each then covers every field: Great
Expectations spends ~10 ms of bookkeeping per expectation and batch whatever the rows, so fewer rules is
what keeps validation cheap. The fields are read from the JSON text by one DuckDB query per batch (several
times faster than decoding every payload in Python). Records whose payload is JSON null (perfloop's own
snapshot tombstones) carry no vendor data and are skipped.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Iterable, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from connectors.catalog import RawRecord
from connectors.rawzone import RAW_SCHEMA

TEXT = "text"
NUMBER = "number"
DATE = "date"  # `YYYY-MM-DD` as the vendor writes a business date
TIMESTAMP = "timestamp"  # ISO 8601 with an offset (or naive = UTC), converted to UTC
LOCAL_DATE = "local date"  # the calendar date of a timestamp as the vendor wrote it, in its own zone
KINDS = (TEXT, NUMBER, DATE, TIMESTAMP, LOCAL_DATE)
UNPARSED = "unparsed"
MISSING = "missing"
ALWAYS_REQUIRED = ("record_key", "modified_at")
_SEGMENT = re.compile(r"^(-1|[0-9]+|[A-Za-z_][A-Za-z0-9_]*)$")


@dataclass(frozen=True)
class Field:
    name: str
    path: str  # dotted: 'fields.priority.name'; a numeric segment indexes a list, -1 its last item
    kind: str = TEXT
    required: bool = False
    sql: str | None = None  # instead of following `path`: a DuckDB expression of `payload` (the JSON text)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.name}: kind must be one of {KINDS}, got {self.kind!r}")
        if self.sql is None and not all(_SEGMENT.match(step) for step in self.path.split(".")):
            raise ValueError(f"field {self.name}: unsupported path {self.path!r}")

    def expression(self) -> str:
        """The field's text, trimmed; NULL when absent, JSON null or blank (CSV exports send '' for unset)."""
        value = self.sql or f"json_extract_string(payload, '{json_path(self.path)}')"
        return f"nullif(trim({value}), '')"


def json_path(dotted: str) -> str:
    steps = ("[#-1]" if step == "-1" else f"[{step}]" if step.isdigit() else f'."{step}"' for step in dotted.split("."))
    return "$" + "".join(steps)


def pick(list_path: str, match_field: str, equals: str, value_field: str) -> str:
    """SQL for `value_field` of the first item of a list whose `match_field` equals `equals` (Shopify's note
    attribute named `promised_delivery_date`). Names and value are identifiers from the suites, never data."""
    return (f"json_extract_string(list_filter(json_extract(payload, '{json_path(list_path)}[*]'), "
            f"lambda item: json_extract_string(item, '$.\"{match_field}\"') = '{equals}')[1], '$.\"{value_field}\"')")


def count_items(list_path: str) -> str:
    """SQL for the length of a list (NULL when absent or not a list)."""
    path = json_path(list_path)
    length = f"cast(json_array_length(payload, '{path}') as varchar)"
    return f"case when json_type(payload, '{path}') = 'ARRAY' then {length} end"


def flatten(records: Iterable[RawRecord], fields: Sequence[Field]) -> pd.DataFrame:
    columns = "".join(f', {spec.expression()} AS "{spec.name}"' for spec in fields)
    connection = _connection()
    connection.register("batch", _arrow(records))
    try:
        query = f"SELECT record_key, modified_at{columns} FROM batch WHERE payload <> 'null'"
        texts = connection.sql(query).to_arrow_table().to_pandas()
    finally:
        connection.unregister("batch")
    frame = {"record_key": texts["record_key"].map(_blank_to_none),
             "modified_at": pd.to_datetime(texts["modified_at"], utc=True)}
    unparsed: dict[int, list[str]] = {}
    for spec in fields:
        raw = texts[spec.name].astype(object).where(texts[spec.name].notna(), None)
        typed = _convert(raw, spec.kind)
        frame[spec.name] = typed
        if spec.kind != TEXT:
            for row in raw.index[raw.notna() & typed.isna()]:
                unparsed.setdefault(row, []).append(f"{spec.name}={raw[row]!r}")
    missing: dict[int, list[str]] = {}
    for name in required_names(fields):
        for row in frame[name].index[frame[name].isna()]:
            missing.setdefault(row, []).append(name)
    frame[MISSING] = _listed(missing, len(texts))
    frame[UNPARSED] = _listed(unparsed, len(texts))
    return pd.DataFrame(frame)


def required_names(fields: Sequence[Field]) -> list[str]:
    return [*ALWAYS_REQUIRED, *(spec.name for spec in fields if spec.required)]


_local = threading.local()


def _connection() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per thread, reused for every batch (opening one costs more than the query)."""
    if not hasattr(_local, "connection"):
        _local.connection = duckdb.connect()
        _local.connection.execute("SET TimeZone = 'UTC'")
    return _local.connection


def _arrow(records: Iterable[RawRecord]) -> pa.Table:
    keys, modified, payloads = [], [], []
    for record in records:
        keys.append(record.record_key)
        modified.append(record.modified_at)
        payloads.append(record.payload)
    return pa.table({"record_key": pa.array(keys, pa.string()),
                     "modified_at": pa.array(modified, RAW_SCHEMA.field("modified_at").type),
                     "payload": pa.array(payloads, pa.string())})


def _convert(raw: pd.Series, kind: str) -> pd.Series:
    if kind == TEXT:
        return raw
    if kind == NUMBER:
        return pd.to_numeric(raw, errors="coerce")
    if kind == DATE:
        return pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    if kind == LOCAL_DATE:
        return pd.to_datetime(raw.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    return pd.to_datetime(raw, utc=True, format="ISO8601", errors="coerce")


def _listed(problems: dict[int, list[str]], rows: int) -> pd.Series:
    return pd.Series([" ".join(problems[row]) if row in problems else None for row in range(rows)], dtype=object)


def _blank_to_none(text: str | None) -> str | None:
    if text is None or pd.isna(text):
        return None
    return text.strip() or None
