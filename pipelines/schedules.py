"""The nightly job (load every raw stream, then `dbt build`) and its schedule (time and zone from the config).

The job holds the monthly-partitioned marts too, so each night is one run over a range of months: the open
months, and any month never built (all of them on the first night).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Sequence

import dagster as dg

from pipelines.dbt.concurrency import WAREHOUSE_TAG
from pipelines.dbt.partitions import months_built, nightly_months, range_tags
from settings import Settings

NIGHTLY_JOB = "nightly"


def nightly_job(assets: Sequence[dg.AssetsDefinition]) -> dg.UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        NIGHTLY_JOB,
        selection=dg.AssetSelection.assets(*assets),
        config={"execution": {"config": {"multiprocess": {"tag_concurrency_limits": [
            {"key": key, "value": value, "limit": 1} for key, value in WAREHOUSE_TAG.items()]}}}},
        description="Nightly: every raw stream incrementally from its last cursor (each batch checked before it "
                    "is written), then `dbt build` of the models, their tests and the open months of the "
                    "monthly marts.",
    )


def nightly_tags(instance: dg.DagsterInstance, assets: Sequence[dg.AssetsDefinition],
                 now: datetime | None = None) -> dict[str, str]:
    """Run tags for a nightly run: the range of months the monthly marts rebuild (none without such marts).
    `now` is the sources' clock, never later than this machine's (the partitions end at its month)."""
    monthly = [a for a in assets if a.partitions_def is not None]
    if not monthly:
        return {}
    keys = [key for definition in monthly for key in definition.keys]
    machine_now = datetime.now(timezone.utc)
    clock = min(now, machine_now) if now else machine_now
    return range_tags(nightly_months(monthly[0].partitions_def, months_built(instance, keys), clock))


def nightly_schedule(settings: Settings, job: dg.UnresolvedAssetJobDefinition,
                     assets: Sequence[dg.AssetsDefinition]) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="nightly_schedule",
        job=job,
        cron_schedule=settings.schedule.cron,
        execution_timezone=settings.schedule.timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Every day at {settings.schedule.time:%H:%M} ({settings.schedule.timezone}).",
    )
    def _nightly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        return dg.RunRequest(tags=nightly_tags(context.instance, assets, context.scheduled_execution_time))

    return _nightly
