"""The org diagnostics as a Dagster asset, one partition per review cycle, downstream of the marts.

It reads the warehouse, so it takes the warehouse pool like dbt (DuckDB refuses a reader while a writer holds
the file). A failed critical check upstream blocks it and the last good report stays (pipelines/reports/gate.py,
as for the packs); failed warning checks are listed in the report's coverage section."""

# No `from __future__ import annotations`: Dagster reads the annotations of the asset function and config.
from typing import Sequence

import dagster as dg
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus

from pipelines.dbt.concurrency import WAREHOUSE_POOL, WAREHOUSE_TAG
from pipelines.reports.gate import blocking_checks_upstream, raise_if_blocked
from pipelines.reports.partitions import cycle_id, cycle_partitions
from reports.diagnostics.deliver import VIEWS, build_report
from settings import Settings

DIAGNOSTICS_KEY = dg.AssetKey(["reports", "diagnostics"])
DIAGNOSTICS_JOB = "diagnostics"
REPORTS_GROUP = "reports"
OWNER = "team:people"
MARTS_GROUP = "marts"


class DiagnosticsConfig(dg.Config):
    views: list[str] = list(VIEWS)


def mart_keys(upstream: Sequence[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    """Every mart: the diagnostics read their own marts and the goal, org and data-quality ones."""
    return sorted((key for definition in upstream for key, group in definition.group_names_by_key.items()
                   if group == MARTS_GROUP), key=lambda key: key.to_user_string())


def failed_warning_checks(instance: dg.DagsterInstance, upstream: Sequence[dg.AssetsDefinition]) -> list[str]:
    """`asset:check` names of the non-blocking checks whose latest evaluation failed."""
    keys = [spec.key for definition in upstream for spec in definition.check_specs if not spec.blocking]
    latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(keys) if keys else {}
    return sorted(key.to_user_string() for key, record in latest.items()
                  if record.status == AssetCheckExecutionRecordStatus.FAILED)


def build_diagnostics_asset(settings: Settings, upstream: Sequence[dg.AssetsDefinition]) -> dg.AssetsDefinition:
    """`upstream`: the raw and dbt assets; the blocking checks on the marts and above them gate the report."""
    marts = mart_keys(upstream)
    critical = blocking_checks_upstream(upstream, marts)
    group_size = settings.reports.diagnostics.min_group_size

    @dg.asset(
        key=DIAGNOSTICS_KEY, partitions_def=cycle_partitions(settings), deps=marts, group_name=REPORTS_GROUP,
        owners=[OWNER], kinds={"html", "json"}, pool=WAREHOUSE_POOL, op_tags=WAREHOUSE_TAG,
        description=f"Org diagnostics for HR per review cycle (DESIGN §6): an aggregate view (groups under "
                    f"{group_size} people suppressed) and an HR view, each an HTML page with CSV/JSON twins, in "
                    f"<output_dir>/diagnostics/<cycle>/<view>/. Blocked (the last good report stays) while a "
                    f"critical check upstream fails; failed warning checks are listed in its coverage section.",
    )
    def diagnostics(context: dg.AssetExecutionContext, config: DiagnosticsConfig) -> dg.MaterializeResult:
        unknown = sorted(set(config.views) - set(VIEWS))
        if unknown:
            raise dg.Failure(f"unknown diagnostics view(s) {', '.join(unknown)} (known: {', '.join(VIEWS)})")
        raise_if_blocked(context.instance, critical, "diagnostics")
        warnings = failed_warning_checks(context.instance, upstream)
        cycle = cycle_id(context.partition_key, settings.review_cycles.months)
        written = build_report(settings.paths.warehouse, settings.paths.output_dir, cycle,
                               [v for v in VIEWS if v in config.views], group_size, settings.company.name, warnings)
        metadata = {"cycle": cycle, "min_group_size": group_size, "failed_warning_checks": len(warnings)}
        for view in written:
            metadata[f"{view.view}_html"] = dg.MetadataValue.path(str(view.html))
            metadata[f"{view.view}_findings"] = view.findings
            metadata[f"{view.view}_tables"] = view.tables
        return dg.MaterializeResult(metadata=metadata)

    return diagnostics


def diagnostics_job(asset: dg.AssetsDefinition) -> "dg.UnresolvedAssetJobDefinition":
    return dg.define_asset_job(DIAGNOSTICS_JOB, selection=dg.AssetSelection.assets(asset),
                               description="Org diagnostics for one review cycle (partition), both views.")
