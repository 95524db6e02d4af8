"""Run the nightly job in this process and report what it loaded per stream and what dbt built."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

import dagster as dg

from pipelines.dbt.partitions import range_tags
from pipelines.dbt.summary import BuildSummary, summarize
from pipelines.definitions import build_definitions
from pipelines.instance import dagster_instance
from pipelines.raw.assets import RAW_GROUP
from pipelines.schedules import NIGHTLY_JOB, nightly_tags
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
    build: BuildSummary | None  # None when the run did not transform


def missing_secrets(settings: Settings, streams: list[str] | None = None) -> list[tuple[str, str]]:
    """(system, variable) for each system the run needs whose secret is not in the environment."""
    needed = {stream.split("/")[0] for stream in streams} if streams else set(settings.systems)
    return [
        (name, system.secret_env)
        for name, system in sorted(settings.systems.items())
        if name in needed and system.secret_env and not os.environ.get(system.secret_env)
    ]


def run_nightly(settings: Settings, streams: list[str] | None = None, transform: bool = True,
                sources_now: datetime | None = None) -> NightlyRun:
    """Load `streams` (all by default), then build dbt from the whole raw zone (unless `transform` is off).
    `sources_now` is the sources' clock when it is not this machine's (the demo's): it decides which months
    are open for the monthly marts."""
    defs = build_definitions(settings)
    job = defs.resolve_job_def(NIGHTLY_JOB)
    graph = defs.resolve_asset_graph()
    raw_keys = {key for key in graph.get_all_asset_keys() if graph.get(key).group_name == RAW_GROUP}
    chosen = {dg.AssetKey(["raw", *s.split("/")]) for s in streams} if streams else raw_keys
    nightly_keys = set(job.asset_layer.executable_asset_keys)  # not the reports: they have their own jobs
    selection = chosen | (nightly_keys - raw_keys if transform else set())
    with dagster_instance(settings) as instance:
        nightly_assets = [a for a in defs.assets if set(a.keys) <= nightly_keys]
        tags = nightly_tags(instance, nightly_assets, sources_now) if transform else {}
        result = job.execute_in_process(instance=instance, run_config=QUIET_RUN_CONFIG, asset_selection=list(selection),
                                        tags=tags, raise_on_error=False)
        build = summarize(result.run_id, result.success, result.all_events) if transform else None
        return NightlyRun(result.run_id, result.success, _loads(result), _failures(result), build)


def rebuild_months(settings: Settings, first_month: str, last_month: str) -> dg.ExecuteInProcessResult:
    """A single-run backfill of the monthly marts from `first_month` to `last_month` (partition keys,
    'YYYY-MM-01'), as the Dagster UI launches one, from the raw data as it is."""
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    job = defs.resolve_job_def(NIGHTLY_JOB)
    monthly = [key for key in job.asset_layer.executable_asset_keys if graph.get(key).partitions_def is not None]
    with dagster_instance(settings) as instance:
        return job.execute_in_process(
            instance=instance, run_config=QUIET_RUN_CONFIG, asset_selection=monthly, raise_on_error=False,
            tags=range_tags(dg.PartitionKeyRange(first_month, last_month)))


def _loads(result: dg.ExecuteInProcessResult) -> list[StreamLoad]:
    loads = []
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if materialization.asset_key.path[0] != "raw":
            continue
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
            message = _message(data.error.message)
            if not message.startswith("Exceeded max_retries"):
                last_error[event.step_key] = message
            last_error.setdefault(event.step_key, message)
    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    return [f"{step}: {last_error[step]}" for step in dict.fromkeys(failed)]


def _message(error_message: str) -> str:
    """The failure's own words: a `dagster.Failure` raised by an asset carries them after the class name."""
    message = error_message.strip()
    for prefix in (f"{dg.Failure.__module__}.{dg.Failure.__name__}: ", "dagster.Failure: "):
        message = message.removeprefix(prefix)
    return message
