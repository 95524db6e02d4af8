"""Every record behind each goal's number at a checkpoint, fetched for a batch of goals at a time (a company's
records at once would not fit in memory at 10,000 people): the `RecordSource` write_bundle reads, matched by
queries.records_of_checkpoint."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from reports.marts import Marts
from reports.packs.appendix import GoalRecords, prepare
from reports.packs.queries import records_of_checkpoint


class CheckpointRecords:
    """goal ids -> their records (by event date, then record id), prepared for the CSVs and the appendix."""

    def __init__(self, marts: Marts, checkpoint: dict[str, Any]):
        self._marts = marts
        self._at = [checkpoint["cycle_id"], checkpoint["checkpoint_month"]]

    def __call__(self, goal_ids: list[str]) -> dict[str, GoalRecords]:
        frame = self._marts.frame(f"""
            SELECT goals.goal_id, CAST(records.event_date AS VARCHAR) AS event_date, records.source_system,
                   records.record_id, records.record_label AS label, CAST(records.numerator AS DOUBLE) AS value,
                   CAST(records.denominator AS DOUBLE) AS denominator
            FROM fct_pack_goals AS goals
            {records_of_checkpoint()}
            WHERE goals.cycle_id = ? AND goals.checkpoint_month = ?
              AND goals.goal_id IN (SELECT unnest(CAST(? AS VARCHAR[])))
            ORDER BY goals.goal_id, records.event_date, records.record_id""", [*self._at, goal_ids])
        return prepare(pa.Table.from_pandas(frame, preserve_index=False))
