"""The records behind each goal's number, prepared once per goal however many packs hold it (a team goal is in
every member's pack): the CSV of all of them (Arrow's writer: thousands of rows per goal) and the first ones for
the page's appendix."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Iterator, Mapping

import pyarrow as pa
import pyarrow.csv as pa_csv

APPENDIX_LIMIT = 100  # records per goal in the page's appendix; the CSV holds every one
RECORD_COLUMNS = ("event_date", "source_system", "record_id", "label", "value", "denominator")
_SCHEMA = pa.schema([("event_date", pa.string()), ("source_system", pa.string()), ("record_id", pa.string()),
                     ("label", pa.string()), ("value", pa.float64()), ("denominator", pa.float64())])
_CSV = pa_csv.WriteOptions(quoting_style="needed")


@dataclass(frozen=True)
class GoalRecords:
    csv: bytes
    head: list[dict]
    count: int
    digest: str  # of the CSV: tells one checkpoint's records from another's once the CSV is dropped

    def for_page(self) -> "GoalRecords":
        """Without the CSV (written once per bundle): what a page needs, cheap to send to a worker."""
        return replace(self, csv=b"")


def goal_records(part: pa.Table) -> GoalRecords:
    csv = _csv(part)
    return GoalRecords(csv, part.slice(0, APPENDIX_LIMIT).to_pylist(), part.num_rows,
                       hashlib.blake2b(csv, digest_size=16).hexdigest())


def prepare(table: pa.Table) -> dict[str, GoalRecords]:
    """goal id -> GoalRecords from a table of records with a `goal_id` column, sorted by goal id then in the
    order the pack lists them (event date, record id)."""
    goal_ids = table.column("goal_id").to_pylist()
    body = table.select(list(RECORD_COLUMNS)).cast(_SCHEMA)
    prepared, start = {}, 0
    for goal_id, count in _runs(goal_ids):
        part = body.slice(start, count)
        prepared[goal_id] = goal_records(part)
        start += count
    return prepared


def record_lists(records: Mapping[str, list[dict]]) -> dict[str, GoalRecords]:
    """The same from plain lists of record dicts (goal id -> records, in order)."""
    rows = [{"goal_id": goal_id, **record} for goal_id, listed in records.items() for record in listed]
    empty = {goal_id: goal_records(_SCHEMA.empty_table()) for goal_id, listed in records.items() if not listed}
    table = pa.Table.from_pylist(rows, schema=_SCHEMA.insert(0, pa.field("goal_id", pa.string())))
    return {**prepare(table), **empty}


def empty_csv() -> bytes:
    return _csv(_SCHEMA.empty_table())


def _csv(part: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(part, sink, write_options=_CSV)
    return sink.getvalue().to_pybytes()


def _runs(values: list[str]) -> Iterator[tuple[str, int]]:
    """(value, how many in a row) along a sorted list."""
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            yield values[start], index - start
            start = index
