"""The one Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

import dagster as dg

from pipelines.dbt.assets import build_dbt_assets
from pipelines.dbt.resources import build_dbt_resources
from pipelines.raw.assets import build_raw_assets
from pipelines.raw.resources import build_resources
from pipelines.reports.diagnostics import build_diagnostics_asset, diagnostics_job
from pipelines.schedules import nightly_job, nightly_schedule
from settings import Settings, load_settings


def build_definitions(settings: Settings) -> dg.Definitions:
    assets = [*build_raw_assets(set(settings.systems)), *build_dbt_assets(settings)]
    job = nightly_job(assets)
    diagnostics = build_diagnostics_asset(settings, assets)
    return dg.Definitions(
        assets=[*assets, diagnostics],
        jobs=[job, diagnostics_job(diagnostics)],
        schedules=[nightly_schedule(settings, job, assets)],
        resources={**build_resources(settings), **build_dbt_resources(settings)},
    )


@dg.definitions
def defs() -> dg.Definitions:
    # Read at load time, not import time, so tests can point PERFLOOP_CONFIG elsewhere.
    return build_definitions(load_settings())
