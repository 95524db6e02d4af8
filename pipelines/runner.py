"""Run the nightly job in this process and report, per stream, what it loaded."""

from __future__ import annotations

import os
from dataclasses import dataclass

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.schedules import NIGHTLY_JOB
from settings import Settings

# Dagster's own event log goes to its storage (and the UI); the terminal shows perfloop's progress lines.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass(frozen=True)
class StreamLoad:
    stream: str
    records: int
    deleted: int
    cursor: str
    duration_s: float


@dataclass(frozen=True)
class NightlyRun:
    run_id: str
    success: bool
    loads: list[StreamLoad]
    failures: list[str]


def dagster_instance(settings: Settings) -> dg.DagsterInstance:
    """The instance `dagster dev` also uses when DAGSTER_HOME points at the same folder."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    home = settings.paths.data_dir / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.local_temp(str(home))


def missing_secrets(settings: Settings, streams: list[str] | None = None) -> list[tuple[str, str]]:
    """(system, variable) for each system the run needs whose secret is not in the environment."""
    needed = {stream.split("/")[0] for stream in streams} if streams else set(settings.systems)
    return [
        (name, system.secret_env)
        for name, system in sorted(settings.systems.items())
        if name in needed and system.secret_env and not os.environ.get(system.secret_env)
    ]


def run_nightly(settings: Settings, streams: list[str] | None = None) -> NightlyRun:
    defs = build_definitions(settings)
    job = defs.resolve_job_def(NIGHTLY_JOB)
    selection = [dg.AssetKey(["raw", *s.split("/")]) for s in streams] if streams else None
    with dagster_instance(settings) as instance:
        result = job.execute_in_process(
            instance=instance, run_config=QUIET_RUN_CONFIG, asset_selection=selection, raise_on_error=False
        )
        return NightlyRun(result.run_id, result.success, _loads(result), _failures(result))


def _loads(result: dg.ExecuteInProcessResult) -> list[StreamLoad]:
    loads = []
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        meta = {k: v.value for k, v in materialization.metadata.items()}
        loads.append(
            StreamLoad(
                stream="/".join(materialization.asset_key.path[1:]),
                records=int(meta.get("records_loaded", 0)),
                deleted=int(meta.get("deleted_records", 0)),
                cursor=str(meta.get("cursor", "")),
                duration_s=float(meta.get("duration_s", 0.0)),
            )
        )
    return sorted(loads, key=lambda load: load.stream)


def _failures(result: dg.ExecuteInProcessResult) -> list[str]:
    """One line per failed step with the connector's own message (not Dagster's "Exceeded max_retries")."""
    last_error: dict[str, str] = {}
    for event in result.all_events:
        if not (event.is_step_up_for_retry or event.is_step_failure):
            continue
        data = event.step_retry_data if event.is_step_up_for_retry else event.step_failure_data
        if data and data.error:
            message = data.error.message.strip()
            if not message.startswith("Exceeded max_retries"):
                last_error[event.step_key] = message
            last_error.setdefault(event.step_key, message)
    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    return [f"{step}: {last_error[step]}" for step in dict.fromkeys(failed)]
