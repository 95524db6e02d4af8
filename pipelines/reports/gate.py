"""A report is blocked while a critical (blocking) check upstream of it failed its latest evaluation: the marts
may be wrong, so the last good output stays."""

from __future__ import annotations

import dagster as dg
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus


def failed_critical_checks(context: dg.AssetExecutionContext) -> list[str]:
    """`asset:check` names of the blocking checks upstream whose latest evaluation failed."""
    graph = context.repository_def.asset_graph
    upstream = graph.get_ancestor_asset_keys({context.asset_key})
    blocking = [key for key in graph.asset_check_keys
                if key.asset_key in upstream and graph.get_check_spec(key).blocking]
    latest = context.instance.event_log_storage.get_latest_asset_check_execution_by_key(blocking)
    return sorted(key.to_user_string() for key, record in latest.items()
                  if record.status == AssetCheckExecutionRecordStatus.FAILED)


def raise_if_blocked(context: dg.AssetExecutionContext, output: str) -> None:
    failed = failed_critical_checks(context)
    if failed:
        shown = ", ".join(failed[:5]) + (f" and {len(failed) - 5} more" if len(failed) > 5 else "")
        raise dg.Failure(description=f"blocked: critical checks failed upstream ({shown}); the last good {output} "
                                     "stay in place", allow_retries=False)
