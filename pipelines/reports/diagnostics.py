"""The org diagnostics as a Dagster asset, one partition per review cycle, downstream of the marts.

It reads the warehouse, so it takes the warehouse pool like dbt (DuckDB refuses a reader while a writer holds
the file). Before it reads, every critical check upstream must have passed its latest evaluation; otherwise
it fails and the last good report stays where it is."""

# No `from __future__ import annotations`: Dagster reads the annotations of the asset function and config.
from typing import Sequence

import dagster as dg

from pipelines.dbt.concurrency import WAREHOUSE_POOL, WAREHOUSE_TAG
from pipelines.dbt.translator import OWNER
from pipelines.reports.gate import UpstreamChecks, failed_checks
from pipelines.reports.partitions import cycle_partitions
from reports.diagnostics.deliver import VIEWS, build_report
from settings import Settings

DIAGNOSTICS_KEY = dg.AssetKey(["reports", "diagnostics"])
DIAGNOSTICS_JOB = "diagnostics"
REPORTS_GROUP = "reports"
MARTS_GROUP = "marts"
DEFAULT_MIN_GROUP_SIZE = 5


class DiagnosticsConfig(dg.Config):
    views: list[str] = list(VIEWS)


def min_group_size(settings: Settings) -> int:
    """`reports.diagnostics.min_group_size` from the configuration, 5 when it has no reports section."""
    reports = getattr(settings, "reports", None)
    return reports.diagnostics.min_group_size if reports is not None else DEFAULT_MIN_GROUP_SIZE


def mart_deps(upstream: Sequence[dg.AssetsDefinition]) -> list[dg.AssetDep]:
    """Every mart; a monthly-partitioned one is needed whole (all its months) by each cycle."""
    deps = []
    for definition in upstream:
        for key, group in sorted(definition.group_names_by_key.items(), key=lambda item: item[0].to_user_string()):
            if group == MARTS_GROUP:
                mapping = dg.AllPartitionMapping() if definition.partitions_def is not None else None
                deps.append(dg.AssetDep(key, partition_mapping=mapping))
    return deps


def build_diagnostics_asset(settings: Settings, upstream: Sequence[dg.AssetsDefinition]) -> dg.AssetsDefinition:
    checks = UpstreamChecks.of(upstream)
    group_size = min_group_size(settings)

    @dg.asset(
        key=DIAGNOSTICS_KEY, partitions_def=cycle_partitions(settings), deps=mart_deps(upstream),
        group_name=REPORTS_GROUP, owners=[OWNER], kinds={"html"}, pool=WAREHOUSE_POOL, op_tags=WAREHOUSE_TAG,
        description=f"Org diagnostics for HR per review cycle (DESIGN §6): an aggregate view (groups under "
                    f"{group_size} people suppressed) and an HR view, each an HTML page with CSV/JSON twins, in "
                    f"{settings.paths.output_dir}/diagnostics/<cycle>/. Blocked by any failed critical check; failed "
                    f"warning checks are listed in its coverage section.",
    )
    def diagnostics(context: dg.AssetExecutionContext, config: DiagnosticsConfig) -> dg.MaterializeResult:
        unknown = sorted(set(config.views) - set(VIEWS))
        if unknown:
            raise dg.Failure(f"unknown diagnostics view(s) {', '.join(unknown)} (known: {', '.join(VIEWS)})")
        failed = failed_checks(context.instance, checks)
        if failed.critical:
            raise dg.Failure(description=f"diagnostics for {context.partition_key} not rebuilt, the last good "
                                         f"report stays: critical checks failed: {', '.join(failed.critical)}",
                             allow_retries=False)
        written = build_report(settings.paths.warehouse, settings.paths.output_dir, context.partition_key,
                               [v for v in VIEWS if v in config.views], group_size, settings.company.name,
                               failed.warnings)
        metadata = {"min_group_size": group_size, "failed_warning_checks": len(failed.warnings)}
        for view in written:
            metadata[f"{view.view}_html"] = dg.MetadataValue.path(str(view.html))
            metadata[f"{view.view}_findings"] = view.findings
            metadata[f"{view.view}_tables"] = view.tables
        return dg.MaterializeResult(metadata=metadata)

    return diagnostics


def diagnostics_job(asset: dg.AssetsDefinition) -> "dg.UnresolvedAssetJobDefinition":
    return dg.define_asset_job(DIAGNOSTICS_JOB, selection=dg.AssetSelection.assets(asset),
                               description="Org diagnostics for one review cycle (partition), both views.")
