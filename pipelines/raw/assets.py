"""One Dagster asset per raw stream, keyed `raw/<system>/<stream>` like the dbt sources. Each batch passes the
stream's ingestion checks before it is written; their results are the asset's checks."""

import logging
import time
from typing import Iterator

import dagster as dg

from checks import BatchGate
from connectors.catalog import STREAMS, StreamSpec
from connectors.errors import ConnectorError, RetriesExhausted
from connectors.sync import sync_stream
from pipelines.raw.checks import ingestion_check_results, ingestion_check_specs

RAW_GROUP = "raw"
OWNER = "team:data"
PROGRESS_EVERY_S = 2.0
progress_log = logging.getLogger("perfloop.progress")

# Transient failures (rate limits past the client's budget, outages) get a later second chance.
TRANSIENT_RETRY = dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)


def raw_asset_key(spec: StreamSpec) -> dg.AssetKey:
    return dg.AssetKey(["raw", spec.system, spec.name])


def build_raw_asset(spec: StreamSpec) -> dg.AssetsDefinition:
    key = raw_asset_key(spec)

    @dg.asset(
        key=key,
        group_name=RAW_GROUP,
        description=spec.description,
        owners=[OWNER],
        kinds={"python", "parquet"},
        required_resource_keys={spec.system, "raw_zone"},
        retry_policy=TRANSIENT_RETRY,
        metadata={"system": spec.system, "record_key": spec.record_key, "cursor_kind": spec.cursor_kind},
        deps=[dg.AssetKey(["raw", *stream.split("/")]) for stream in spec.depends_on],  # checked against them
        check_specs=ingestion_check_specs(key, spec.qualified_name),
    )
    def _raw_stream(context: dg.AssetExecutionContext) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        zone = context.resources.raw_zone
        endpoint = getattr(context.resources, spec.system).endpoint()
        gate = BatchGate(spec.qualified_name, context.run.run_id, zone.quarantine_path)
        try:
            result = sync_stream(
                spec,
                endpoint,
                zone.policy(),
                zone.raw_path,
                zone.state_path,
                load_id=context.run.run_id,
                batch_records=zone.batch_records,
                on_progress=_progress_reporter(spec),
                validate_batch=gate,
            )
        except ConnectorError as exc:
            yield from ingestion_check_results(key, gate.summary)
            # Only an outage that outlasted the client's own retries deserves a later try; a wrong token,
            # a spent quota, a bad request or a rejected batch fails the same way every time.
            raise dg.Failure(str(exc), allow_retries=isinstance(exc, RetriesExhausted)) from None
        progress_log.info("%s/%s: %d records loaded in %.1f s (checks %.1f s)", spec.system, spec.name,
                          result.records, result.duration_s, gate.summary.seconds)
        yield dg.MaterializeResult(
            check_results=list(ingestion_check_results(key, gate.summary)),
            metadata={
                "records_loaded": result.records,
                "deleted_records": result.deleted,
                "batches": result.batches,
                "cursor_before": result.cursor_before or "",
                "cursor": result.cursor_after or "",
                "duration_s": round(result.duration_s, 3),
                "load_id": result.load_id,
                "validation_s": round(gate.summary.seconds, 3),
            },
        )

    return _raw_stream


def _progress_reporter(spec: StreamSpec):
    last = [time.monotonic()]

    def report(records: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S:
            last[0] = now
            progress_log.info("%s/%s: %d records so far…", spec.system, spec.name, records)

    return report


def build_raw_assets(systems: set[str]) -> list[dg.AssetsDefinition]:
    """Assets for the streams of the systems the config declares."""
    return [build_raw_asset(spec) for spec in STREAMS if spec.system in systems]
