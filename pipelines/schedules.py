"""The nightly job and its schedule (time and zone from the config)."""

from __future__ import annotations

import dagster as dg

from pipelines.raw.assets import RAW_GROUP
from settings import Settings

NIGHTLY_JOB = "nightly"


def nightly_job() -> dg.UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        NIGHTLY_JOB,
        selection=dg.AssetSelection.groups(RAW_GROUP),
        description="Nightly load: every raw stream, incrementally from its last cursor.",
    )


def nightly_schedule(settings: Settings, job: dg.UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="nightly_schedule",
        job=job,
        cron_schedule=settings.schedule.cron,
        execution_timezone=settings.schedule.timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Every day at {settings.schedule.time:%H:%M} ({settings.schedule.timezone}).",
    )
