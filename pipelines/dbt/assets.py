"""dbt models as Dagster assets: `dbt build` (models and data tests) through dagster-dbt. Unit tests check the
SQL, not the data: they run in the test suite (`make test`), not every night.

Two asset definitions share the project: the monthly-partitioned marts (dbt tag `monthly`, single-run
backfills, the window passed as vars) and every other model. Dagster orders them by lineage, splitting a
definition into several steps where a partitioned mart sits between unpartitioned models. A failing
`error`-severity test fails the step after dbt has skipped what depends on it, so the last good marts stay.
"""

# No `from __future__ import annotations` here: Dagster reads the `context` annotation of an asset function.
import json
import logging
import time
from pathlib import Path
from typing import Any, Iterator

import dagster as dg
from dagster_dbt import DbtCliInvocation, DbtCliResource, DbtProject, dbt_assets

from pipelines.dbt.concurrency import WAREHOUSE_POOL, WAREHOUSE_TAG
from pipelines.dbt.counts import mart_row_counts
from pipelines.dbt.partitions import MONTHLY_TAG, dbt_window_vars, monthly_partitions
from pipelines.dbt.project import dbt_project
from pipelines.dbt.resources import TransformSettings
from pipelines.dbt.translator import PerfloopDbtTranslator
from settings import Settings

progress_log = logging.getLogger("perfloop.progress")

FAILED_STATUSES = ("error", "fail")


def build_dbt_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    project = dbt_project()
    translator = PerfloopDbtTranslator()
    definitions = [_models(project, translator)]
    if _has_tag(project.manifest_path, MONTHLY_TAG):
        definitions.append(_monthly_models(project, translator, monthly_partitions(settings)))
    return definitions


def _models(project: DbtProject, translator: PerfloopDbtTranslator) -> dg.AssetsDefinition:
    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=translator,
                exclude=f"tag:{MONTHLY_TAG}", name="dbt_models", pool=WAREHOUSE_POOL, op_tags=WAREHOUSE_TAG)
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, transform: TransformSettings):
        yield from dbt_build(context, dbt, transform, transform.dbt_vars())

    return dbt_models


def _monthly_models(project: DbtProject, translator: PerfloopDbtTranslator,
                    partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=translator,
                select=f"tag:{MONTHLY_TAG}", name="dbt_monthly_models", pool=WAREHOUSE_POOL, op_tags=WAREHOUSE_TAG,
                partitions_def=partitions, backfill_policy=dg.BackfillPolicy.single_run())
    def dbt_monthly_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, transform: TransformSettings):
        window_vars = dbt_window_vars(context.partition_time_window)
        yield from dbt_build(context, dbt, transform, transform.dbt_vars(window_vars))

    return dbt_monthly_models


def dbt_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, transform: TransformSettings,
              dbt_vars: dict[str, Any]) -> Iterator[Any]:
    """Run `dbt build` for the selected models, then yield its events with the marts' row counts attached
    (counted once dbt has let go of the warehouse: DuckDB allows one process at a time)."""
    started = time.monotonic()
    window = _window_text(dbt_vars)
    progress_log.info("dbt build of %d models%s…", len(context.selected_asset_keys), window)
    artifacts = Path(transform.artifacts_dir) / context.op_execution_context.op.name
    command = ["build", "--exclude-resource-type", "unit_test", "--vars", json.dumps(dbt_vars, sort_keys=True)]
    invocation = dbt.cli(command, context=context, raise_on_error=False, target_path=artifacts)
    events = list(invocation.stream())
    counts = mart_row_counts(invocation, transform.warehouse_path)
    progress_log.info("dbt build%s finished in %.0f s", window, time.monotonic() - started)
    for event in events:
        yield _with_row_count(event, counts)
    if not invocation.is_successful():
        raise dg.Failure(description=failure_summary(invocation), allow_retries=False)


def _window_text(dbt_vars: dict[str, Any]) -> str:
    if "partition_start" not in dbt_vars:
        return ""
    return f" (months from {dbt_vars['partition_start']} up to {dbt_vars['partition_end']})"


def _with_row_count(event: Any, counts: dict[str, int]) -> Any:
    unique_id = event.metadata.get("unique_id") if isinstance(event, dg.Output) else None
    if unique_id is not None and unique_id.value in counts:
        return event.with_metadata({**event.metadata, "dagster/row_count": counts[unique_id.value]})
    return event


def failure_summary(invocation: DbtCliInvocation) -> str:
    """`dbt build failed: test not_null_x_y fail (3 rows); model z error (...)`, from run_results.json."""
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except (FileNotFoundError, KeyError):
        return "dbt build failed before it produced results; see the step's logs"
    failed = [f"{_node_name(r['unique_id'])} {r['status']} ({(r.get('message') or '').strip()[:200]})"
              for r in results if r["status"] in FAILED_STATUSES]
    return "dbt build failed: " + "; ".join(failed)


def _node_name(unique_id: str) -> str:
    """`test not_null_stg_x_id` from `test.perfloop.not_null_stg_x_id.3d41527d0b`."""
    kind, _project, name, *_ = unique_id.split(".")
    return f"{kind} {name}"


def _has_tag(manifest_path: Path, tag: str) -> bool:
    nodes = json.loads(manifest_path.read_text())["nodes"].values()
    return any(node["resource_type"] == "model" and tag in node.get("tags", []) for node in nodes)
