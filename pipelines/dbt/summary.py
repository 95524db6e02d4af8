"""What a build did, read from Dagster's events: models built, dbt tests passed and failed, rows per mart.

The same reading serves `perfloop run` (the events of the run it just made) and `perfloop status` (the last
nightly run in the instance, whether the CLI, the schedule or the UI launched it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable

import dagster as dg

RAW_PREFIX = "raw"
ROW_COUNT = "dagster/row_count"


@dataclass
class BuildSummary:
    run_id: str
    success: bool
    finished_at: datetime | None = None
    models_built: set[str] = field(default_factory=set)
    tests_passed: int = 0
    tests_failed: int = 0
    tests_warned: int = 0
    mart_rows: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        when = f" at {self.finished_at:%Y-%m-%d %H:%M} UTC" if self.finished_at else ""
        lines = [f"dbt build (run {self.run_id[:8]}{when}): {'success' if self.success else 'FAILED'}; "
                 f"{len(self.models_built)} models built, {self.tests_passed} tests passed, "
                 f"{self.tests_failed} failed, {self.tests_warned} warned"]
        lines += [f"  {mart:<32}{rows:>10,} rows" for mart, rows in sorted(self.mart_rows.items())]
        return lines


def summarize(run_id: str, success: bool, events: Iterable[dg.DagsterEvent],
              finished_at: datetime | None = None) -> BuildSummary:
    summary = BuildSummary(run_id, success, finished_at)
    for event in events:
        if event.event_type_value == "ASSET_MATERIALIZATION" and _is_dbt(event.asset_key):
            name = event.asset_key.to_user_string()
            summary.models_built.add(name)
            rows = event.step_materialization_data.materialization.metadata.get(ROW_COUNT)
            if rows is not None:
                summary.mart_rows[name] = int(rows.value)
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            _count_test(summary, event.event_specific_data)
    return summary


def last_build(instance: dg.DagsterInstance, job_name: str) -> BuildSummary | None:
    records = instance.get_run_records(filters=dg.RunsFilter(job_name=job_name), limit=1)
    if not records:
        return None
    record = records[0]
    run = record.dagster_run
    types = {dg.DagsterEventType.ASSET_MATERIALIZATION, dg.DagsterEventType.ASSET_CHECK_EVALUATION}
    events = [entry.dagster_event for entry in instance.all_logs(run.run_id, of_type=types) if entry.dagster_event]
    finished = datetime.fromtimestamp(record.end_time, timezone.utc) if record.end_time else None
    return summarize(run.run_id, run.status == dg.DagsterRunStatus.SUCCESS, events, finished)


def _count_test(summary: BuildSummary, evaluation: dg.AssetCheckEvaluation) -> None:
    if not _is_dbt(evaluation.asset_key):
        return
    if evaluation.passed:
        summary.tests_passed += 1
    elif evaluation.severity == dg.AssetCheckSeverity.WARN:
        summary.tests_warned += 1
    else:
        summary.tests_failed += 1


def _is_dbt(key: dg.AssetKey | None) -> bool:
    return key is not None and key.path[0] != RAW_PREFIX
