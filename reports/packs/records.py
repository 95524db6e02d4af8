"""Every record behind each goal's number at a checkpoint: the `RecordSource` write_bundle reads. A company's
records do not fit in memory at 10,000 people, and a query per batch of goals would scan the records mart again
each time; so one query reads them all, unsorted, and sets each row aside in a file of its batch of goals, read
back batch by batch. Sorting the checkpoint's records by batch in DuckDB instead cost more CPU than the rest of
the query (spilling under the pack process's memory limit); a batch is sorted on its own, in Arrow."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
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
            WHERE goals.cycle_id = ? AND goals.checkpoint_month = ?""", self._at, tables={"wanted": wanted})
        with tempfile.TemporaryDirectory(prefix="perfloop-records-") as aside:
            files = _set_aside(stream, Path(aside))
            for number in range(len(batches)):
                yield _prepared(_read(files.get(number)), goal_ids)


def _set_aside(stream: Iterable[pa.RecordBatch], folder: Path) -> dict[int, Path]:
    """Each chunk's rows appended to an Arrow file per batch number; {batch number: its file}."""
    writers: dict[int, pa.ipc.RecordBatchFileWriter] = {}
    files: dict[int, Path] = {}
    try:
        for chunk in stream:
            for number, rows in _by_batch(chunk):
                if number not in writers:
                    files[number] = folder / f"{number}.arrow"
                    writers[number] = pa.ipc.new_file(files[number], chunk.schema)
                writers[number].write_batch(rows)
    finally:
        for writer in writers.values():
            writer.close()
    return files


def _by_batch(chunk: pa.RecordBatch) -> Iterator[tuple[int, pa.RecordBatch]]:
    """(batch number, its rows) for each batch with rows in the chunk."""
    grouped = chunk.take(pc.sort_indices(chunk.column("batch_no")))
    numbers = grouped.column("batch_no").to_numpy()
    starts = np.concatenate([[0], np.flatnonzero(np.diff(numbers)) + 1]).tolist()
    for start, end in zip(starts, starts[1:] + [len(numbers)]):
        yield int(numbers[start]), grouped.slice(start, end - start)


def _read(file: Path | None) -> pa.Table | None:
    if file is None:
        return None
    with pa.memory_map(str(file)) as source:
        return pa.ipc.open_file(source).read_all().combine_chunks()


def _prepared(batch: pa.Table | None, goal_ids: list[str]) -> dict[str, GoalRecords]:
    """A batch's records in listing order. The file names each goal by its number in the request: its id would be
    one more string to sort."""
    if batch is None:  # no goal of the batch has records
        return {}
    prepared = prepare(batch.take(pc.sort_indices(batch, sort_keys=LISTING_ORDER)), goal="goal_no")
    return {goal_ids[number]: records for number, records in prepared.items()}
