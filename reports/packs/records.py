"""Every record behind each goal's number at a checkpoint: the `RecordSource` write_bundle reads. A company's
records do not fit in memory at 10,000 people, and a query per batch of goals would scan the records mart again
each time; so one query streams them in the order the bundle asks for them, a batch of goals at a time, matched
by queries.records_of_checkpoint."""

from __future__ import annotations

from typing import Any, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from reports.marts import Marts
from reports.packs.appendix import prepare
from reports.packs.goal_records import GoalRecords
from reports.packs.queries import records_of_checkpoint


# a goal's records as the CSV and appendix list them; the columns after record id only make ties deterministic.
# Goals are told apart by their number in the request and dates compared as dates: integer keys sort faster.
LISTING_ORDER = [(column, "ascending") for column in
                 ("goal_no", "event_date", "record_id", "source_system", "label", "value", "denominator")]


class CheckpointRecords:
    """Batches of goal ids -> for each batch in turn, those goals' records (in LISTING_ORDER), prepared
    for the CSVs, the appendix and the evidence. A goal without records is absent from its batch's dict."""

    def __init__(self, marts: Marts, checkpoint: dict[str, Any]):
        self._marts = marts
        self._at = [checkpoint["cycle_id"], checkpoint["checkpoint_month"]]

    def __call__(self, batches: list[list[str]]) -> Iterator[dict[str, GoalRecords]]:
        goal_ids = [goal for batch in batches for goal in batch]
        wanted = pa.table({"goal_id": pa.array(goal_ids, pa.string()),
                           "goal_no": pa.array(range(len(goal_ids)), pa.int64()),
                           "batch_no": pa.array([n for n, batch in enumerate(batches) for _ in batch], pa.int64())})
        stream = self._marts.batches(f"""
            SELECT wanted.batch_no, wanted.goal_no, records.event_date,
                   records.source_system, records.record_id, records.record_label AS label,
                   CAST(records.numerator AS DOUBLE) AS value, CAST(records.denominator AS DOUBLE) AS denominator
            FROM wanted
            INNER JOIN fct_pack_goals AS goals ON goals.goal_id = wanted.goal_id
            {records_of_checkpoint()}
            WHERE goals.cycle_id = ? AND goals.checkpoint_month = ?
            ORDER BY wanted.batch_no""", self._at,
                                     tables={"wanted": wanted})
        parts: list[pa.RecordBatch] = []
        current = 0
        for number, part in _split_by_batch(stream):
            while current < number:
                yield _prepared(parts, goal_ids)
                parts, current = [], current + 1
            parts.append(part)
        for _ in range(current, len(batches)):
            yield _prepared(parts, goal_ids)
            parts = []


def _prepared(parts: list[pa.RecordBatch], goal_ids: list[str]) -> dict[str, GoalRecords]:
    """A batch's records in listing order. The stream is sorted by batch only, and each batch here, in Arrow:
    one sort of the checkpoint's every record on all the listing columns costs several times more. The stream
    names each goal by its number in the request: its id would be one more string for DuckDB to sort."""
    if not parts:
        return {}
    batch = pa.Table.from_batches(parts).combine_chunks()
    prepared = prepare(batch.take(pc.sort_indices(batch, sort_keys=LISTING_ORDER)), goal="goal_no")
    return {goal_ids[number]: records for number, records in prepared.items()}


def _split_by_batch(stream: Iterator[pa.RecordBatch]) -> Iterator[tuple[int, pa.RecordBatch]]:
    """(batch number, rows of that batch) along a stream sorted by batch number; a stream chunk may hold the end
    of one batch and the start of the next."""
    for chunk in stream:
        numbers = chunk.column("batch_no")
        for number in pc.unique(numbers).to_pylist():
            yield number, chunk.filter(pc.equal(numbers, number))
