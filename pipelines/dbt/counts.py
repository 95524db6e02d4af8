"""Row counts of the marts a dbt run built, read once dbt has finished.

DuckDB lets one process hold its file; dbt holds it for the whole run, so the count waits for the end, and
the connection here is read-only and closed at once. Other warehouses show no count.
"""

from __future__ import annotations

import logging

import duckdb
from dagster_dbt import DbtCliInvocation

from pipelines.dbt.translator import layer_of

log = logging.getLogger(__name__)

COUNTED_MATERIALIZATIONS = ("table", "incremental")


def mart_row_counts(invocation: DbtCliInvocation, warehouse_path: str) -> dict[str, int]:
    """{dbt unique_id: rows} for each mart table the run built successfully."""
    if invocation.manifest.get("metadata", {}).get("adapter_type") != "duckdb":
        return {}
    marts = {uid: node["relation_name"] for uid, node in _built_nodes(invocation)
             if layer_of(node) == "marts" and node["config"]["materialized"] in COUNTED_MATERIALIZATIONS}
    if not marts:
        return {}
    with duckdb.connect(warehouse_path, read_only=True) as warehouse:
        return {uid: warehouse.execute(f"select count(*) from {relation}").fetchall()[0][0]
                for uid, relation in marts.items()}


def _built_nodes(invocation: DbtCliInvocation):
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except FileNotFoundError:
        return
    nodes = invocation.manifest["nodes"]
    for result in results:
        if result["status"] == "success" and result["unique_id"] in nodes:
            yield result["unique_id"], nodes[result["unique_id"]]
