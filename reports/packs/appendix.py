"""The records behind each goal's number, prepared once per goal however many packs hold it (a team goal is in
every member's pack): the CSV of all of them, the first ones for the page's appendix and the largest for the
evidence. Prepared for many goals at once, in Arrow: per goal, the CSV writer's and the row converter's fixed
costs would dominate (30,000 goals at 10,000 people)."""

from __future__ import annotations

import hashlib
import io
from csv import reader
from dataclasses import dataclass, field, replace
from typing import Iterator, Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

APPENDIX_LIMIT = 100  # records per goal in the page's appendix; the CSV holds every one
TOP_LIMIT = 5  # the largest records shown beside a goal's number
RECORD_COLUMNS = ("event_date", "source_system", "record_id", "label", "value", "denominator")
_SCHEMA = pa.schema([("event_date", pa.string()), ("source_system", pa.string()), ("record_id", pa.string()),
                     ("label", pa.string()), ("value", pa.float64()), ("denominator", pa.float64())])
_CSV = pa_csv.WriteOptions(quoting_style="needed")
_CSV_BODY = pa_csv.WriteOptions(quoting_style="needed", include_header=False)
_TEXT_COLUMNS = ("event_date", "source_system", "record_id", "label")


@dataclass(frozen=True)
class GoalRecords:
    csv: bytes
    head: bytes  # the CSV's header and first APPENDIX_LIMIT lines: the records the appendix lists
    count: int
    digest: str  # of the CSV: tells one checkpoint's records from another's once the CSV is dropped
    top: list[dict] = field(default_factory=list)  # the TOP_LIMIT largest |value|, then by event date, record id

    def for_page(self) -> "GoalRecords":
        """Without the CSV (written once per bundle): what a page needs, cheap to send to a worker."""
        return replace(self, csv=b"")

    @property
    def shown(self) -> int:
        """How many records the appendix lists."""
        return min(self.count, APPENDIX_LIMIT)

    def head_rows(self, translate: Mapping[int, str] | None = None) -> Iterator[tuple]:
        """The appendix's records (values in RECORD_COLUMNS' order) read back from the CSV's first lines: read
        where the page is rendered, not where the records are prepared, which is one process for every goal.
        `translate` (a str.translate table that leaves the CSV's commas, quotes and line ends alone) is applied
        to the whole text first: escaping it once rather than every field."""
        text = self.head.decode("utf-8")
        rows = reader(io.StringIO(text.translate(translate) if translate else text))
        next(rows, None)  # the header
        for event_date, source_system, record_id, label, value, denominator in rows:
            yield event_date, source_system, record_id, label, _number(value), _number(denominator)


def prepare(table: pa.Table) -> dict[str, GoalRecords]:
    """goal id -> GoalRecords from a table of records with a `goal_id` column, its rows grouped by goal (in any
    order of goals) and, within a goal, in the order they are listed (by event date, then record id)."""
    if table.num_rows == 0:
        return {}
    runs = pc.value_counts(table.column("goal_id")).flatten()  # in order of first appearance: the grouping
    goal_ids, counts = runs[0].to_pylist(), runs[1].to_numpy()
    body = table.select(list(RECORD_COLUMNS)).cast(_SCHEMA)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    parts = _csv_parts(body, counts)
    tops = _top_rows(body, starts, counts)
    return {goal_id: _goal_records(part, head, int(count), top)
            for goal_id, (part, head), count, top in zip(goal_ids, parts, counts, tops)}


def record_lists(records: Mapping[str, list[dict]]) -> dict[str, GoalRecords]:
    """The same from plain lists of record dicts (goal id -> records, in order)."""
    rows = [{"goal_id": goal_id, **record} for goal_id, listed in records.items() for record in listed]
    empty = {goal_id: _goal_records(empty_csv(), empty_csv(), 0, []) for goal_id, listed in records.items() if not listed}
    table = pa.Table.from_pylist(rows, schema=_SCHEMA.insert(0, pa.field("goal_id", pa.string())))
    return {**prepare(table), **empty}


def empty_csv() -> bytes:
    return _csv(_SCHEMA.empty_table())


def _goal_records(csv: bytes, head: bytes, count: int, top: list[dict]) -> GoalRecords:
    return GoalRecords(csv, head, count, hashlib.blake2b(csv, digest_size=16).hexdigest(), top)


def _csv_parts(body: pa.Table, counts: np.ndarray) -> list[tuple[bytes, bytes]]:
    """Each run of rows as its own CSV and that CSV's first APPENDIX_LIMIT lines, cut from one CSV of them all
    at its line ends — unless a value holds a line break (then each run is written apart)."""
    header = empty_csv()
    ends = np.cumsum(counts)
    if any(pc.any(pc.match_substring(body.column(name), "\n")).as_py() for name in _TEXT_COLUMNS):
        return [(_csv(body.slice(end - count, count)), _csv(body.slice(end - count, min(count, APPENDIX_LIMIT))))
                for end, count in zip(ends.tolist(), counts.tolist())]
    text = _csv(body, header=False)
    line_ends = np.concatenate([[0], np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == ord("\n")) + 1])
    begins = ends - counts
    cuts = zip(line_ends[begins].tolist(), line_ends[np.minimum(begins + APPENDIX_LIMIT, ends)].tolist(),
               line_ends[ends].tolist())
    return [(header + text[begin:end], header + text[begin:head_end]) for begin, head_end, end in cuts]


def _top_rows(body: pa.Table, starts: np.ndarray, counts: np.ndarray) -> list[list[dict]]:
    """Each run's largest |value| first, then by event date, record id."""
    keys = pa.table({"run": np.repeat(np.arange(len(counts)), counts), "size": pc.abs(body.column("value")),
                     "event_date": body.column("event_date"), "record_id": body.column("record_id")})
    order = pc.sort_indices(keys, sort_keys=[("run", "ascending"), ("size", "descending"),
                                             ("event_date", "ascending"), ("record_id", "ascending")]).to_numpy()
    taken, ends = _firsts(body, order, starts, counts, TOP_LIMIT)
    rows = taken.to_pylist()
    return [rows[begin:end] for begin, end in zip([0, *ends[:-1]], ends)]


def _firsts(body: pa.Table, order: np.ndarray, starts: np.ndarray, counts: np.ndarray,
            limit: int) -> tuple[pa.Table, list[int]]:
    """The first `limit` rows of each run in `order` (runs in place), and where each run's rows end."""
    sizes = np.minimum(counts, limit)
    positions = np.concatenate([order[start:start + size] for start, size in zip(starts, sizes)])
    return body.take(pa.array(positions, pa.int64())), np.cumsum(sizes).tolist()


def _number(text: str) -> float | None:
    return float(text) if text else None


def _csv(part: pa.Table, header: bool = True) -> bytes:
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(part, sink, write_options=_CSV if header else _CSV_BODY)
    return sink.getvalue().to_pybytes()
