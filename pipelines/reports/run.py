"""Materialize the diagnostics of one cycle in this process, in the same Dagster instance as the nightly job
(so the run, its metadata and a blocking failure show in the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from pipelines.definitions import build_definitions
from pipelines.instance import dagster_instance
from pipelines.reports.diagnostics import DIAGNOSTICS_JOB, DIAGNOSTICS_KEY
from pipelines.reports.partitions import cycle_id as cycle_of_partition
from pipelines.runner import QUIET_RUN_CONFIG, _failures
from settings import Settings


class UnknownCycle(ValueError):
    """The cycle is not one of the review cycles so far."""


@dataclass(frozen=True)
class DiagnosticsRun:
    run_id: str
    success: bool
    html: dict[str, Path]  # view -> page written
    findings: dict[str, int]
    failures: list[str]


def run_diagnostics(settings: Settings, cycle_id: str, views: Sequence[str]) -> DiagnosticsRun:
    job = build_definitions(settings).resolve_job_def(DIAGNOSTICS_JOB)
    partition_key = _partition_of(job.partitions_def.get_partition_keys(), cycle_id, settings.review_cycles.months)
    op_name = "__".join(DIAGNOSTICS_KEY.path)
    run_config = {**QUIET_RUN_CONFIG, "ops": {op_name: {"config": {"views": list(views)}}}}
    with dagster_instance(settings) as instance:
        result = job.execute_in_process(instance=instance, partition_key=partition_key, run_config=run_config,
                                        raise_on_error=False)
    metadata = {}
    for event in result.get_asset_materialization_events():
        metadata.update({k: v.value for k, v in event.materialization.metadata.items()})
    return DiagnosticsRun(
        run_id=result.run_id, success=result.success,
        html={view: Path(metadata[f"{view}_html"]) for view in views if f"{view}_html" in metadata},
        findings={view: int(metadata[f"{view}_findings"]) for view in views if f"{view}_findings" in metadata},
        failures=_failures(result),
    )


def _partition_of(keys: Sequence[str], cycle_id: str, cycle_months: int) -> str:
    """The partition key (the cycle's first day) of a cycle id such as 2026H1."""
    by_id = {cycle_of_partition(key, cycle_months): key for key in keys}
    if cycle_id not in by_id:
        raise UnknownCycle(f"no review cycle {cycle_id!r} (cycles so far: {', '.join(by_id)})")
    return by_id[cycle_id]
