"""The one Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

from __future__ import annotations

import dagster as dg

from pipelines.dbt.assets import build_dbt_assets
from pipelines.dbt.resources import build_dbt_resources
from pipelines.raw.assets import build_raw_assets
from pipelines.raw.resources import build_resources
from pipelines.reports.assets import build_pack_assets
from pipelines.reports.diagnostics import build_diagnostics_asset, diagnostics_job
from pipelines.reports.schedules import pack_jobs, packs_sensor
from pipelines.schedules import nightly_job, nightly_schedule
from settings import Settings, load_settings


def build_definitions(settings: Settings) -> dg.Definitions:
    assets = [*build_raw_assets(set(settings.systems)), *build_dbt_assets(settings)]
    job = nightly_job(assets)
    packs = build_pack_assets(settings, assets)
    diagnostics = build_diagnostics_asset(settings, assets)
    report_jobs = pack_jobs()
    return dg.Definitions(
        assets=[*assets, *packs, diagnostics],
        jobs=[job, *report_jobs, diagnostics_job(diagnostics)],
        schedules=[nightly_schedule(settings, job, assets)],
        sensors=[packs_sensor(settings, job, report_jobs)],
        resources={**build_resources(settings), **build_dbt_resources(settings)},
    )


@dg.definitions
def defs() -> dg.Definitions:
    # Read at load time, not import time, so tests can point PERFLOOP_CONFIG elsewhere.
    return build_definitions(load_settings())
