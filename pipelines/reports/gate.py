"""A report is blocked while a critical (blocking) check upstream of it failed its latest evaluation: the marts
may be wrong, so the last good output stays. The checks are found once, from the asset definitions the report
reads from; each run asks the instance for their latest results."""

from __future__ import annotations

from typing import Iterable, Sequence

import dagster as dg
from dagster._core.definitions.assets.graph.asset_graph import AssetGraph
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus


def blocking_checks_upstream(assets: Iterable[dg.AssetsDefinition],
                             reads: Iterable[dg.AssetKey]) -> list[dg.AssetCheckKey]:
    """The blocking checks on the assets `reads` names and on everything upstream of them."""
    graph = AssetGraph.from_assets(list(assets))
    upstream: set[dg.AssetKey] = set()
    for key in reads:
        if graph.has(key):
            upstream |= graph.get_ancestor_asset_keys(key, include_self=True)
    return sorted((key for key in graph.asset_check_keys
                   if key.asset_key in upstream and graph.get_check_spec(key).blocking), key=str)


def raise_if_blocked(instance: dg.DagsterInstance, checks: Sequence[dg.AssetCheckKey], output: str) -> None:
    latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(list(checks))
    failed = sorted(key.to_user_string() for key, record in latest.items()
                    if record.status == AssetCheckExecutionRecordStatus.FAILED)
    if failed:
        shown = ", ".join(failed[:5]) + (f" and {len(failed) - 5} more" if len(failed) > 5 else "")
        raise dg.Failure(description=f"blocked: critical checks failed upstream ({shown}); the last good {output} "
                                     "stay in place", allow_retries=False)
