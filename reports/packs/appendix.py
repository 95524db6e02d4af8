"""The records behind each goal's number, prepared once per goal however many packs hold it (a team goal is in
every member's pack): the CSV of all of them, the first ones for the page's appendix and the largest for the
evidence. Prepared for many goals at once, in Arrow: per goal, the CSV writer's and the row converter's fixed
costs would dominate (30,000 goals at 10,000 people)."""

from __future__ import annotations

import hashlib
from typing import Iterable, Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from reports.packs.goal_records import APPENDIX_LIMIT, RECORD_COLUMNS, GoalRecords
from reports.packs.sections import bundle_records_file

TOP_LIMIT = 5  # the largest records shown beside a goal's number
_SCHEMA = pa.schema([("event_date", pa.string()), ("source_system", pa.string()), ("record_id", pa.string()),
                     ("label", pa.string()), ("value", pa.float64()), ("denominator", pa.float64())])
_CSV = pa_csv.WriteOptions(quoting_style="needed")
_CSV_BODY = pa_csv.WriteOptions(quoting_style="needed", include_header=False)
_TEXT_COLUMNS = ("event_date", "source_system", "record_id", "label")


def prepare(table: pa.Table, goal: str = "goal_id") -> dict:
    """goal -> GoalRecords from a table of records with a `goal` column (the goal's id, or any value standing for
    it), its rows grouped by goal (in any order of goals) and, within a goal, in the order they are listed (by
    event date, then record id)."""
    if table.num_rows == 0:
        return {}
    runs = pc.value_counts(table.column(goal)).flatten()  # in order of first appearance: the grouping
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


def records_files(goal_ids: Iterable[str], records: Mapping[str, GoalRecords]) -> dict[str, bytes]:
    """{path relative to the bundle: CSV of every record} for each goal (an empty CSV for a goal without any)."""
    return {bundle_records_file(goal_id): records[goal_id].csv if goal_id in records else empty_csv()
            for goal_id in goal_ids}


def empty_csv() -> bytes:
    return _csv(_SCHEMA.empty_table())


def _goal_records(csv: bytes, head: bytes, count: int, top: list[dict]) -> GoalRecords:
    return GoalRecords(csv, head, count, hashlib.blake2b(head, digest_size=16).hexdigest(), top)


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
    """Each run's largest |value| first, then by event date, record id: the runs are in listing order already, and
    the sort is stable, so sorting on the size alone keeps ties in that order."""
    keys = pa.table({"run": np.repeat(np.arange(len(counts)), counts), "size": pc.abs(body.column("value"))})
    order = pc.sort_indices(keys, sort_keys=[("run", "ascending"), ("size", "descending")]).to_numpy()
    taken, ends = _firsts(body, order, starts, counts, TOP_LIMIT)
    rows = taken.to_pylist()
    return [rows[begin:end] for begin, end in zip([0, *ends[:-1]], ends)]


def _firsts(body: pa.Table, order: np.ndarray, starts: np.ndarray, counts: np.ndarray,
            limit: int) -> tuple[pa.Table, list[int]]:
    """The first `limit` rows of each run in `order` (runs in place), and where each run's rows end."""
    sizes = np.minimum(counts, limit)
    positions = np.concatenate([order[start:start + size] for start, size in zip(starts, sizes)])
    return body.take(pa.array(positions, pa.int64())), np.cumsum(sizes).tolist()


def _csv(part: pa.Table, header: bool = True) -> bytes:
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(part, sink, write_options=_CSV if header else _CSV_BODY)
    return sink.getvalue().to_pybytes()
