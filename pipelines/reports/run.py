"""Materialize the diagnostics of one cycle in this process, in the same Dagster instance as the nightly job
(so the run, its metadata and a blocking failure show in the UI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence


from pipelines.definitions import build_definitions
from pipelines.instance import dagster_instance
from pipelines.reports.diagnostics import DIAGNOSTICS_JOB, DIAGNOSTICS_KEY
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
    defs = build_definitions(settings)
    job = defs.resolve_job_def(DIAGNOSTICS_JOB)
    known = job.partitions_def.get_partition_keys()
    if cycle_id not in known:
        raise UnknownCycle(f"no review cycle {cycle_id!r} (cycles so far: {', '.join(known)})")
    op_name = "__".join(DIAGNOSTICS_KEY.path)
    run_config = {**QUIET_RUN_CONFIG, "ops": {op_name: {"config": {"views": list(views)}}}}
    with dagster_instance(settings) as instance:
        result = job.execute_in_process(instance=instance, partition_key=cycle_id, run_config=run_config,
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
