"""Reports wait for clean data: a blocking (critical) check whose latest evaluation failed stops them.

Dagster's blocking checks only stop downstream steps of the same run; a report materialized in a later run
(the CLI, a backfill, the UI) asks the instance for each critical check's latest result instead."""

from __future__ import annotations

from typing import Iterable, Sequence

import dagster as dg
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus


def critical_check_keys(assets: Iterable[dg.AssetsDefinition]) -> list[dg.AssetCheckKey]:
    """The blocking checks of these assets (ingestion criticals, dbt tests of severity error)."""
    return sorted({spec.key for definition in assets for spec in definition.check_specs if spec.blocking},
                  key=lambda key: key.to_user_string())


def failed_critical_checks(instance: dg.DagsterInstance, keys: Sequence[dg.AssetCheckKey]) -> list[str]:
    """`asset:check` names whose latest evaluation failed, sorted."""
    if not keys:
        return []
    latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(list(keys))
    return sorted(key.to_user_string() for key, record in latest.items()
                  if record.status == AssetCheckExecutionRecordStatus.FAILED)
