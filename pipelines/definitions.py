"""The one Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

import dagster as dg

from pipelines.raw.assets import build_raw_assets
from pipelines.raw.resources import build_resources
from pipelines.schedules import nightly_job, nightly_schedule
from settings import Settings, load_settings


def build_definitions(settings: Settings) -> dg.Definitions:
    job = nightly_job()
    return dg.Definitions(
        assets=build_raw_assets(set(settings.systems)),
        jobs=[job],
        schedules=[nightly_schedule(settings, job)],
        resources=build_resources(settings),
    )


@dg.definitions
def defs() -> dg.Definitions:
    # Read at load time, not import time, so tests can point PERFLOOP_CONFIG elsewhere.
    return build_definitions(load_settings())
